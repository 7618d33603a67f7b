package webhooks

import (
	"context"
	"net/url"

	"vendeai/app"
)

func pingEvent(empresaID int) app.Event {
	return app.Event{Type: app.EventPing, EmpresaID: empresaID,
		Data: app.PingEvent{Mensagem: "Teste do webhook do VendeAI: se você recebeu isto, a URL e a assinatura estão certas."}}
}

func isAdmin(ctx context.Context) bool {
	p, _ := app.PrincipalFromContext(ctx)
	return p.Admin
}

func (s *Service) outbox(ctx context.Context, empresaID int) (app.WebhookOutbox, error) {
	if s.cfg.Outboxes == nil {
		return nil, app.Errorf(app.EUNAVAILABLE, "webhooks indisponíveis")
	}
	return s.cfg.Outboxes.WebhookOutbox(ctx, empresaID)
}

// Webhook returns empresa id's own webhook (nil when none is set).
func (s *Service) Webhook(ctx context.Context, empresaID int) (*app.Webhook, error) {
	outbox, err := s.outbox(ctx, empresaID)
	if err != nil {
		return nil, err
	}
	return outbox.Webhook(ctx)
}

// SetWebhook sets empresa id's own webhook. An empresa token may only aim
// it at a host of VENDEAI_WEBHOOK_HOSTS (or keep a URL the admin set).
func (s *Service) SetWebhook(ctx context.Context, empresaID int, in app.WebhookInput) (*app.Webhook, error) {
	outbox, err := s.outbox(ctx, empresaID)
	if err != nil {
		return nil, err
	}
	current, err := outbox.Webhook(ctx)
	if err != nil {
		return nil, err
	}
	w, err := in.Webhook(current, s.now())
	if err != nil {
		return nil, err
	}
	keepsAdminURL := current != nil && current.ByAdmin && current.URL == w.URL
	w.ByAdmin = isAdmin(ctx) || keepsAdminURL
	if !w.ByAdmin {
		u, _ := url.Parse(w.URL)
		if !s.cfg.AllowedHosts.Allows(u) {
			return nil, app.Errorf(app.EFORBIDDEN, "com o token da empresa, o webhook só pode apontar para hosts liberados pelo administrador em VENDEAI_WEBHOOK_HOSTS, e %s não está entre eles; peça a inclusão dele ou que o administrador configure este webhook", clip(u.Host, 100))
		}
	}
	if err := outbox.SaveWebhook(ctx, w); err != nil {
		return nil, err
	}
	s.wake(lane{empresaID: empresaID, destino: app.DestinoEmpresa})
	return w, nil
}

// DeleteWebhook removes empresa id's own webhook; its pending deliveries fail.
func (s *Service) DeleteWebhook(ctx context.Context, empresaID int) error {
	outbox, err := s.outbox(ctx, empresaID)
	if err != nil {
		return err
	}
	if w, err := outbox.Webhook(ctx); err != nil {
		return err
	} else if w == nil {
		return errNoWebhook(empresaID)
	}
	return outbox.DeleteWebhook(ctx)
}

func errNoWebhook(empresaID int) error {
	return app.Errorf(app.ENOTFOUND, "a empresa %d não tem webhook configurado", empresaID)
}

// TestWebhook records a ping to empresa id's own webhook, sends it now
// (whether or not the webhook is on) and returns how it went. A test is not
// retried: it shows what happens now.
func (s *Service) TestWebhook(ctx context.Context, empresaID int) (*app.Delivery, error) {
	outbox, err := s.outbox(ctx, empresaID)
	if err != nil {
		return nil, err
	}
	w, err := outbox.Webhook(ctx)
	if err != nil {
		return nil, err
	} else if w == nil {
		return nil, errNoWebhook(empresaID)
	}
	id := app.NewDeliveryID()
	s.claim(id) // before the row exists: no lane may take it
	d, err := outbox.RecordTest(ctx, id, app.DestinoEmpresa, pingEvent(empresaID))
	if err != nil {
		s.hand(id)
		return nil, err
	}
	l := lane{empresaID: empresaID, destino: app.DestinoEmpresa}
	defer s.wake(l)
	return s.attempt(s.ctx, l, outbox, w, d, s.hand)
}

// Deliveries lists empresa id's delivery log. An empresa token sees the
// deliveries to its own webhook only.
func (s *Service) Deliveries(ctx context.Context, empresaID int, f app.DeliveryFilter) ([]*app.Delivery, int, error) {
	if f.Destino != "" && f.Destino != app.DestinoEmpresa && f.Destino != app.DestinoGlobal {
		return nil, 0, app.Errorf(app.EINVALID, "destino deve ser empresa ou global")
	}
	if !isAdmin(ctx) {
		if f.Destino == app.DestinoGlobal {
			return nil, 0, app.Errorf(app.EFORBIDDEN, "as entregas ao webhook global só são vistas com o token de administrador")
		}
		f.Destino = app.DestinoEmpresa
	}
	outbox, err := s.outbox(ctx, empresaID)
	if err != nil {
		return nil, 0, err
	}
	return outbox.FindDeliveries(ctx, f)
}

// Redeliver sends delivery id again now, with the same entregaId, seq and
// body, and returns how it went; if it fails again it is retried as usual,
// for another 24 h.
func (s *Service) Redeliver(ctx context.Context, empresaID int, id string) (*app.Delivery, error) {
	if !app.ValidDeliveryID(id) {
		return nil, app.Errorf(app.EINVALID, "entregaId inválido: use o id que o log de entregas mostra")
	}
	outbox, err := s.outbox(ctx, empresaID)
	if err != nil {
		return nil, err
	}
	d, err := outbox.FindDelivery(ctx, id)
	if err != nil {
		return nil, err
	}
	if d.Destino == app.DestinoGlobal && !isAdmin(ctx) {
		return nil, app.Errorf(app.EFORBIDDEN, "só o token de administrador reenvia entregas ao webhook global")
	}
	l := lane{empresaID: empresaID, destino: d.Destino}
	target, err := s.target(ctx, outbox, d.Destino)
	if err != nil {
		return nil, err
	} else if target == nil {
		return nil, app.Errorf(app.ECONFLICT, "o webhook desta entrega foi removido: configure-o de novo para reenviar")
	}
	if !s.claim(id) {
		return nil, app.Errorf(app.ECONFLICT, "esta entrega está sendo enviada agora; veja o resultado no log em instantes")
	}
	now := s.now()
	if d, err = outbox.Requeue(ctx, id, now, now.Add(app.DeliveryDeadline)); err != nil {
		s.hand(id)
		return nil, err
	}
	defer s.wake(l)
	return s.attempt(s.ctx, l, outbox, target, d, s.hand)
}

// GlobalWebhook returns the appliance-wide webhook (nil when none is set).
func (s *Service) GlobalWebhook(ctx context.Context) (*app.Webhook, error) {
	if s.cfg.Global == nil {
		return nil, app.Errorf(app.EUNAVAILABLE, "webhooks indisponíveis")
	}
	return s.cfg.Global.GlobalWebhook(ctx)
}

// SetGlobalWebhook sets the appliance-wide webhook (admin only: any URL).
func (s *Service) SetGlobalWebhook(ctx context.Context, in app.WebhookInput) (*app.Webhook, error) {
	if !isAdmin(ctx) {
		return nil, app.Errorf(app.EFORBIDDEN, "apenas o token de administrador configura o webhook global")
	}
	current, err := s.GlobalWebhook(ctx)
	if err != nil {
		return nil, err
	}
	w, err := in.Webhook(current, s.now())
	if err != nil {
		return nil, err
	}
	w.ByAdmin = true
	if err := s.cfg.Global.SaveGlobalWebhook(ctx, w); err != nil {
		return nil, err
	}
	s.global.Store(w)
	if w.Ativo { // what waited while it was off goes now
		s.background(func() { s.resume(s.ctx, app.DestinoGlobal) })
	}
	return w, nil
}

// DeleteGlobalWebhook removes the appliance-wide webhook; what was pending
// for it, in every empresa's outbox, fails.
func (s *Service) DeleteGlobalWebhook(ctx context.Context) error {
	current, err := s.GlobalWebhook(ctx)
	if err != nil {
		return err
	} else if current == nil {
		return app.Errorf(app.ENOTFOUND, "nenhum webhook global configurado")
	}
	if err := s.cfg.Global.DeleteGlobalWebhook(ctx); err != nil {
		return err
	}
	s.global.Store(nil)
	list, err := s.cfg.Empresas.ListEmpresas(ctx)
	if err != nil {
		return err
	}
	for _, e := range list {
		if outbox, err := s.cfg.Outboxes.WebhookOutbox(ctx, e.ID); err == nil {
			s.failOrphans(ctx, outbox, lane{empresaID: e.ID, destino: app.DestinoGlobal})
		}
	}
	return nil
}

// TestGlobalWebhook sends a ping (empresaId 0, seq 0, kept in no log) to
// the global webhook now and returns how it went.
func (s *Service) TestGlobalWebhook(ctx context.Context) (*app.Delivery, error) {
	w, err := s.GlobalWebhook(ctx)
	if err != nil {
		return nil, err
	} else if w == nil {
		return nil, app.Errorf(app.ENOTFOUND, "nenhum webhook global configurado")
	}
	now := s.now()
	d := &app.Delivery{ID: app.NewDeliveryID(), Evento: app.EventPing, Destino: app.DestinoGlobal, CriadoEm: now, Deadline: now}
	if d.Body, err = app.EncodeDelivery(pingEvent(0), d.ID, 0, now); err != nil {
		return nil, err
	}
	res := s.send(s.ctx, w, d)
	if res.aborted {
		return nil, app.Errorf(app.EUNAVAILABLE, "o servidor está encerrando")
	}
	a := s.outcome(d, res)
	if s.cfg.Observe != nil {
		s.cfg.Observe(resultLabel(a.Status), res.duration)
	}
	d.Status, d.Tentativas, d.UltimoErro = a.Status, 1, a.Err
	if a.Code != 0 {
		d.UltimoCodigo = &a.Code
	}
	if a.Status == app.DeliveryDelivered {
		d.EntregueEm = &a.At
	}
	return d, nil
}
