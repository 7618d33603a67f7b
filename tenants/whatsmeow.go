package tenants

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"go.mau.fi/whatsmeow"
	"go.mau.fi/whatsmeow/proto/waE2E"
	"go.mau.fi/whatsmeow/store/sqlstore"
	"go.mau.fi/whatsmeow/types"
	"go.mau.fi/whatsmeow/types/events"
	waLog "go.mau.fi/whatsmeow/util/log"
	"google.golang.org/protobuf/proto"

	"vendeai/app"
)

// WhatsmeowConfig tunes the whatsmeow transport.
type WhatsmeowConfig struct {
	// PairClientName is how the linked device shows in the phone's list
	// ("Browser (OS)", as WhatsApp validates it).
	PairClientName string
	// HTTPClient, when set, opens the websocket to WhatsApp (before and
	// after login) instead of whatsmeow's own client: a proxy, or in tests
	// a dialer that fails, so that no test ever leaves the loopback.
	HTTPClient *http.Client
}

// Whatsmeow is the real transport: whatsmeow with its device store in each
// empresa's own empresa.db.
type Whatsmeow struct {
	cfg WhatsmeowConfig
}

// NewWhatsmeow returns the whatsmeow transport.
func NewWhatsmeow(cfg WhatsmeowConfig) *Whatsmeow {
	if cfg.PairClientName == "" {
		cfg.PairClientName = "Chrome (Linux)"
	}
	return &Whatsmeow{cfg: cfg}
}

// deviceContainer is whatsmeow's store over the empresa's own empresa.db.
func deviceContainer(store app.DeviceStore, log waLog.Logger) *sqlstore.Container {
	if log == nil {
		log = waLog.Noop
	}
	return sqlstore.NewWithDB(store.SQL(), "sqlite3", log)
}

// Paired reports whether store holds a whatsmeow device with an identity.
func (w *Whatsmeow) Paired(ctx context.Context, store app.DeviceStore) (bool, error) {
	devices, err := deviceContainer(store, nil).GetAllDevices(ctx)
	if err != nil {
		return false, err
	}
	for _, d := range devices {
		if d.ID != nil {
			return true, nil
		}
	}
	return false, nil
}

// Forget deletes every whatsmeow device stored in store.
func (w *Whatsmeow) Forget(ctx context.Context, store app.DeviceStore) error {
	c := deviceContainer(store, nil)
	devices, err := c.GetAllDevices(ctx)
	if err != nil {
		return err
	}
	var errs []error
	for _, d := range devices {
		if err := c.DeleteDevice(ctx, d); err != nil {
			errs = append(errs, err)
		}
	}
	return errors.Join(errs...)
}

// NewClient loads the empresa's device (a new one when unpaired) and wires
// whatsmeow's events and auto reconnect to the session.
func (w *Whatsmeow) NewClient(ctx context.Context, cfg ClientConfig) (Client, error) {
	logger := cfg.Logger
	if logger == nil {
		logger = slog.New(slog.DiscardHandler)
	}
	wl := NewWALogger(logger, "")
	device, err := deviceContainer(cfg.Store, wl.Sub("Store")).GetFirstDevice(ctx)
	if err != nil {
		return nil, fmt.Errorf("carregar credenciais do WhatsApp: %w", err)
	}
	c := &waClient{cfg: cfg, pairName: w.cfg.PairClientName, stop: make(chan struct{})}
	c.cli = whatsmeow.NewClient(device, wl.Sub("Client"))
	if w.cfg.HTTPClient != nil {
		c.cli.SetPreLoginHTTPClient(w.cfg.HTTPClient)
		c.cli.SetWebsocketHTTPClient(w.cfg.HTTPClient)
	}
	// Drops of a paired session are whatsmeow's to heal; the hook only
	// paces its retries (see autoReconnectHook). The initial connect is
	// retried by the session instead, so it is left off here.
	c.cli.EnableAutoReconnect = true
	c.cli.InitialAutoReconnect = false
	c.cli.AutoReconnectHook = c.autoReconnectHook
	c.cli.AddEventHandler(c.onEvent)
	return c, nil
}

type waClient struct {
	cfg      ClientConfig
	cli      *whatsmeow.Client
	pairName string

	stop     chan struct{} // closed by Close: ends the QR forwarder and hook waits
	stopOnce sync.Once
	wg       sync.WaitGroup
	attempts atomic.Int32 // failed auto reconnects since the last Connected
}

// onEvent runs on whatsmeow's goroutines: it only hands the event over
// (after one indexed lookup for a contact known by LID alone).
func (c *waClient) onEvent(evt any) {
	switch e := evt.(type) {
	case *events.Connected:
		c.attempts.Store(0)
	case *events.QR:
		return // the QR channel (GetQRChannel) reports codes with their timeouts
	case *events.Message:
		c.resolvePhones(e)
	}
	c.cfg.Events(evt)
}

// resolvePhones fills in the phone number of a contact that WhatsApp
// addressed by LID only (its hidden user id), from the mapping whatsmeow
// keeps: replies must go to a real number, never to digits of a LID.
func (c *waClient) resolvePhones(evt *events.Message) {
	lookup := func(jid types.JID) types.JID {
		if jid.Server != types.HiddenUserServer {
			return types.EmptyJID
		}
		ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
		defer cancel()
		pn, err := c.cli.Store.LIDs.GetPNForLID(ctx, jid)
		if err != nil {
			return types.EmptyJID
		}
		return pn
	}
	info := &evt.Info
	if info.SenderAlt.Server != types.DefaultUserServer {
		if pn := lookup(info.Sender); !pn.IsEmpty() {
			info.SenderAlt = pn
		}
	}
	if info.IsFromMe && info.RecipientAlt.Server != types.DefaultUserServer {
		if pn := lookup(info.Chat); !pn.IsEmpty() {
			info.RecipientAlt = pn
		}
	}
}

// autoReconnectHook runs in whatsmeow's reconnect loop after each failed
// attempt. whatsmeow would wait errors×2 s, growing forever; instead the
// hook waits our capped, jittered backoff itself and zeroes whatsmeow's
// counter, so there is exactly one reconnect loop and it is paced by us.
func (c *waClient) autoReconnectHook(err error) bool {
	n := int(c.attempts.Add(1))
	d := c.cfg.Backoff(n)
	c.cfg.Events(ReconnectFailed{Err: err, Attempt: n, Next: d})
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
	case <-c.stop:
		return false
	}
	c.cli.AutoReconnectErrors = 0
	return true
}

func (c *waClient) IsPaired() bool { return c.cli.Store.ID != nil }

func (c *waClient) Self() (string, string) {
	if c.cli.Store.ID == nil {
		return "", ""
	}
	return c.cli.Store.ID.String(), c.cli.Store.PushName
}

// Connect asks for the QR channel first where unpaired (whatsmeow requires
// it before Connect), then connects with ctx, which lives as long as the
// connection.
func (c *waClient) Connect(ctx context.Context) error {
	if c.cli.Store.ID == nil {
		qrs, err := c.cli.GetQRChannel(ctx)
		if err != nil {
			return err
		}
		c.wg.Add(1)
		go c.forwardQR(ctx, qrs)
	}
	return c.cli.ConnectContext(ctx)
}

func (c *waClient) forwardQR(ctx context.Context, qrs <-chan whatsmeow.QRChannelItem) {
	defer c.wg.Done()
	for {
		select {
		case item, ok := <-qrs:
			if !ok {
				return
			}
			if item.Event == whatsmeow.QRChannelEventCode {
				c.cfg.Events(QRCode{Code: item.Code, Timeout: item.Timeout})
			} else {
				c.cfg.Events(QRDone{Event: item.Event, Err: item.Error})
			}
		case <-ctx.Done():
			return
		case <-c.stop:
			return
		}
	}
}

func (c *waClient) Logout(ctx context.Context) error {
	err := c.cli.Logout(ctx)
	if err != nil {
		// The server was not told (offline, not logged in): forget locally
		// anyway, as whatsmeow's Logout documentation advises.
		c.cli.Disconnect()
		if c.cli.Store.ID != nil {
			if derr := c.cli.Store.Delete(ctx); derr != nil {
				return errors.Join(err, derr)
			}
		}
	}
	return err
}

func (c *waClient) Close() {
	c.stopOnce.Do(func() { close(c.stop) })
	c.cli.Disconnect()
	c.cli.RemoveEventHandlers()
	c.wg.Wait()
}

func (c *waClient) PairPhone(ctx context.Context, phone string) (string, error) {
	return c.cli.PairPhone(ctx, phone, true, whatsmeow.PairClientChrome, c.pairName)
}

func (c *waClient) Send(ctx context.Context, to, text string) error {
	_, err := c.cli.SendMessage(ctx, types.NewJID(to, types.DefaultUserServer), &waE2E.Message{Conversation: proto.String(text)})
	return err
}

func (c *waClient) IsOnWhatsApp(ctx context.Context, phones []string) (string, error) {
	query := make([]string, len(phones))
	for i, p := range phones {
		query[i] = "+" + p
	}
	found, err := c.cli.IsOnWhatsApp(ctx, query)
	if err != nil {
		return "", err
	}
	for _, f := range found {
		if f.IsIn && f.JID.Server == types.DefaultUserServer {
			return f.JID.User, nil
		}
	}
	return "", nil
}

func (c *waClient) MarkRead(ctx context.Context, msg app.InboundMessage) error {
	chat, err := types.ParseJID(msg.Chat)
	if err != nil {
		return err
	}
	var sender types.JID
	if msg.IsGroup {
		sender = types.NewJID(msg.From, types.DefaultUserServer)
	}
	return c.cli.MarkRead(ctx, []types.MessageID{msg.ID}, msg.Timestamp, chat, sender)
}

func (c *waClient) Typing(ctx context.Context, to string) error {
	return c.cli.SendChatPresence(ctx, types.NewJID(to, types.DefaultUserServer), types.ChatPresenceComposing, types.ChatPresenceMediaText)
}

// inboundMessage turns whatsmeow's message event into the domain's. The
// sandbox builds the same events.Message, so both go through here.
func inboundMessage(empresaID int, evt *events.Message) app.InboundMessage {
	msg := app.InboundMessage{
		EmpresaID: empresaID, ID: evt.Info.ID, From: contactPhone(evt.Info), Chat: evt.Info.Chat.String(), PushName: evt.Info.PushName,
		Timestamp: evt.Info.Timestamp, FromMe: evt.Info.IsFromMe, IsGroup: evt.Info.Chat.Server == types.GroupServer,
		IsBroadcast:  evt.Info.Chat.Server == types.BroadcastServer,
		IsStatus:     evt.Info.Chat == types.StatusBroadcastJID,
		IsNewsletter: evt.Info.Chat.Server == types.NewsletterServer,
		IsEdit:       evt.IsEdit,
	}
	m := evt.Message
	switch {
	case m.GetConversation() != "":
		msg.Kind, msg.Text = app.KindText, m.GetConversation()
	case m.GetExtendedTextMessage() != nil:
		msg.Kind, msg.Text = app.KindText, m.GetExtendedTextMessage().GetText()
	case m.GetImageMessage() != nil:
		msg.Kind, msg.Text = app.KindImage, m.GetImageMessage().GetCaption()
	case m.GetVideoMessage() != nil:
		msg.Kind, msg.Text = app.KindVideo, m.GetVideoMessage().GetCaption()
	case m.GetAudioMessage() != nil:
		msg.Kind = app.KindAudio
	case m.GetStickerMessage() != nil:
		msg.Kind = app.KindSticker
	case m.GetDocumentMessage() != nil:
		msg.Kind, msg.Text = app.KindDocument, m.GetDocumentMessage().GetCaption()
	case m.GetLocationMessage() != nil:
		msg.Kind = app.KindLocation
	case m.GetContactMessage() != nil:
		msg.Kind = app.KindContact
	case m.GetReactionMessage() != nil:
		msg.Kind, msg.IsReaction = app.KindOther, true
	default:
		msg.Kind = app.KindOther
	}
	msg.Origem = messageOrigin(m, msg.Text)
	return msg
}

// contactPhone is the phone number of the customer a message is about: the
// sender, or for what the empresa typed on its own phone, the chat it went
// to. A contact known only by LID gives "", which the pipeline ignores
// rather than answer a number that is not the customer's.
func contactPhone(info types.MessageInfo) string {
	contact, alt := info.Sender, info.SenderAlt
	if info.IsFromMe {
		contact, alt = info.Chat, info.RecipientAlt
	}
	if contact.Server != types.DefaultUserServer {
		contact = alt
	}
	if contact.Server != types.DefaultUserServer {
		return ""
	}
	return contact.User
}

// phoneOf is the phone number of a user JID ("5521...:12@s.whatsapp.net").
func phoneOf(jid string) string {
	j, err := types.ParseJID(jid)
	if err != nil {
		return ""
	}
	return j.User
}

// waLogger sends whatsmeow's logs through slog. Sub-modules are joined
// into one "module" attribute ("Client/Socket"), never repeated.
type waLogger struct {
	l   *slog.Logger
	mod string
}

// NewWALogger adapts l (which should carry empresa_id) to whatsmeow.
func NewWALogger(l *slog.Logger, module string) waLog.Logger {
	return waLogger{l: l, mod: module}
}

func (w waLogger) Sub(module string) waLog.Logger {
	if w.mod != "" {
		module = w.mod + "/" + module
	}
	return waLogger{l: w.l, mod: module}
}

func (w waLogger) log(level slog.Level, msg string, args []any) {
	ctx := context.Background()
	if !w.l.Enabled(ctx, level) {
		return
	}
	if level == slog.LevelDebug && w.secret(msg) {
		return
	}
	w.l.Log(ctx, level, fmt.Sprintf(msg, args...), "module", w.mod)
}

// secret reports debug lines that would print a QR code or raw stanzas
// (which carry pairing refs and message payloads): never logged.
func (w waLogger) secret(format string) bool {
	return strings.Contains(format, "QR code") || strings.HasSuffix(w.mod, "Recv") || strings.HasSuffix(w.mod, "Send")
}

func (w waLogger) Errorf(msg string, args ...any) { w.log(slog.LevelError, msg, args) }
func (w waLogger) Warnf(msg string, args ...any)  { w.log(slog.LevelWarn, msg, args) }
func (w waLogger) Infof(msg string, args ...any)  { w.log(slog.LevelInfo, msg, args) }
func (w waLogger) Debugf(msg string, args ...any) { w.log(slog.LevelDebug, msg, args) }
