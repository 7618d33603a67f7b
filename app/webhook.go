package app

import (
	"context"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/google/uuid"
)

// WebhookEvents are the events a webhook may ask for, in the order they
// are listed back; DefaultWebhookEvents is what it gets when it names none.
var (
	WebhookEvents        = []string{EventStatus, EventQR, EventPairCode, EventBotToggle, EventMessage, EventLead}
	DefaultWebhookEvents = []string{EventMessage, EventLead, EventStatus}
)

// Limits of a webhook's configuration.
const (
	MaxWebhookURLLength = 2048
	MinSegredoLength    = 16
	MaxSegredoLength    = 256
)

// Webhook destinations: an empresa's own webhook, and the appliance-wide
// one (the admin's, for a CRM that serves every empresa).
const (
	DestinoEmpresa = "empresa"
	DestinoGlobal  = "global"
)

// Webhook is where an empresa's events (or every empresa's, for the global
// one) are POSTed. The secret signs each request and is never shown.
type Webhook struct {
	URL             string    `json:"url"`
	Segredo         string    `json:"-"`
	Eventos         []string  `json:"eventos"`
	Ativo           bool      `json:"ativo"`
	SegredoDefinido bool      `json:"segredoDefinido"`
	AtualizadoEm    time.Time `json:"atualizadoEm"`
	// ByAdmin: set with the admin token, so VENDEAI_WEBHOOK_HOSTS does not
	// bind it.
	ByAdmin bool `json:"-"`
}

// Wants reports whether the webhook is on and asked for events of type typ.
func (w *Webhook) Wants(typ string) bool {
	return w != nil && w.Ativo && slices.Contains(w.Eventos, typ)
}

// WebhookInput is a PUT of a webhook: url is required; a segredo left out
// keeps the current one (required when there is none); eventos left out
// are the defaults; ativo left out is true.
type WebhookInput struct {
	URL     string   `json:"url"`
	Segredo *string  `json:"segredo"`
	Eventos []string `json:"eventos"`
	Ativo   *bool    `json:"ativo"`
}

// Webhook validates in and returns the configuration it sets over current
// (nil when there is none).
func (in WebhookInput) Webhook(current *Webhook, now time.Time) (*Webhook, error) {
	u, err := ParseWebhookURL(in.URL)
	if err != nil {
		return nil, err
	}
	w := &Webhook{URL: u.String(), Ativo: true, AtualizadoEm: now.UTC()}
	switch {
	case in.Segredo != nil:
		n := utf8.RuneCountInString(*in.Segredo)
		if n < MinSegredoLength || n > MaxSegredoLength {
			return nil, Errorf(EINVALID, "segredo deve ter de %d a %d caracteres", MinSegredoLength, MaxSegredoLength)
		}
		w.Segredo = *in.Segredo
	case current != nil && current.Segredo != "":
		w.Segredo = current.Segredo
	default:
		return nil, Errorf(EINVALID, "segredo é obrigatório (de %d a %d caracteres): ele assina cada entrega", MinSegredoLength, MaxSegredoLength)
	}
	w.SegredoDefinido = true
	if w.Eventos, err = webhookEvents(in.Eventos); err != nil {
		return nil, err
	}
	if in.Ativo != nil {
		w.Ativo = *in.Ativo
	}
	return w, nil
}

// webhookEvents checks names and lists them once each, in the order of
// WebhookEvents.
func webhookEvents(names []string) ([]string, error) {
	if names == nil {
		names = DefaultWebhookEvents
	}
	if len(names) == 0 {
		return nil, Errorf(EINVALID, "eventos deve ter ao menos um destes: %s", strings.Join(WebhookEvents, ", "))
	}
	var out []string
	for _, name := range WebhookEvents {
		if slices.Contains(names, name) {
			out = append(out, name)
		}
	}
	for _, name := range names {
		if !slices.Contains(WebhookEvents, name) {
			return nil, Errorf(EINVALID, "evento desconhecido em eventos: %q (use: %s)", truncate(name, 40), strings.Join(WebhookEvents, ", "))
		}
	}
	return out, nil
}

// ParseWebhookURL accepts an absolute http or https URL of at most
// MaxWebhookURLLength characters, without user:password.
func ParseWebhookURL(raw string) (*url.URL, error) {
	if raw == "" {
		return nil, Errorf(EINVALID, "url é obrigatória")
	}
	if len(raw) > MaxWebhookURLLength {
		return nil, Errorf(EINVALID, "url deve ter no máximo %d caracteres", MaxWebhookURLLength)
	}
	u, err := url.Parse(raw)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || u.Opaque != "" {
		return nil, Errorf(EINVALID, "url deve ser absoluta, http:// ou https:// (ex.: https://crm.exemplo.com.br/webhooks/vendeai)")
	}
	if u.User != nil {
		return nil, Errorf(EINVALID, "url não pode ter usuário e senha: o segredo assina as entregas")
	}
	if u.Hostname() == "" {
		return nil, Errorf(EINVALID, "url sem host")
	}
	return u, nil
}

// Delivery statuses.
const (
	DeliveryPending   = "pendente"
	DeliveryDelivered = "entregue"
	DeliveryFailed    = "falhou"
)

// DeliveryDeadline: a delivery that still fails this long after it was
// recorded (or replayed) fails for good.
const DeliveryDeadline = 24 * time.Hour

// DeliveryStatuses lists the statuses, as the delivery log filters them.
var DeliveryStatuses = []string{DeliveryPending, DeliveryDelivered, DeliveryFailed}

// Delivery is one event on its way to one webhook: a row of the empresa's
// outbox, kept (with its retries) until it is pruned.
type Delivery struct {
	ID               string     `json:"id"`
	Evento           string     `json:"evento"`
	Destino          string     `json:"destino"`
	Seq              int64      `json:"seq"`
	Status           string     `json:"status"`
	Tentativas       int        `json:"tentativas"`
	UltimoCodigo     *int       `json:"ultimoCodigo"`
	UltimoErro       string     `json:"ultimoErro"`
	ProximaTentativa *time.Time `json:"proximaTentativa"`
	CriadoEm         time.Time  `json:"criadoEm"`
	EntregueEm       *time.Time `json:"entregueEm"`
	// Body is what is POSTed, the same bytes on every attempt.
	Body []byte `json:"-"`
	// Deadline: a failure after it is final.
	Deadline time.Time `json:"-"`
}

// NewDeliveryID returns a fresh entregaId: a UUIDv7, unique across
// empresas (a global webhook sees them all) and ordered by time.
func NewDeliveryID() string { return uuid.Must(uuid.NewV7()).String() }

var deliveryID = regexp.MustCompile(`^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$`)

// ValidDeliveryID reports whether s has the form NewDeliveryID gives.
func ValidDeliveryID(s string) bool { return deliveryID.MatchString(s) }

// DeliveryAttempt is the outcome of one try, as the outbox records it.
type DeliveryAttempt struct {
	At     time.Time
	Status string // the delivery's status after this try
	Code   int    // the receiver's HTTP status; 0 when none came
	Err    string // what went wrong, for the delivery log ("" when delivered)
	Next   time.Time
}

// DeliveryFilter selects an empresa's deliveries, newest first.
type DeliveryFilter struct {
	Status  string
	Destino string
	Limit   int
	Offset  int
}

// WebhookOutbox is one empresa's webhook and its outbox of deliveries,
// kept in the empresa's own database. Each method is one transaction.
type WebhookOutbox interface {
	// Webhook is the empresa's own webhook; nil when none is set.
	Webhook(ctx context.Context) (*Webhook, error)
	SaveWebhook(ctx context.Context, w *Webhook) error
	// DeleteWebhook removes it; its pending deliveries fail.
	DeleteWebhook(ctx context.Context) error
	// RecordEvent writes ev for the webhooks that want it, where it has no
	// write of its own to ride along with (a status, a QR).
	RecordEvent(ctx context.Context, ev Event) error
	// RecordTest writes a delivery of ev (a ping) to destino alone, with
	// the given id, due at once.
	RecordTest(ctx context.Context, id, destino string, ev Event) (*Delivery, error)
	// DueDeliveries lists destino's pending deliveries due at now, by seq,
	// bodies included; NextDue is when the next one falls due (zero: none).
	DueDeliveries(ctx context.Context, destino string, now time.Time, limit int) ([]*Delivery, error)
	NextDue(ctx context.Context, destino string) (time.Time, error)
	// PendingDestinos lists the destinations with pending deliveries.
	PendingDestinos(ctx context.Context) ([]string, error)
	SaveAttempt(ctx context.Context, id string, a DeliveryAttempt) (*Delivery, error)
	// FailPending ends destino's pending deliveries with reason.
	FailPending(ctx context.Context, destino, reason string) (int, error)
	FindDeliveries(ctx context.Context, f DeliveryFilter) ([]*Delivery, int, error)
	FindDelivery(ctx context.Context, id string) (*Delivery, error)
	// Requeue makes a delivery pending again, due at now, with a new
	// deadline.
	Requeue(ctx context.Context, id string, now, deadline time.Time) (*Delivery, error)
	// Prune deletes deliveries delivered before delivered and failed
	// before failed.
	Prune(ctx context.Context, delivered, failed time.Time) (int, error)
	CountPending(ctx context.Context) (int, error)
}

// WebhookOutboxes hands out each empresa's own outbox.
type WebhookOutboxes interface {
	WebhookOutbox(ctx context.Context, empresaID int) (WebhookOutbox, error)
}

// OutboxHooks connect every empresa's outbox to the delivery worker: the
// outbox asks GlobalWants inside the transaction that records an event,
// and calls Recorded once that transaction is committed.
type OutboxHooks interface {
	GlobalWants(eventType string) bool
	Recorded(empresaID int, destino string)
}

// GlobalWebhookStore keeps the appliance-wide webhook (in the registry).
type GlobalWebhookStore interface {
	// GlobalWebhook is nil when none is set.
	GlobalWebhook(ctx context.Context) (*Webhook, error)
	SaveGlobalWebhook(ctx context.Context, w *Webhook) error
	DeleteGlobalWebhook(ctx context.Context) error
}

// WebhookService is what the API asks of the webhooks: their configuration
// (the caller, read from ctx, decides which URLs are allowed), tests, the
// delivery log and replays.
type WebhookService interface {
	Webhook(ctx context.Context, empresaID int) (*Webhook, error)
	SetWebhook(ctx context.Context, empresaID int, in WebhookInput) (*Webhook, error)
	DeleteWebhook(ctx context.Context, empresaID int) error
	// TestWebhook sends a ping now and returns how it went.
	TestWebhook(ctx context.Context, empresaID int) (*Delivery, error)
	Deliveries(ctx context.Context, empresaID int, f DeliveryFilter) ([]*Delivery, int, error)
	// Redeliver sends a delivery again now and returns how it went.
	Redeliver(ctx context.Context, empresaID int, id string) (*Delivery, error)

	GlobalWebhook(ctx context.Context) (*Webhook, error)
	SetGlobalWebhook(ctx context.Context, in WebhookInput) (*Webhook, error)
	DeleteGlobalWebhook(ctx context.Context) error
	TestGlobalWebhook(ctx context.Context) (*Delivery, error)
}
