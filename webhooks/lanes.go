package webhooks

import (
	"context"
	"time"

	"vendeai/app"
)

// lane is one empresa's deliveries to one destination: sent one at a time,
// in seq order, by a goroutine that exists only while there is work. A
// delivery that fails is rescheduled and the lane goes on with the next, so
// it holds the newer ones back for at most its own timeout. Lanes never
// wait on each other, except for the per-host bound.
type lane struct {
	empresaID int
	destino   string
}

type laneState struct {
	running bool
	again   bool        // woken while running: look again before stopping
	timer   *time.Timer // set while idle with a retry to come
}

// wake makes the lane look for due deliveries now.
func (s *Service) wake(l lane) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return
	}
	st := s.lanes[l]
	if st == nil {
		st = &laneState{}
		s.lanes[l] = st
	}
	if st.running {
		st.again = true
		return
	}
	if st.timer != nil {
		st.timer.Stop()
		st.timer = nil
	}
	st.running = true
	s.wg.Add(1)
	go s.run(l, st)
}

// run drains the lane, then sleeps on a timer until its next retry falls
// due (or forgets it when nothing is pending).
func (s *Service) run(l lane, st *laneState) {
	defer s.wg.Done()
	for {
		next := s.drain(l)
		s.mu.Lock()
		if st.again && !s.closed {
			st.again = false
			s.mu.Unlock()
			continue
		}
		st.running = false
		switch {
		case s.closed:
		case !next.IsZero():
			st.timer = time.AfterFunc(max(0, next.Sub(s.now())), func() { s.wake(l) })
		default:
			delete(s.lanes, l)
		}
		s.mu.Unlock()
		return
	}
}

// drain sends the lane's due deliveries, batch after batch, and returns
// when the next one falls due (zero: nothing pending, or nothing to send to).
func (s *Service) drain(l lane) time.Time {
	ctx := s.ctx
	outbox, err := s.cfg.Outboxes.WebhookOutbox(ctx, l.empresaID)
	if err != nil {
		return time.Time{} // the empresa is gone, and its outbox with it
	}
	for ctx.Err() == nil {
		target, err := s.target(ctx, outbox, l.destino)
		if err != nil {
			s.log.Error("webhook não lido", "empresa_id", l.empresaID, "destino", l.destino, "err", err)
			return s.now().Add(s.cfg.Backoff)
		}
		if target == nil {
			s.failOrphans(ctx, outbox, l)
			return time.Time{}
		}
		if !target.Ativo {
			return time.Time{} // paused: turning it on wakes the lane
		}
		handed := s.handedCount()
		due, err := outbox.DueDeliveries(ctx, l.destino, s.now(), batchSize)
		if err != nil {
			if ctx.Err() == nil {
				s.log.Error("entregas pendentes não lidas", "empresa_id", l.empresaID, "destino", l.destino, "err", err)
			}
			return s.now().Add(s.cfg.Backoff)
		}
		if len(due) == 0 {
			next, err := outbox.NextDue(ctx, l.destino)
			if err != nil && ctx.Err() == nil {
				s.log.Error("entregas pendentes não lidas", "empresa_id", l.empresaID, "destino", l.destino, "err", err)
				return s.now().Add(s.cfg.Backoff)
			}
			return next
		}
		sent := 0
		for _, d := range due {
			if ctx.Err() != nil {
				break
			}
			if !s.claim(d.ID) {
				continue // a test or a replay is sending it right now
			}
			if s.handedCount() != handed { // one may have just sent it: look again
				fresh, err := outbox.FindDelivery(ctx, d.ID)
				if err != nil || fresh.Status != app.DeliveryPending || fresh.ProximaTentativa.After(s.now()) {
					s.release(d.ID)
					continue
				}
				d = fresh
			}
			s.attempt(ctx, l, outbox, target, d, s.release)
			sent++
		}
		if sent == 0 {
			return time.Time{} // all claimed: whoever holds them wakes the lane when done
		}
	}
	return time.Time{}
}

// target is the webhook a lane sends to; nil when it was removed.
func (s *Service) target(ctx context.Context, outbox app.WebhookOutbox, destino string) (*app.Webhook, error) {
	if destino == app.DestinoGlobal {
		return s.global.Load(), nil
	}
	return outbox.Webhook(ctx)
}

// failOrphans ends the deliveries whose webhook was removed.
func (s *Service) failOrphans(ctx context.Context, outbox app.WebhookOutbox, l lane) {
	n, err := outbox.FailPending(ctx, l.destino, "webhook removido antes da entrega")
	if err != nil && ctx.Err() == nil {
		s.log.Error("entregas sem webhook não encerradas", "empresa_id", l.empresaID, "destino", l.destino, "err", err)
	} else if n > 0 {
		s.log.Info("entregas sem webhook encerradas", "empresa_id", l.empresaID, "destino", l.destino, "entregas", n)
	}
}

// attempt sends d once, records the outcome and lets go of d with release
// (d must be claimed). An attempt cut short by Close is not recorded: it
// goes again at the next start.
func (s *Service) attempt(ctx context.Context, l lane, outbox app.WebhookOutbox, target *app.Webhook, d *app.Delivery, release func(string)) (*app.Delivery, error) {
	res := s.send(ctx, target, d)
	if res.aborted {
		release(d.ID)
		return d, app.Errorf(app.EUNAVAILABLE, "o servidor está encerrando; a entrega segue pendente")
	}
	a := s.outcome(d, res)
	saved, err := outbox.SaveAttempt(context.WithoutCancel(ctx), d.ID, a)
	release(d.ID)
	if s.cfg.Observe != nil {
		s.cfg.Observe(resultLabel(a.Status), res.duration)
	}
	attrs := []any{"empresa_id", l.empresaID, "destino", l.destino, "entrega_id", d.ID, "evento", d.Evento,
		"tentativa", d.Tentativas + 1, "codigo", res.code}
	switch {
	case err != nil:
		s.log.Error("resultado da entrega não gravado", append(attrs, "err", err)...)
		return nil, err
	case a.Status == app.DeliveryDelivered:
		s.log.Debug("webhook entregue", attrs...)
	case a.Status == app.DeliveryPending:
		s.log.Warn("entrega de webhook falhou; nova tentativa agendada", append(attrs, "erro", a.Err, "proxima", a.Next)...)
	default:
		s.log.Warn("entrega de webhook falhou de vez", append(attrs, "erro", a.Err)...)
	}
	return saved, nil
}

func resultLabel(status string) string {
	if status == app.DeliveryPending {
		return "nova_tentativa"
	}
	return status
}
