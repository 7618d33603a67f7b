package app

import (
	"context"
	"strings"
	"time"
	"unicode/utf8"
)

// MaxTextLength bounds one text message the appliance sends or accepts as
// a customer's (the sandbox's inbound), in characters.
const MaxTextLength = 4096

// CheckText returns s without the spaces at its ends, or an EINVALID error
// naming field when nothing is left or it is over MaxTextLength.
func CheckText(field, s string) (string, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return "", Errorf(EINVALID, "%s é obrigatório", field)
	}
	if utf8.RuneCountInString(s) > MaxTextLength {
		return "", Errorf(EINVALID, "%s deve ter no máximo %d caracteres", field, MaxTextLength)
	}
	return s, nil
}

// Kinds of inbound message content.
const (
	KindText     = "text"
	KindImage    = "image"
	KindAudio    = "audio"
	KindVideo    = "video"
	KindSticker  = "sticker"
	KindDocument = "document"
	KindLocation = "location"
	KindContact  = "contact"
	KindOther    = "other"
)

// InboundMessage is a message that reached an empresa's WhatsApp, as every
// transport (whatsmeow, sandbox) delivers it. The flags let the pipeline
// ignore what a salesperson would never answer.
type InboundMessage struct {
	EmpresaID    int
	ID           string
	From         string // the sender's phone number, digits only
	Chat         string // the chat's JID
	PushName     string
	Text         string
	Kind         string
	Timestamp    time.Time
	FromMe       bool
	IsGroup      bool
	IsBroadcast  bool // broadcast lists and status updates
	IsStatus     bool
	IsNewsletter bool
	IsEdit       bool
	IsReaction   bool
	// JID is the exact JID WhatsApp delivered the message from (for an old
	// Brazilian account, without the ninth digit), while From becomes its
	// canonical form in the pipeline; the pipeline fills it from From when
	// the transport left it empty.
	JID string
	// Origem is where the customer came from, when the message tells (an
	// ad's context, a wa.me link): nil otherwise.
	Origem *Origem
}

// Ignored reports whether msg is dropped before anything is done with it:
// it is nothing a salesperson would answer (a group, a broadcast list or a
// status update, a newsletter, an edit, a reaction) or its sender has no
// valid phone number (a contact WhatsApp names by LID alone). What the
// empresa typed on its own phone is not ignored: it is kept, never answered.
func (m InboundMessage) Ignored() bool {
	if m.IsGroup || m.IsBroadcast || m.IsStatus || m.IsNewsletter || m.IsEdit || m.IsReaction {
		return true
	}
	_, valid := NormalizePhone(m.From)
	return !valid
}

// InboundHandler receives every inbound message of every empresa. It is
// called off the WhatsApp client's event loop, but must still return fast.
type InboundHandler interface {
	HandleInbound(ctx context.Context, msg InboundMessage)
}

// Messenger is what the sales assistant needs to answer as an empresa.
type Messenger interface {
	// Send sends text to phone as the empresa and returns the empresa's
	// own number it went from; ENOTCONNECTED when its session is not
	// connected. It publishes nothing: the pipeline tells the CRM.
	Send(ctx context.Context, empresaID int, to, text string) (from string, err error)
	// MarkRead and Typing are courtesies: transports without them do nothing.
	MarkRead(ctx context.Context, msg InboundMessage) error
	Typing(ctx context.Context, empresaID int, to string) error
}

// VehicleStores hands out each empresa's own inventory.
type VehicleStores interface {
	VehicleStore(ctx context.Context, empresaID int) (VehicleStore, error)
}

// Tenant is one empresa as the pipeline works on it: its registry entry and
// its own stores, found together.
type Tenant struct {
	Empresa  *Empresa
	Leads    LeadStore
	Vehicles VehicleStore
}

// Tenants finds an empresa and its stores in one lookup: the pipeline asks
// once per message.
type Tenants interface {
	Tenant(ctx context.Context, empresaID int) (Tenant, error)
}

// InboundHandlerFunc lets a function serve as an InboundHandler.
type InboundHandlerFunc func(ctx context.Context, msg InboundMessage)

// HandleInbound calls f.
func (f InboundHandlerFunc) HandleInbound(ctx context.Context, msg InboundMessage) { f(ctx, msg) }
