package app

import (
	"context"
	"database/sql"
	"time"
)

// SessionState is where an empresa's WhatsApp session stands.
type SessionState string

const (
	StateDisconnected SessionState = "disconnected"
	StateConnecting   SessionState = "connecting"
	StateQR           SessionState = "qr"
	StateConnected    SessionState = "connected"
	StateReconnecting SessionState = "reconnecting"
	StateLoggedOut    SessionState = "logged_out"
	StateReplaced     SessionState = "replaced"
	StateBanned       SessionState = "banned"
	StateOutdated     SessionState = "outdated"
	StateError        SessionState = "error"
)

// SessionStates lists every state, in the order stats report them.
var SessionStates = []SessionState{StateDisconnected, StateConnecting, StateQR, StateConnected,
	StateReconnecting, StateLoggedOut, StateReplaced, StateBanned, StateOutdated, StateError}

// Reasons that explain a state; the CRM shows them to the dealer.
const (
	ReasonQRTimeout     = "qr_timeout"
	ReasonUserLogout    = "user_logout"
	ReasonMissingData   = "missing_data"
	ReasonNotPaired     = "not_paired"
	ReasonShutdown      = "shutdown"
	ReasonConnectFailed = "connect_failed"
)

// SessionStatus is the wire form of a session's state (DESIGN.md §4).
type SessionStatus struct {
	EmpresaID    int          `json:"empresaId"`
	Status       SessionState `json:"status"`
	Connected    bool         `json:"connected"`
	LoggedIn     bool         `json:"loggedIn"`
	Phone        string       `json:"phone"`
	JID          string       `json:"jid"`
	PushName     string       `json:"pushName,omitempty"`
	BotAtivo     bool         `json:"botAtivo"`
	QR           *string      `json:"qr"`
	QRImage      *string      `json:"qrImage"`
	QRExpiresAt  *time.Time   `json:"qrExpiresAt"`
	BanExpiresAt *time.Time   `json:"banExpiresAt,omitempty"`
	Reason       string       `json:"reason"`
	LastError    string       `json:"lastError"`
	Since        time.Time    `json:"since"`
}

// SessionStats counts sessions: the total and one count per state.
type SessionStats map[string]int

// NewSessionStats counts statuses, with every state present (zero or not).
func NewSessionStats(list []SessionStatus) SessionStats {
	s := SessionStats{"total": len(list)}
	for _, st := range SessionStates {
		s[string(st)] = 0
	}
	for _, st := range list {
		s[string(st.Status)]++
	}
	return s
}

// SessionService drives the empresas' WhatsApp sessions.
type SessionService interface {
	// Connect starts the session. started is false where it was already
	// connected or waiting for a QR scan (the call is idempotent).
	Connect(ctx context.Context, empresaID int) (status SessionStatus, started bool, err error)
	Status(ctx context.Context, empresaID int) (SessionStatus, error)
	// Disconnect logs out (unlinks the phone) and forgets the credentials.
	Disconnect(ctx context.Context, empresaID int) (SessionStatus, error)
	// Reconnect restarts the session; fresh logs out first (always a new QR).
	Reconnect(ctx context.Context, empresaID int, fresh bool) (SessionStatus, error)
	// PairPhone asks for a phone-number pairing code instead of a QR.
	PairPhone(ctx context.Context, empresaID int, phone string) (string, error)
	Sessions(ctx context.Context) ([]SessionStatus, error)
}

// DeviceStore keeps one empresa's WhatsApp credentials in its own
// empresa.db, so they travel with its folder. The WhatsApp transports
// (tenants) read and forget them through it.
type DeviceStore interface {
	// SQL is the SQLite database whatsmeow's own store (sqlstore) keeps
	// its device tables in.
	SQL() *sql.DB
	// SandboxDevice is the simulated pairing; ok is false when unpaired.
	SandboxDevice(ctx context.Context) (dev SandboxDevice, ok bool, err error)
	SaveSandboxDevice(ctx context.Context, dev SandboxDevice) error
	DeleteSandboxDevice(ctx context.Context) error
}

// SandboxDevice is the sandbox transport's stand-in for whatsmeow's device
// row: the simulated phone an empresa is paired with.
type SandboxDevice struct {
	Phone    string
	PushName string
	PairedAt time.Time
}
