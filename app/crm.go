package app

import "context"

// CRM is what the CRM asks of conversations beyond reading leads: giving a
// contact back to the bot (or taking it), writing as the store, and trying
// the assistant without WhatsApp.
type CRM interface {
	// SetContactBot gives the contact back to the assistant (ativo) or hands
	// it to the empresa's people for pausaHumanoHoras.
	SetContactBot(ctx context.Context, empresaID int, phone string, ativo bool) (*Lead, error)
	// SendMessage sends text as the store through the empresa's session;
	// ENOTCONNECTED when it is not connected.
	SendMessage(ctx context.Context, empresaID int, to, text string) (*Message, error)
	// Simulate answers text as the assistant would, over the real inventory,
	// with a conversation state of its own; nothing is sent or listed.
	Simulate(ctx context.Context, empresaID int, from, text string) ([]string, error)
}

// LeadEvent is the payload of a "lead" event.
type LeadEvent struct {
	Motivo string `json:"motivo"` // humano, visita, opt_out, troca, pergunta
	// Razao says why a contact was handed to a person (motivo humano):
	// pedido, financiamento, negociacao, informacao.
	Razao string `json:"razao,omitempty"`
	Lead  *Lead  `json:"lead"`
}

// NormalizePhone returns a phone number as digits only, and whether it is a
// plausible international number (10 to 15 digits).
func NormalizePhone(s string) (string, bool) {
	digits := make([]byte, 0, len(s))
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c >= '0' && c <= '9':
			digits = append(digits, c)
		case c == '+' || c == ' ' || c == '-' || c == '(' || c == ')' || c == '.':
		default:
			return "", false
		}
	}
	return string(digits), len(digits) >= 10 && len(digits) <= 15
}
