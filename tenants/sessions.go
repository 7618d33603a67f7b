package tenants

import (
	"context"
	"slices"
	"time"

	"vendeai/app"
)

// session returns empresa id's session, creating it (cheaply: no client, no
// goroutine) on first use, with the registry entry.
func (m *Manager) session(ctx context.Context, id int) (*session, *app.Empresa, error) {
	e, err := m.registry.FindEmpresa(ctx, id)
	if err != nil {
		return nil, nil, err
	}
	m.smu.Lock()
	defer m.smu.Unlock()
	// Checked under smu: DeleteEmpresa marks the empresa before stopSession
	// takes smu, so no session is made after it was stopped.
	if m.isRetiring(id) {
		return nil, nil, errRetiring(id)
	}
	if m.closing {
		return nil, nil, errShuttingDown()
	}
	s, ok := m.sessions[id]
	if !ok {
		s = newSession(m, id)
		m.sessions[id] = s
	}
	return s, e, nil
}

// existing returns empresa id's session if it has one.
func (m *Manager) existing(id int) *session {
	m.smu.Lock()
	defer m.smu.Unlock()
	return m.sessions[id]
}

func errShuttingDown() error {
	return app.Errorf(app.EUNAVAILABLE, "o servidor está sendo encerrado; tente de novo em instantes")
}

func withBot(st app.SessionStatus, e *app.Empresa) app.SessionStatus {
	st.BotAtivo = e.BotAtivo
	return st
}

// active reports whether a session in state is up or on its way up, so a
// new Connect has nothing to start.
func active(state app.SessionState) bool {
	switch state {
	case app.StateConnected, app.StateQR, app.StateConnecting, app.StateReconnecting:
		return true
	}
	return false
}

// Connect starts empresa id's session: saved credentials where there are
// some, QR codes (as events) where not. Already connected or on its way:
// the status as it is, started false.
func (m *Manager) Connect(ctx context.Context, id int) (app.SessionStatus, bool, error) {
	s, e, err := m.session(ctx, id)
	if err != nil {
		return app.SessionStatus{}, false, err
	}
	s.op.Lock()
	defer s.op.Unlock()
	s.mu.Lock()
	idle := !active(s.state) || s.client == nil
	closed := s.closed
	s.mu.Unlock()
	if closed {
		return app.SessionStatus{}, false, errShuttingDown()
	}
	if !idle {
		return withBot(s.snapshot(), e), false, nil
	}
	s.mu.Lock()
	s.attempt = 0
	s.mu.Unlock()
	s.setHold(ctx, "")
	s.log.Info("conectando ao WhatsApp a pedido")
	if err := s.start(ctx); err != nil {
		return withBot(s.snapshot(), e), false, err
	}
	return withBot(s.snapshot(), e), true, nil
}

// Status is empresa id's session as it stands, with the bot flag read live
// from the registry.
func (m *Manager) Status(ctx context.Context, id int) (app.SessionStatus, error) {
	s, e, err := m.session(ctx, id)
	if err != nil {
		return app.SessionStatus{}, err
	}
	return withBot(s.snapshot(), e), nil
}

// Disconnect logs out (the phone loses the link), forgets the credentials
// and keeps the session down, across restarts, until asked again.
func (m *Manager) Disconnect(ctx context.Context, id int) (app.SessionStatus, error) {
	s, e, err := m.session(ctx, id)
	if err != nil {
		return app.SessionStatus{}, err
	}
	s.op.Lock()
	defer s.op.Unlock()
	s.log.Info("desconectando (logout) a pedido")
	err = s.logout(ctx)
	s.setHold(ctx, app.ReasonUserLogout)
	s.set(app.StateDisconnected, app.ReasonUserLogout, "")
	if err != nil {
		return withBot(s.snapshot(), e), err
	}
	return withBot(s.snapshot(), e), nil
}

// Reconnect restarts the session: saved credentials where there are some,
// a new QR where not. fresh logs out first, so it always ends in a new QR.
func (m *Manager) Reconnect(ctx context.Context, id int, fresh bool) (app.SessionStatus, error) {
	s, e, err := m.session(ctx, id)
	if err != nil {
		return app.SessionStatus{}, err
	}
	s.op.Lock()
	defer s.op.Unlock()
	s.log.Info("reconectando a pedido", "novo_qr", fresh)
	if fresh {
		if err := s.logout(ctx); err != nil {
			return withBot(s.snapshot(), e), err
		}
	}
	s.mu.Lock()
	s.attempt = 0
	s.mu.Unlock()
	s.setHold(ctx, "")
	if err := s.start(ctx); err != nil {
		return withBot(s.snapshot(), e), err
	}
	return withBot(s.snapshot(), e), nil
}

// PairPhone asks WhatsApp for a code to type on the phone instead of
// reading a QR. The session must be waiting for a pairing; where it is not
// yet, it is started and the first QR awaited.
func (m *Manager) PairPhone(ctx context.Context, id int, phone string) (string, error) {
	phone, err := app.CheckPhone("phone", phone)
	if err != nil {
		return "", err
	}
	s, _, err := m.session(ctx, id)
	if err != nil {
		return "", err
	}
	s.op.Lock()
	s.mu.Lock()
	state, paired, hasClient := s.state, s.paired, s.client != nil
	s.mu.Unlock()
	if paired {
		// Pairing by code needs an unlinked device; unlinking the saved one
		// is the owner's explicit call, never a side effect of a typo here.
		s.op.Unlock()
		return "", app.Errorf(app.ECONFLICT, "a empresa tem um WhatsApp vinculado; desconecte (POST /api/bot/disconnect) antes de parear outro número")
	}
	if state != app.StateQR && !(state == app.StateConnecting && hasClient) {
		s.setHold(ctx, "")
		if err := s.start(ctx); err != nil {
			s.op.Unlock()
			return "", err
		}
	}
	s.op.Unlock()

	wctx, cancel := context.WithTimeout(ctx, 30*time.Second)
	st, err := s.waitFor(wctx, func(st app.SessionState) bool { return st != app.StateConnecting })
	cancel()
	if err != nil || st.Status != app.StateQR {
		return "", app.Errorf(app.ENOTCONNECTED, "o WhatsApp não ficou pronto para parear (estado: %s)", st.Status)
	}
	s.op.Lock()
	defer s.op.Unlock()
	s.mu.Lock()
	cli, state := s.client, s.state
	s.mu.Unlock()
	if cli == nil || state != app.StateQR {
		return "", app.Errorf(app.ENOTCONNECTED, "o WhatsApp não está aguardando pareamento (estado: %s)", state)
	}
	code, err := cli.PairPhone(ctx, phone)
	if err != nil {
		s.log.Warn("pedido de código de pareamento falhou", "err", err)
		return "", app.Errorf(app.EINVALID, "o WhatsApp recusou o pedido de código de pareamento: %v", err)
	}
	s.log.Info("código de pareamento emitido")
	m.publisher.Publish(app.Event{Type: app.EventPairCode, EmpresaID: id, Data: app.PairCodeEvent{Code: code, Phone: phone}})
	return code, nil
}

// Sessions lists the session of every registered empresa, by id.
func (m *Manager) Sessions(ctx context.Context) ([]app.SessionStatus, error) {
	list, err := m.registry.ListEmpresas(ctx)
	if err != nil {
		return nil, err
	}
	out := make([]app.SessionStatus, 0, len(list))
	for _, e := range list {
		var st app.SessionStatus
		if s := m.existing(e.ID); s != nil {
			st = s.snapshot()
		} else if m.MissingData(e.ID) {
			st = app.SessionStatus{EmpresaID: e.ID, Status: app.StateError, Reason: app.ReasonMissingData,
				LastError: missingDataMessage, Since: e.CriadoEm}
		} else {
			st = app.SessionStatus{EmpresaID: e.ID, Status: app.StateDisconnected, Since: e.CriadoEm}
		}
		out = append(out, withBot(st, e))
	}
	slices.SortFunc(out, func(a, b app.SessionStatus) int { return a.EmpresaID - b.EmpresaID })
	return out, nil
}

// Shutdown ends every session, one after the other (the connection closes,
// the credentials stay), and waits for their goroutines, or for ctx. Call
// it before the tenant DBs close; Close does.
func (m *Manager) Shutdown(ctx context.Context) error {
	m.smu.Lock()
	already := m.closing
	m.closing = true
	list := make([]*session, 0, len(m.sessions))
	for _, s := range m.sessions {
		list = append(list, s)
	}
	m.smu.Unlock()
	if !already {
		// Aborts dials in flight first, so no Disconnect waits on one.
		m.baseCancel()
		slices.SortFunc(list, func(a, b *session) int { return a.id - b.id })
		for _, s := range list {
			s.stop()
		}
		if len(list) > 0 {
			m.log.Info("sessões do WhatsApp encerradas", "total", len(list))
		}
	}
	done := make(chan struct{})
	go func() {
		m.wg.Wait()
		close(done)
	}()
	select {
	case <-done:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// stopSession ends empresa id's session before its folder moves.
func (m *Manager) stopSession(ctx context.Context, id int) {
	m.smu.Lock()
	s := m.sessions[id]
	delete(m.sessions, id)
	m.smu.Unlock()
	if s != nil {
		s.stop()
	}
}
