package app

import (
	"context"
	"slices"
	"strings"
	"time"
	"unicode/utf8"
)

// Sandbox drives the simulated WhatsApp (VENDEAI_WHATSAPP=sandbox): it plays
// the phone and the customers, so the appliance can be tried, tested and
// measured without a real number. Only the sandbox mode has one.
type Sandbox interface {
	// Scan completes the pending pairing as if phone had read the QR code;
	// "" uses a made-up number.
	Scan(ctx context.Context, empresaID int, phone string) (SessionStatus, error)
	// Inbound delivers a customer's text message to the empresa, as
	// WhatsApp delivers it.
	Inbound(ctx context.Context, empresaID int, in SandboxInbound) error
	// Outbox lists what the empresa sent, oldest first.
	Outbox(ctx context.Context, empresaID int) ([]OutboxMessage, error)
	// Fault injects what WhatsApp can do to a session: one of Faults.
	Fault(ctx context.Context, empresaID int, kind string) error
	// RegisterContact puts a number on the simulated WhatsApp, as the
	// empresa's session will find it.
	RegisterContact(ctx context.Context, empresaID int, c SandboxContact) (SandboxContact, error)
}

// SandboxContact is a number on the sandbox's WhatsApp. SemNono registers a
// Brazilian mobile under its 12-digit form (an account older than the ninth
// digit); Restricao463 makes WhatsApp refuse the empresa's messages to it
// with error 463 until the customer writes in. Phone comes back canonical,
// JID as the account has it.
type SandboxContact struct {
	Phone        string `json:"phone"`
	SemNono      bool   `json:"semNono"`
	Restricao463 bool   `json:"restricao463"`
	JID          string `json:"jid"`
}

// Faults a Sandbox can inject.
const (
	FaultDisconnect     = "disconnect"
	FaultStreamReplaced = "stream_replaced"
	FaultLoggedOut      = "logged_out"
	FaultTemporaryBan   = "temporary_ban"
	FaultClientOutdated = "client_outdated"
)

// Faults lists every fault kind, the one list the sandbox, its API and its
// document check against.
var Faults = []string{FaultDisconnect, FaultStreamReplaced, FaultLoggedOut, FaultTemporaryBan, FaultClientOutdated}

// CheckFault returns an EINVALID error naming the kinds when kind is none
// of Faults.
func CheckFault(kind string) error {
	if slices.Contains(Faults, kind) {
		return nil
	}
	return Errorf(EINVALID, "tipo de falha desconhecido: %q (use %s)", truncate(kind, 40), strings.Join(Faults, ", "))
}

// OutboxMessage is one message an empresa sent through the sandbox.
type OutboxMessage struct {
	To        string    `json:"to"`
	Text      string    `json:"text"`
	Timestamp time.Time `json:"timestamp"`
}

// SandboxInbound is one message the sandbox delivers as WhatsApp would.
type SandboxInbound struct {
	From     string `json:"from"`
	Text     string `json:"text"`
	PushName string `json:"pushName"`
	// Anuncio plays a message started from a Click-to-WhatsApp ad: the ad's
	// context rides on it as WhatsApp's ExternalAdReply.
	Anuncio *SandboxAnuncio `json:"anuncio"`
	// Link plays the first message of a chat opened by a wa.me link: the
	// text is the link's prefilled one, marked as WhatsApp marks it.
	Link bool `json:"link"`
}

// SandboxAnuncio is the ad a SandboxInbound came from.
type SandboxAnuncio struct {
	Titulo    string `json:"titulo"`
	URL       string `json:"url"`
	AnuncioID string `json:"anuncioId"`
	// Midia is imagem, video or "".
	Midia      string `json:"midia"`
	Plataforma string `json:"plataforma"`
}

// Check validates an ad's fields: the sizes WhatsApp's own stay within.
func (a *SandboxAnuncio) Check() error {
	if a == nil {
		return nil
	}
	for _, f := range []struct {
		name, value string
		max         int
	}{{"anuncio.titulo", a.Titulo, 200}, {"anuncio.url", a.URL, 500}, {"anuncio.anuncioId", a.AnuncioID, 100}, {"anuncio.plataforma", a.Plataforma, 40}} {
		if utf8.RuneCountInString(f.value) > f.max {
			return Errorf(EINVALID, "%s deve ter no máximo %d caracteres", f.name, f.max)
		}
	}
	if a.Midia != "" && a.Midia != "imagem" && a.Midia != "video" {
		return Errorf(EINVALID, "anuncio.midia deve ser imagem, video ou vazio")
	}
	if strings.TrimSpace(a.Titulo+a.URL+a.AnuncioID) == "" {
		return Errorf(EINVALID, "anuncio precisa de titulo, url ou anuncioId")
	}
	return nil
}
