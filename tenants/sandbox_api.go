package tenants

import (
	"context"
	"time"
	"unicode/utf8"

	"vendeai/app"
)

// Sandbox returns the sandbox's driver when the Manager runs on it.
func (m *Manager) Sandbox() (app.Sandbox, bool) {
	sb, ok := m.transport.(*Sandbox)
	if !ok {
		return nil, false
	}
	return sandboxAPI{m: m, sb: sb}, true
}

type sandboxAPI struct {
	m  *Manager
	sb *Sandbox
}

var _ app.Sandbox = sandboxAPI{}

func (a sandboxAPI) client(ctx context.Context, id int) (*session, *sandboxClient, error) {
	s, _, err := a.m.session(ctx, id)
	if err != nil {
		return nil, nil, err
	}
	s.mu.Lock()
	c, _ := s.client.(*sandboxClient)
	s.mu.Unlock()
	if c == nil {
		return nil, nil, app.Errorf(app.ENOTCONNECTED, "a sessão da empresa %d não foi iniciada; chame /api/bot/connect primeiro", id)
	}
	return s, c, nil
}

func (a sandboxAPI) Scan(ctx context.Context, id int, phone string) (app.SessionStatus, error) {
	if phone != "" {
		var err error
		if phone, err = app.CheckPhone("phone", phone); err != nil {
			return app.SessionStatus{}, err
		}
	}
	s, c, err := a.client(ctx, id)
	if err != nil {
		return app.SessionStatus{}, err
	}
	if err := c.scan(ctx, phone); err != nil {
		return app.SessionStatus{}, err
	}
	wctx, cancel := context.WithTimeout(ctx, 5*time.Second)
	defer cancel()
	s.waitFor(wctx, func(st app.SessionState) bool { return st == app.StateConnected })
	return a.m.Status(ctx, id)
}

func (a sandboxAPI) Inbound(ctx context.Context, id int, in app.SandboxInbound) error {
	var err error
	if in.From, err = app.CheckPhone("from", in.From); err != nil {
		return err
	}
	if in.Text, err = app.CheckText("text", in.Text); err != nil {
		return err
	}
	if utf8.RuneCountInString(in.PushName) > 100 {
		return app.Errorf(app.EINVALID, "pushName deve ter no máximo 100 caracteres")
	}
	if err := in.Anuncio.Check(); err != nil {
		return err
	}
	_, c, err := a.client(ctx, id)
	if err != nil {
		return err
	}
	return c.inbound(in)
}

func (a sandboxAPI) Outbox(ctx context.Context, id int) ([]app.OutboxMessage, error) {
	if _, err := a.m.registry.FindEmpresa(ctx, id); err != nil {
		return nil, err
	}
	return a.sb.sent(id), nil
}

func (a sandboxAPI) Fault(ctx context.Context, id int, kind string) error {
	if err := app.CheckFault(kind); err != nil {
		return err
	}
	_, c, err := a.client(ctx, id)
	if err != nil {
		return err
	}
	return c.fault(kind)
}
