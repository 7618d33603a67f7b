package app

import (
	"encoding/json"
	"time"
)

// Event types pushed to WebSocket clients and webhooks.
const (
	EventStatus    = "status"
	EventQR        = "qr"
	EventPairCode  = "pair_code"
	EventBotToggle = "bot_toggle"
	EventMessage   = "message"
	EventLead      = "lead"
	// EventPing goes only to a webhook, when its owner tests it.
	EventPing = "ping"
)

// Event is one thing that happened to an empresa. Data is marshalled flat
// beside type and empresaId (see EncodeEvent).
type Event struct {
	Type      string
	EmpresaID int
	Data      any
}

// QREvent is the payload of a "qr" event.
type QREvent struct {
	QR        string    `json:"qr"`
	QRImage   string    `json:"qrImage"`
	ExpiresAt time.Time `json:"expiresAt"`
}

// MessageEvent is the payload of a "message" event.
type MessageEvent struct {
	Direction string    `json:"direction"` // "in" or "out"
	From      string    `json:"from"`
	To        string    `json:"to"`
	Text      string    `json:"text"`
	Timestamp time.Time `json:"timestamp"`
}

// LeadEvent is the payload of a "lead" event: a lead a salesperson must
// act on.
type LeadEvent struct {
	Motivo string `json:"motivo"` // humano, visita, opt_out, troca, pergunta
	// Razao says why a contact was handed to a person (motivo humano):
	// pedido, financiamento, negociacao, informacao; or, with pergunta, the
	// loja field the assistant could not answer.
	Razao string `json:"razao,omitempty"`
	Lead  *Lead  `json:"lead"`
}

// LeadChanged is the "lead" event telling the CRM why (motivo, razao)
// lead changed: the one event both the WebSocket and the webhooks' outbox
// are given.
func LeadChanged(empresaID int, why LeadEvent, lead *Lead) Event {
	why.Lead = lead
	return Event{Type: EventLead, EmpresaID: empresaID, Data: why}
}

// PairCodeEvent is the payload of a "pair_code" event: the code to type on
// the phone instead of reading a QR.
type PairCodeEvent struct {
	Code  string `json:"code"`
	Phone string `json:"phone"`
}

// BotToggleEvent is the payload of a "bot_toggle" event.
type BotToggleEvent struct {
	BotAtivo bool `json:"botAtivo"`
}

// PingEvent is the payload of a "ping", the event a webhook test sends.
type PingEvent struct {
	Mensagem string `json:"mensagem"`
}

// Publisher fans events out; Publish never blocks on a slow subscriber.
type Publisher interface {
	Publish(Event)
}

// Publishers hands each event to several publishers, in order.
type Publishers []Publisher

// Publish gives ev to each publisher.
func (ps Publishers) Publish(ev Event) {
	for _, p := range ps {
		p.Publish(ev)
	}
}

// EncodeEvent writes ev as the CRM reads it, on the WebSocket and (see
// EncodeDelivery) in a webhook: one JSON object, type and empresaId beside
// the payload's own fields. A payload that is not an object (none is,
// today) goes under "data".
func EncodeEvent(ev Event) ([]byte, error) {
	fields, err := frameFields(ev)
	if err != nil {
		return nil, err
	}
	return json.Marshal(fields)
}

// EncodeDelivery writes ev as a webhook receives it: the very frame of
// EncodeEvent plus the delivery's entregaId (kept across its retries), the
// empresa's seq and criadoEm (RFC 3339).
func EncodeDelivery(ev Event, entregaID string, seq int64, criadoEm time.Time) ([]byte, error) {
	fields, err := frameFields(ev)
	if err != nil {
		return nil, err
	}
	fields["entregaId"], _ = json.Marshal(entregaID)
	fields["seq"], _ = json.Marshal(seq)
	fields["criadoEm"], _ = json.Marshal(criadoEm.UTC())
	return json.Marshal(fields)
}

func frameFields(ev Event) (map[string]json.RawMessage, error) {
	fields := map[string]json.RawMessage{}
	if ev.Data != nil {
		data, err := json.Marshal(ev.Data)
		if err != nil {
			return nil, err
		}
		if json.Unmarshal(data, &fields) != nil {
			fields = map[string]json.RawMessage{"data": data}
		}
	}
	// The envelope's own keys win over a payload's (SessionStatus carries
	// its empresaId too): one key each, never two.
	fields["type"], _ = json.Marshal(ev.Type)
	fields["empresaId"], _ = json.Marshal(ev.EmpresaID)
	return fields, nil
}
