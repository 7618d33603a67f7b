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
