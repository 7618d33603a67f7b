package tenants

import (
	"context"
	"crypto/rand"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"strings"
	"sync"
	"time"

	"go.mau.fi/whatsmeow/types"
	"go.mau.fi/whatsmeow/types/events"

	"vendeai/app"
)

// SandboxConfig tunes the simulated WhatsApp. Zero values take whatsmeow's
// own cadence (a first QR of 60 s, then five of 20 s).
type SandboxConfig struct {
	QRFirst time.Duration
	QRNext  time.Duration
	QRCount int
	// ConnectDelay is the simulated handshake of a paired device.
	ConnectDelay time.Duration
	// HealDelay is how long a "disconnect" fault lasts before it heals.
	HealDelay time.Duration
	// BanDuration is the expiry a "temporary_ban" fault announces.
	BanDuration time.Duration
	// OutboxLimit bounds the messages kept per empresa (oldest dropped).
	OutboxLimit int
}

// Sandbox is the in-process simulated WhatsApp (VENDEAI_WHATSAPP=sandbox).
// Its clients speak whatsmeow's events, so the sessions, their state
// machine and the handlers behave exactly as with the real thing. Pairings
// are kept in each empresa's DB, so the boot-time reconnection works the
// same too.
type Sandbox struct {
	cfg SandboxConfig

	mu     sync.Mutex
	outbox map[int][]app.OutboxMessage
	// contacts are the numbers on the sandbox's WhatsApp, per empresa, by
	// their exact form; byCanonical finds them by either form
	// (sandbox_contacts.go).
	contacts    map[int]map[string]sandboxContact
	byCanonical map[int]map[string]string
}

// NewSandbox returns the sandbox transport.
func NewSandbox(cfg SandboxConfig) *Sandbox {
	if cfg.QRFirst <= 0 {
		cfg.QRFirst = 60 * time.Second
	}
	if cfg.QRNext <= 0 {
		cfg.QRNext = 20 * time.Second
	}
	if cfg.QRCount <= 0 {
		cfg.QRCount = 6
	}
	if cfg.ConnectDelay <= 0 {
		cfg.ConnectDelay = 50 * time.Millisecond
	}
	if cfg.HealDelay <= 0 {
		cfg.HealDelay = 2 * time.Second
	}
	if cfg.BanDuration <= 0 {
		cfg.BanDuration = time.Minute
	}
	if cfg.OutboxLimit <= 0 {
		cfg.OutboxLimit = 500
	}
	return &Sandbox{cfg: cfg, outbox: map[int][]app.OutboxMessage{},
		contacts: map[int]map[string]sandboxContact{}, byCanonical: map[int]map[string]string{}}
}

func (sb *Sandbox) Paired(ctx context.Context, store app.DeviceStore) (bool, error) {
	_, ok, err := store.SandboxDevice(ctx)
	return ok, err
}

func (sb *Sandbox) Forget(ctx context.Context, store app.DeviceStore) error {
	return store.DeleteSandboxDevice(ctx)
}

func (sb *Sandbox) NewClient(ctx context.Context, cfg ClientConfig) (Client, error) {
	dev, ok, err := cfg.Store.SandboxDevice(ctx)
	if err != nil {
		return nil, err
	}
	c := &sandboxClient{sb: sb, cfg: cfg}
	if ok {
		c.dev = &dev
	}
	return c, nil
}

func (sb *Sandbox) record(id int, m app.OutboxMessage) {
	sb.mu.Lock()
	defer sb.mu.Unlock()
	list := append(sb.outbox[id], m)
	if len(list) > sb.cfg.OutboxLimit {
		list = append([]app.OutboxMessage(nil), list[len(list)-sb.cfg.OutboxLimit:]...)
	}
	sb.outbox[id] = list
}

func (sb *Sandbox) sent(id int) []app.OutboxMessage {
	sb.mu.Lock()
	defer sb.mu.Unlock()
	return append([]app.OutboxMessage{}, sb.outbox[id]...)
}

// sandboxClient plays one empresa's WhatsApp connection. Timers (no
// goroutines at rest) drive the QR rotation, the handshake and healing.
type sandboxClient struct {
	sb  *Sandbox
	cfg ClientConfig

	mu        sync.Mutex
	dev       *app.SandboxDevice
	connected bool
	pairing   bool
	codesLeft int
	pairPhone string
	timer     *time.Timer
	closed    bool
}

func (c *sandboxClient) IsPaired() bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.dev != nil
}

func (c *sandboxClient) Self() (string, string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.dev == nil {
		return "", ""
	}
	return sandboxJID(c.dev.Phone).String(), c.dev.PushName
}

func sandboxJID(phone string) types.JID {
	return types.JID{User: phone, Device: 12, Server: types.DefaultUserServer}
}

// after replaces the pending timer with f after d; f runs under c.mu and
// only while the client is open.
func (c *sandboxClient) after(d time.Duration, f func()) {
	if c.timer != nil {
		c.timer.Stop()
	}
	var t *time.Timer
	t = time.AfterFunc(d, func() {
		c.mu.Lock()
		defer c.mu.Unlock()
		if !c.closed && c.timer == t {
			c.timer = nil
			f()
		}
	})
	c.timer = t
}

func (c *sandboxClient) stopTimer() {
	if c.timer != nil {
		c.timer.Stop()
		c.timer = nil
	}
}

func (c *sandboxClient) Connect(ctx context.Context) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.closed {
		return fmt.Errorf("cliente encerrado")
	}
	if c.dev != nil {
		c.after(c.sb.cfg.ConnectDelay, c.login)
		return nil
	}
	c.pairing, c.codesLeft = true, c.sb.cfg.QRCount
	c.nextQR()
	return nil
}

// login completes a connection of a paired device (c.mu held).
func (c *sandboxClient) login() {
	if c.dev == nil {
		return
	}
	c.connected = true
	c.cfg.Events(&events.Connected{})
}

// nextQR shows the next code or, when they ran out, ends the pairing as
// whatsmeow's QR channel does (c.mu held).
func (c *sandboxClient) nextQR() {
	if !c.pairing {
		return
	}
	if c.codesLeft == 0 {
		c.pairing = false
		c.cfg.Events(QRDone{Event: QRTimeout})
		return
	}
	timeout := c.sb.cfg.QRNext
	if c.codesLeft == c.sb.cfg.QRCount {
		timeout = c.sb.cfg.QRFirst
	}
	c.codesLeft--
	c.cfg.Events(QRCode{Code: sandboxQRCode(), Timeout: timeout})
	c.after(timeout, c.nextQR)
}

// sandboxQRCode looks like a whatsmeow code: ref,noise key,identity key,adv secret.
func sandboxQRCode() string {
	parts := make([]string, 4)
	for i, n := range []int{24, 32, 32, 32} {
		b := make([]byte, n)
		rand.Read(b)
		parts[i] = base64.StdEncoding.EncodeToString(b)
	}
	return "2@" + strings.Join(parts, ",")
}

func (c *sandboxClient) Logout(ctx context.Context) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.stopTimer()
	c.connected, c.pairing, c.dev = false, false, nil
	return c.cfg.Store.DeleteSandboxDevice(ctx)
}

func (c *sandboxClient) Close() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.closed = true
	c.stopTimer()
	c.connected, c.pairing = false, false
}

func (c *sandboxClient) PairPhone(ctx context.Context, phone string) (string, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if !c.pairing {
		return "", fmt.Errorf("não está aguardando pareamento")
	}
	c.pairPhone = phone
	const alphabet = "123456789ABCDEFGHJKLMNPQRSTVWXYZ"
	b := make([]byte, 8)
	rand.Read(b)
	for i := range b {
		b[i] = alphabet[int(b[i])%len(alphabet)]
	}
	return string(b[:4]) + "-" + string(b[4:]), nil
}

func (c *sandboxClient) Send(ctx context.Context, to, text string) error {
	c.mu.Lock()
	connected := c.connected
	c.mu.Unlock()
	if !connected {
		return fmt.Errorf("sem conexão")
	}
	if err := c.sb.deliverable(c.cfg.EmpresaID, to); err != nil {
		return err
	}
	c.sb.record(c.cfg.EmpresaID, app.OutboxMessage{To: to, Text: text, Timestamp: time.Now().UTC()})
	return nil
}

func (c *sandboxClient) MarkRead(ctx context.Context, msg app.InboundMessage) error { return nil }
func (c *sandboxClient) Typing(ctx context.Context, to string) error                { return nil }

// scan completes the pending pairing as the phone would.
func (c *sandboxClient) scan(ctx context.Context, phone string) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	if !c.pairing {
		return app.Errorf(app.ECONFLICT, "a empresa %d não está aguardando a leitura de um QR; chame /api/bot/connect primeiro", c.cfg.EmpresaID)
	}
	if phone == "" {
		phone = c.pairPhone
	}
	if phone == "" {
		phone = fmt.Sprintf("55219%08d", c.cfg.EmpresaID%100000000)
	}
	dev := app.SandboxDevice{Phone: phone, PushName: "Sandbox " + phone[len(phone)-4:], PairedAt: time.Now().UTC()}
	if err := c.cfg.Store.SaveSandboxDevice(ctx, dev); err != nil {
		return err
	}
	c.stopTimer()
	c.pairing, c.dev = false, &dev
	jid := sandboxJID(phone)
	c.cfg.Events(QRDone{Event: QRSuccess})
	c.cfg.Events(&events.PairSuccess{ID: jid, Platform: "sandbox"})
	// whatsmeow reconnects after pairing (stream error 515) and then logs in.
	c.after(c.sb.cfg.ConnectDelay, c.login)
	return nil
}

// inbound delivers a customer's text as whatsmeow would.
func (c *sandboxClient) inbound(in app.SandboxInbound) error {
	from, pushName := in.From, in.PushName
	c.mu.Lock()
	defer c.mu.Unlock()
	if !c.connected {
		return app.Errorf(app.ENOTCONNECTED, "o WhatsApp da empresa %d não está conectado", c.cfg.EmpresaID)
	}
	id := make([]byte, 10)
	rand.Read(id)
	c.sb.wroteIn(c.cfg.EmpresaID, from)
	chat := types.NewJID(from, types.DefaultUserServer)
	msg := sandboxMessage(in)
	c.cfg.Events(&events.Message{
		Info: types.MessageInfo{
			MessageSource: types.MessageSource{Chat: chat, Sender: chat, AddressingMode: types.AddressingModePN},
			ID:            "3EB0" + strings.ToUpper(hex.EncodeToString(id)),
			Type:          "text", PushName: pushName, Timestamp: time.Now().UTC().Truncate(time.Second),
		},
		Message: msg, RawMessage: msg,
	})
	return nil
}

// fault plays what WhatsApp can do to a connection, as the same events.
func (c *sandboxClient) fault(kind string) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	switch kind {
	case app.FaultDisconnect:
		if !c.connected {
			return app.Errorf(app.ENOTCONNECTED, "o WhatsApp da empresa %d não está conectado", c.cfg.EmpresaID)
		}
		c.connected = false
		c.cfg.Events(&events.Disconnected{})
		c.after(c.sb.cfg.HealDelay, c.login) // whatsmeow's auto reconnect
	case app.FaultStreamReplaced:
		c.stopTimer()
		c.connected, c.pairing = false, false
		c.cfg.Events(&events.StreamReplaced{})
	case app.FaultLoggedOut:
		c.stopTimer()
		c.connected, c.pairing, c.dev = false, false, nil
		// whatsmeow deletes the device store itself on a logout.
		if err := c.cfg.Store.DeleteSandboxDevice(context.Background()); err != nil {
			return err
		}
		c.cfg.Events(&events.LoggedOut{Reason: events.ConnectFailureLoggedOut})
	case app.FaultTemporaryBan:
		c.stopTimer()
		c.connected, c.pairing = false, false
		c.cfg.Events(&events.TemporaryBan{Code: events.TempBanSentToTooManyPeople, Expire: c.sb.cfg.BanDuration})
	case app.FaultClientOutdated:
		c.stopTimer()
		c.connected, c.pairing = false, false
		c.cfg.Events(&events.ClientOutdated{})
	default:
		return app.CheckFault(kind)
	}
	return nil
}
