package app

import "time"

// Event types pushed to WebSocket clients.
const (
	EventStatus    = "status"
	EventQR        = "qr"
	EventPairCode  = "pair_code"
	EventBotToggle = "bot_toggle"
	EventMessage   = "message"
	EventLead      = "lead"
)

// Event is one thing that happened to an empresa. Data is marshalled flat
// beside type and empresaId (see api's WebSocket hub).
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

// Publisher fans events out; Publish never blocks on a slow subscriber.
type Publisher interface {
	Publish(Event)
}
