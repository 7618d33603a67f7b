package tenants

import (
	"context"

	"vendeai/app"
)

// Sending as an empresa, and the courtesies around it (read receipts,
// "digitando..."): the app.Messenger the pipeline answers through.

// connectedClient returns empresa id's client when its session is connected.
func (m *Manager) connectedClient(id int) (Client, *session, error) {
	s := m.existing(id)
	if s != nil {
		s.mu.Lock()
		cli, state := s.client, s.state
		s.mu.Unlock()
		if cli != nil && state == app.StateConnected {
			return cli, s, nil
		}
	}
	return nil, nil, app.Errorf(app.ENOTCONNECTED, "o WhatsApp da empresa %d não está conectado", id)
}

// Send sends text to the phone number to (either form of the ninth digit),
// as empresa id, at the exact number WhatsApp knows the contact by, and
// returns the empresa's own number. The pipeline, which stores what was sent, tells
// the CRM; Send publishes nothing.
func (m *Manager) Send(ctx context.Context, id int, to, text string) (string, error) {
	to, err := app.CheckPhone("to", to)
	if err != nil {
		return "", err
	}
	if text, err = app.CheckText("text", text); err != nil {
		return "", err
	}
	cli, s, err := m.connectedClient(id)
	if err != nil {
		return "", err
	}
	exact, err := m.whatsAppPhone(ctx, id, cli, to)
	if err != nil {
		return "", err
	}
	if err := cli.Send(ctx, exact, text); err != nil {
		s.log.Warn("envio de mensagem falhou", "err", err)
		return "", sendError(err)
	}
	return s.snapshot().Phone, nil
}

// MarkRead marks msg as read, as its empresa.
func (m *Manager) MarkRead(ctx context.Context, msg app.InboundMessage) error {
	cli, _, err := m.connectedClient(msg.EmpresaID)
	if err != nil {
		return err
	}
	return cli.MarkRead(ctx, msg)
}

// Typing shows "digitando..." to to, as empresa id.
func (m *Manager) Typing(ctx context.Context, id int, to string) error {
	cli, _, err := m.connectedClient(id)
	if err != nil {
		return err
	}
	exact, err := m.whatsAppPhone(ctx, id, cli, to)
	if err != nil {
		return err
	}
	return cli.Typing(ctx, exact)
}
