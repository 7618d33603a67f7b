package tenants

import (
	"context"
	"math/rand/v2"
	"sync"
	"time"

	"vendeai/app"
)

// ReconnectSaved brings back, at boot, the sessions of paired empresas
// that nobody took down: at most ReconnectConcurrency at a time, each after
// a random delay, each slot held until its connection settles. Unpaired
// empresas and held ones (logged out by their owner, replaced, outdated)
// stay disconnected: no QR storm. It returns when every start is done.
// (Restoring a backup is another thing: see Restore.)
func (m *Manager) ReconnectSaved(ctx context.Context) error {
	list, err := m.registry.ListEmpresas(ctx)
	if err != nil {
		return err
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	stop := context.AfterFunc(m.baseCtx, cancel)
	defer stop()

	sem := make(chan struct{}, m.reconnectConcurrency)
	var wg sync.WaitGroup
	started := 0
	for _, e := range list {
		s, _, err := m.session(ctx, e.ID)
		if err != nil {
			break // shutting down
		}
		db, err := m.folderDB(ctx, e.ID)
		if err != nil {
			s.op.Lock()
			s.set(app.StateError, app.ReasonMissingData, app.ErrorMessage(err))
			s.op.Unlock()
			continue
		}
		hold, err := db.SessionHold(ctx)
		if err != nil {
			s.log.Error("ler estado salvo da sessão", "err", err)
			continue
		}
		paired, err := m.transport.Paired(ctx, db)
		if err != nil {
			s.log.Error("verificar credenciais do WhatsApp", "err", err)
			continue
		}
		if !paired || hold != "" {
			reason := hold
			if !paired {
				reason = app.ReasonNotPaired
			}
			s.op.Lock()
			if !active(s.currentState()) {
				s.mu.Lock()
				s.state, s.reason = app.StateDisconnected, reason
				s.mu.Unlock()
			}
			s.op.Unlock()
			continue
		}
		if !m.takeSlot(ctx, sem) {
			break
		}
		m.smu.Lock()
		if m.closing {
			m.smu.Unlock()
			<-sem
			break
		}
		m.wg.Add(1)
		m.smu.Unlock()
		wg.Add(1)
		started++
		go func() {
			defer m.wg.Done()
			defer wg.Done()
			defer func() { <-sem }()
			m.reconnectOne(ctx, s)
		}()
	}
	wg.Wait()
	m.log.Info("sessões reconectadas no início", "total", started)
	return ctx.Err()
}

func (m *Manager) reconnectOne(ctx context.Context, s *session) {
	t := time.NewTimer(time.Duration(rand.Int64N(int64(m.reconnectJitter))))
	select {
	case <-t.C:
	case <-ctx.Done():
		t.Stop()
		return
	}
	s.op.Lock()
	if active(s.currentState()) || s.isClosed() {
		s.op.Unlock()
		return // someone connected it meanwhile
	}
	s.log.Info("reconectando sessão salva do WhatsApp")
	err := s.start(ctx)
	s.op.Unlock()
	if err != nil {
		return
	}
	wctx, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	s.waitFor(wctx, func(st app.SessionState) bool { return st != app.StateConnecting })
}

// takeSlot takes one of sem's slots, waiting while every one is taken
// (counted in slotWaits, which the tests read); false when ctx ended.
func (m *Manager) takeSlot(ctx context.Context, sem chan struct{}) bool {
	select {
	case sem <- struct{}{}:
		return true
	default:
	}
	m.slotWaits.Add(1)
	defer m.slotWaits.Add(-1)
	select {
	case sem <- struct{}{}:
		return true
	case <-ctx.Done():
		return false
	}
}
