package tenants

import (
	"context"
	"fmt"
	"log/slog"
	"runtime/debug"
	"sync"
	"time"

	"vendeai/app"
)

// session is one empresa's WhatsApp session and the one place that decides
// its state. Lifecycle calls (Connect, Disconnect, Reconnect, stop) and the
// handling of the client's events both run under op, so they never
// interleave; state fields are read under mu, so Status never waits for a
// slow lifecycle call.
//
// Every client gets a generation number; an event or timer carries the
// generation it was made for and is dropped when the session has moved on
// (a late Disconnected of a client already closed cannot lie about the
// state of the next one).
type session struct {
	m   *Manager
	id  int
	log *slog.Logger

	op sync.Mutex

	mu       sync.Mutex
	state    app.SessionState
	since    time.Time
	reason   string
	lastErr  string
	phone    string
	jid      string
	pushName string
	paired   bool
	qr       *app.QREvent
	banUntil *time.Time
	client   Client
	cancel   context.CancelFunc
	gen      uint64
	timer    *time.Timer
	attempt  int // failed connects in a row, for the backoff
	changed  chan struct{}
	queue    []envelope
	running  bool
	closed   bool
}

// envelope is a queued event with the generation it belongs to.
type envelope struct {
	gen uint64
	evt any
}

// connectResult is what the client's Connect returned.
type connectResult struct{ err error }

// retryTick fires when a backoff or a ban has run out.
type retryTick struct{}

func newSession(m *Manager, id int) *session {
	s := &session{m: m, id: id, log: m.log.With("empresa_id", id),
		state: app.StateDisconnected, since: m.now().UTC(), changed: make(chan struct{})}
	if m.MissingData(id) {
		s.state, s.reason, s.lastErr = app.StateError, app.ReasonMissingData, missingDataMessage
	}
	return s
}

// missingDataMessage tells the dealer why a registered empresa cannot run.
const missingDataMessage = "os dados desta empresa não estão no disco (pasta tenants/empresa_N ausente ou de outra empresa); restaure um backup"

// post queues evt for the session's worker; it never blocks. The worker is
// a goroutine started when the queue fills and gone when it empties, so an
// idle session costs no goroutine.
func (s *session) post(gen uint64, evt any) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return false
	}
	s.queue = append(s.queue, envelope{gen, evt})
	if !s.running {
		s.running = true
		s.m.wg.Add(1)
		go s.drain()
	}
	return true
}

// flushMarker is queued by flush; the worker closes it when it gets there.
type flushMarker chan struct{}

// flush waits until every event queued before it has been handled. With
// no retry timer pending after it, nothing more happens to the session by
// itself: the tests show "it stays so" that way, never by sleeping.
func (s *session) flush(ctx context.Context) error {
	done := make(flushMarker)
	if !s.post(0, done) {
		return nil // closed: nothing is queued or handled any more
	}
	select {
	case <-done:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// retryPending reports whether a backoff or ban timer will act later.
func (s *session) retryPending() bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.timer != nil
}

func (s *session) drain() {
	defer s.m.wg.Done()
	for {
		s.mu.Lock()
		if len(s.queue) == 0 {
			s.running = false
			s.queue = nil // let a burst's backing array go
			s.mu.Unlock()
			return
		}
		e := s.queue[0]
		s.queue[0] = envelope{}
		s.queue = s.queue[1:]
		s.mu.Unlock()
		s.handle(e)
	}
}

// current reports whether gen is still the session's generation.
func (s *session) current(gen uint64) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return !s.closed && gen == s.gen
}

// --- lifecycle (callers hold op) ---

// start builds a fresh client and connects it in the background; the
// outcome comes back as events. A client per attempt means no state of an
// earlier attempt survives into the next.
func (s *session) start(ctx context.Context) error {
	s.dropClient()
	db, err := s.m.folderDB(ctx, s.id)
	if err != nil {
		s.set(app.StateError, app.ReasonMissingData, app.ErrorMessage(err))
		return err
	}
	s.mu.Lock()
	if s.closed {
		s.mu.Unlock()
		return app.Errorf(app.EUNAVAILABLE, "o servidor está sendo encerrado")
	}
	s.gen++
	gen := s.gen
	s.mu.Unlock()
	cli, err := s.m.transport.NewClient(ctx, ClientConfig{
		EmpresaID: s.id, Store: db, Logger: s.log,
		Events:  func(evt any) { s.post(gen, evt) },
		Backoff: s.m.backoff.Delay,
	})
	if err != nil {
		s.log.Error("criar cliente do WhatsApp", "err", err)
		s.set(app.StateError, app.ReasonConnectFailed, "não foi possível preparar a sessão do WhatsApp: "+err.Error())
		return err
	}
	connCtx, cancel := context.WithCancel(s.m.baseCtx)
	s.mu.Lock()
	s.client, s.cancel = cli, cancel
	s.paired = cli.IsPaired()
	if s.paired {
		if jid, push := cli.Self(); jid != "" {
			s.jid, s.phone, s.pushName = jid, phoneOf(jid), push
		}
	}
	s.m.wg.Add(1) // s.closed was checked under this same lock above; stop needs op, which we hold
	s.mu.Unlock()
	s.set(app.StateConnecting, "", s.lastError())
	go func() {
		defer s.m.wg.Done()
		var err error
		func() {
			defer func() {
				if r := recover(); r != nil {
					s.log.Error("pânico ao conectar ao WhatsApp", "panic", r, "stack", string(debug.Stack()))
					err = fmt.Errorf("falha interna do cliente: %v", r)
				}
			}()
			err = cli.Connect(connCtx)
		}()
		s.post(gen, connectResult{err})
	}()
	return nil
}

// dropClient closes the current client (keeping its credentials) and
// moves to a new generation, so nothing it still says is heard.
func (s *session) dropClient() {
	s.mu.Lock()
	cli, cancel := s.client, s.cancel
	s.client, s.cancel = nil, nil
	s.gen++
	if s.timer != nil {
		s.timer.Stop()
		s.timer = nil
	}
	s.qr = nil
	s.mu.Unlock()
	if cancel != nil {
		cancel() // first: it aborts a dial that holds the client's socket lock
	}
	if cli != nil {
		cli.Close()
	}
}

// logout unlinks the phone and forgets the credentials, with or without a
// client.
func (s *session) logout(ctx context.Context) error {
	s.mu.Lock()
	cli := s.client
	s.mu.Unlock()
	var err error
	if cli != nil {
		lctx, cancel := context.WithTimeout(ctx, 15*time.Second)
		if lerr := cli.Logout(lctx); lerr != nil {
			s.log.Warn("logout do WhatsApp sem confirmação do servidor; credenciais apagadas localmente", "err", lerr)
		}
		cancel()
		s.dropClient()
	} else {
		s.dropClient()
	}
	// Forget also where Logout could not (a client that never loaded, a
	// store whose delete failed): credentials must not outlive a logout.
	if db, derr := s.m.folderDB(ctx, s.id); derr == nil {
		err = s.m.transport.Forget(ctx, db)
	}
	s.mu.Lock()
	s.paired = false
	s.jid, s.phone, s.pushName = "", "", ""
	s.banUntil = nil
	s.mu.Unlock()
	return err
}

// stop ends the session for good (shutdown, empresa removed).
func (s *session) stop() {
	s.op.Lock()
	defer s.op.Unlock()
	s.dropClient()
	s.set(app.StateDisconnected, app.ReasonShutdown, s.lastError())
	s.mu.Lock()
	s.closed = true
	s.queue = nil
	s.mu.Unlock()
}

// setHold records whether the boot-time reconnection may bring the session
// back ("" lets it).
func (s *session) setHold(ctx context.Context, reason string) {
	db, err := s.m.folderDB(ctx, s.id)
	if err == nil {
		err = db.SetSessionHold(ctx, reason)
	}
	if err != nil {
		s.log.Error("gravar estado da sessão para o próximo início", "err", err)
	}
}

// schedule posts a retryTick after d, for the current generation.
func (s *session) schedule(d time.Duration) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.timer != nil {
		s.timer.Stop()
	}
	gen := s.gen
	s.timer = time.AfterFunc(d, func() { s.post(gen, retryTick{}) })
}

// --- state ---

// set moves the session to state and announces it.
func (s *session) set(state app.SessionState, reason, lastErr string) {
	s.mu.Lock()
	s.state, s.reason, s.lastErr = state, reason, lastErr
	s.since = s.m.now().UTC()
	if state != app.StateQR {
		s.qr = nil
	}
	if state != app.StateBanned {
		s.banUntil = nil
	}
	close(s.changed)
	s.changed = make(chan struct{})
	st := s.snapshotLocked()
	s.mu.Unlock()
	if e, err := s.m.registry.FindEmpresa(s.m.baseCtx, s.id); err == nil {
		st.BotAtivo = e.BotAtivo
	}
	s.m.publisher.Publish(app.Event{Type: app.EventStatus, EmpresaID: s.id, Data: st})
}

func (s *session) isClosed() bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.closed
}

func (s *session) currentState() app.SessionState {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.state
}

func (s *session) lastError() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.lastErr
}

func (s *session) snapshot() app.SessionStatus {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.snapshotLocked()
}

func (s *session) snapshotLocked() app.SessionStatus {
	st := app.SessionStatus{
		EmpresaID: s.id, Status: s.state, Connected: s.state == app.StateConnected, LoggedIn: s.paired,
		Phone: s.phone, JID: s.jid, PushName: s.pushName, Reason: s.reason, LastError: s.lastErr, Since: s.since,
	}
	if s.qr != nil && s.state == app.StateQR {
		code, img, exp := s.qr.QR, s.qr.QRImage, s.qr.ExpiresAt
		st.QR, st.QRImage, st.QRExpiresAt = &code, &img, &exp
	}
	if s.banUntil != nil && s.state == app.StateBanned {
		until := *s.banUntil
		st.BanExpiresAt = &until
	}
	return st
}

// waitFor waits until ok accepts the session's state, or ctx ends.
func (s *session) waitFor(ctx context.Context, ok func(app.SessionState) bool) (app.SessionStatus, error) {
	return s.waitUntil(ctx, func(st app.SessionStatus) bool { return ok(st.Status) })
}

// waitUntil waits until ok accepts the session's status, or ctx ends.
func (s *session) waitUntil(ctx context.Context, ok func(app.SessionStatus) bool) (app.SessionStatus, error) {
	for {
		s.mu.Lock()
		if st := s.snapshotLocked(); ok(st) {
			s.mu.Unlock()
			return st, nil
		}
		ch := s.changed
		s.mu.Unlock()
		select {
		case <-ch:
		case <-ctx.Done():
			return s.snapshot(), ctx.Err()
		}
	}
}
