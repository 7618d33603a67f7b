package tenants

import (
	"context"
	"log/slog"
	"math/rand/v2"
	"time"

	"vendeai/app"
)

// Transport is what the session manager needs from WhatsApp: a client per
// empresa over that empresa's own DB. Two implement it: whatsmeow (the real
// network) and the sandbox (simulated in process).
//
// Both speak whatsmeow's event types (events.Connected, events.LoggedOut,
// events.Message, ...) plus the few of this package (QRCode, QRDone,
// ReconnectFailed), so one Session state machine decides every state for
// both.
type Transport interface {
	// NewClient returns a client for one empresa; it does not connect.
	NewClient(ctx context.Context, cfg ClientConfig) (Client, error)
	// Paired reports whether store holds credentials, without building a
	// client (reconnection at boot asks it of every empresa).
	Paired(ctx context.Context, store app.DeviceStore) (bool, error)
	// Forget deletes the credentials in store without a client or network.
	Forget(ctx context.Context, store app.DeviceStore) error
}

// ClientConfig is what a Transport builds a client from.
type ClientConfig struct {
	EmpresaID int
	Store     app.DeviceStore
	Logger    *slog.Logger
	// Events receives everything the client has to say. It never blocks:
	// the session queues the event and handles it on its own goroutine.
	Events func(evt any)
	// Backoff is how long a paired client waits before its attempt-th
	// automatic reconnection (1-based).
	Backoff func(attempt int) time.Duration
}

// Client is one empresa's WhatsApp connection.
type Client interface {
	// IsPaired reports whether the client has credentials (no QR needed).
	IsPaired() bool
	// Connect opens the connection. Unpaired, QR codes follow as QRCode
	// events and end with QRDone. It returns once the socket is up (or
	// failed); being logged in is announced by events.Connected.
	Connect(ctx context.Context) error
	// Self is the linked number as known now: JID and push name.
	Self() (jid, pushName string)
	// Logout unlinks the device and deletes the credentials; where the
	// server cannot be told, the local credentials are deleted anyway.
	Logout(ctx context.Context) error
	// Close disconnects (keeping the credentials) and stops the client's
	// goroutines. No event of the client matters after it.
	Close()
	PairPhone(ctx context.Context, phone string) (string, error)
	Send(ctx context.Context, to, text string) error
	MarkRead(ctx context.Context, msg app.InboundMessage) error
	Typing(ctx context.Context, to string) error
	// IsOnWhatsApp returns the number (the JID's user) WhatsApp knows the
	// owner of phones by: the forms of one number, canonical first. "" when
	// none has an account.
	IsOnWhatsApp(ctx context.Context, phones []string) (string, error)
}

// QRCode is one QR code to show, valid for Timeout.
type QRCode struct {
	Code    string
	Timeout time.Duration
}

// QRDone ends a QR pairing attempt. Event is whatsmeow's QR channel event:
// "success", "timeout", "error", "err-client-outdated", ...
type QRDone struct {
	Event string
	Err   error
}

// QR channel outcomes the session acts on.
const (
	QRSuccess        = "success"
	QRTimeout        = "timeout"
	QRError          = "error"
	QRClientOutdated = "err-client-outdated"
)

// ReconnectFailed reports a failed automatic reconnection of a paired
// client; the next attempt follows after Next.
type ReconnectFailed struct {
	Err     error
	Attempt int
	Next    time.Duration
}

// Reasons this package gives beside app's.
const (
	ReasonLoggedOut      = "logged_out"
	ReasonStreamReplaced = "stream_replaced"
	ReasonTemporaryBan   = "temporary_ban"
	ReasonClientOutdated = "client_outdated"
	ReasonConnectionLost = "connection_lost"
	ReasonPairError      = "pair_error"
)

// Backoff is an exponential backoff with jitter: attempt n waits a random
// time between half and all of min(Max, Base·2^(n-1)).
type Backoff struct {
	Base time.Duration // default 2 s
	Max  time.Duration // default 5 min
	// Rand returns a number in [0,1); tests may fix it.
	Rand func() float64
}

// Delay is how long to wait before attempt n (1-based).
func (b Backoff) Delay(n int) time.Duration {
	base, max := b.Base, b.Max
	if base <= 0 {
		base = 2 * time.Second
	}
	if max <= 0 {
		max = 5 * time.Minute
	}
	if n < 1 {
		n = 1
	}
	d := base
	for i := 1; i < n && d < max; i++ {
		d *= 2
	}
	if d > max {
		d = max
	}
	r := b.Rand
	if r == nil {
		r = rand.Float64
	}
	// Equal jitter: never shorter than half, so a crowd of sessions that
	// failed together spreads out without hammering at once.
	return d/2 + time.Duration(r()*float64(d/2))
}
