package tenants

import (
	"context"
	"fmt"
	"log/slog"
	"runtime/debug"
	"sync"
	"time"

	"go.mau.fi/whatsmeow/types/events"

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
func (s *session) post(gen uint64, evt any) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return
	}
	s.queue = append(s.queue, envelope{gen, evt})
	if !s.running {
		s.running = true
		s.m.wg.Add(1)
		go s.drain()
	}
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

// handle runs one event. A panic is this empresa's problem only: logged,
// and the others carry on.
func (s *session) handle(e envelope) {
	defer func() {
		if r := recover(); r != nil {
			s.log.Error("pânico ao tratar evento do WhatsApp", "evento", fmt.Sprintf("%T", e.evt), "panic", r, "stack", string(debug.Stack()))
		}
	}()
	if msg, ok := e.evt.(*events.Message); ok {
		// Messages change no state: they skip op so a slow lifecycle call
		// never delays a customer.
		if s.current(e.gen) {
			s.handleMessage(msg)
		}
		return
	}
	s.op.Lock()
	defer s.op.Unlock()
	if !s.current(e.gen) {
		return
	}
	switch evt := e.evt.(type) {
	case connectResult:
		s.handleConnectResult(evt)
	case retryTick:
		s.handleRetry()
	case QRCode:
		s.handleQRCode(evt)
	case QRDone:
		s.handleQRDone(evt)
	case ReconnectFailed:
		s.handleReconnectFailed(evt)
	case *events.PairSuccess:
		s.handlePairSuccess(evt)
	case *events.PairError:
		s.handlePairError(evt)
	case *events.Connected:
		s.handleConnected()
	case *events.Disconnected:
		s.handleDisconnected()
	case *events.LoggedOut:
		s.handleLoggedOut(evt)
	case *events.StreamReplaced:
		s.handleStreamReplaced()
	case *events.TemporaryBan:
		s.handleTemporaryBan(evt)
	case *events.ClientOutdated:
		s.handleClientOutdated()
	case *events.ConnectFailure:
		s.handleConnectFailure(evt)
	case *events.PushNameSetting:
		if name := evt.Action.GetName(); name != "" {
			s.mu.Lock()
			s.pushName = name
			s.mu.Unlock()
		}
	case *events.KeepAliveTimeout:
		s.log.Debug("keepalive do WhatsApp sem resposta", "erros", evt.ErrorCount)
	}
}

// --- lifecycle (callers hold op) ---

// start builds a fresh client and connects it in the background; the
// outcome comes back as events. A client per attempt means no state of an
// earlier attempt survives into the next.
func (s *session) start(ctx context.Context) error {
	s.dropClient()
	db, err := s.m.db(ctx, s.id)
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
	if db, derr := s.m.db(ctx, s.id); derr == nil {
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

// setHold records whether restore at boot may bring the session back.
func (s *session) setHold(ctx context.Context, reason string) {
	db, err := s.m.db(ctx, s.id)
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

// --- event handlers (callers hold op) ---

func (s *session) handleConnectResult(r connectResult) {
	if r.err == nil {
		return // the socket is up: a QR code or Connected follows
	}
	s.log.Warn("conexão ao WhatsApp falhou", "err", r.err)
	s.dropClient()
	s.mu.Lock()
	s.attempt++
	attempt, paired := s.attempt, s.paired
	s.mu.Unlock()
	msg := "não foi possível conectar ao WhatsApp: " + r.err.Error()
	if !paired {
		// An unpaired session retried would be a QR loop nobody watches.
		s.set(app.StateError, app.ReasonConnectFailed, msg)
		return
	}
	d := s.m.backoff.Delay(attempt)
	s.set(app.StateError, app.ReasonConnectFailed, fmt.Sprintf("%s (nova tentativa em %s)", msg, d.Round(time.Second)))
	s.schedule(d)
}

func (s *session) handleRetry() {
	s.mu.Lock()
	state := s.state
	s.mu.Unlock()
	if state != app.StateError && state != app.StateBanned {
		return
	}
	if err := s.start(s.m.baseCtx); err != nil {
		s.mu.Lock()
		s.attempt++
		attempt, paired := s.attempt, s.paired
		s.mu.Unlock()
		if paired {
			s.schedule(s.m.backoff.Delay(attempt))
		}
	}
}

func (s *session) handleQRCode(q QRCode) {
	img, err := qrDataURL(q.Code)
	if err != nil {
		s.log.Error("gerar imagem do QR", "err", err)
	}
	ev := app.QREvent{QR: q.Code, QRImage: img, ExpiresAt: s.m.now().UTC().Add(q.Timeout)}
	s.mu.Lock()
	s.qr = &ev
	s.mu.Unlock()
	s.log.Info("QR code disponível para leitura", "expira_em", q.Timeout)
	s.m.publisher.Publish(app.Event{Type: app.EventQR, EmpresaID: s.id, Data: ev})
	s.set(app.StateQR, "", "")
}

func (s *session) handleQRDone(d QRDone) {
	switch d.Event {
	case QRSuccess:
		// PairSuccess and Connected tell the rest.
	case QRTimeout:
		if st := s.currentState(); st == app.StateQR || st == app.StateConnecting {
			s.dropClient()
			s.set(app.StateDisconnected, app.ReasonQRTimeout, "")
		}
	case QRClientOutdated:
		s.handleClientOutdated()
	case QRError:
		s.handlePairError(&events.PairError{Error: d.Err})
	default:
		s.log.Warn("fim inesperado do pareamento por QR", "evento", d.Event)
	}
}

func (s *session) handlePairSuccess(evt *events.PairSuccess) {
	s.mu.Lock()
	s.paired = true
	s.jid, s.phone = evt.ID.String(), evt.ID.User
	s.qr = nil
	s.mu.Unlock()
	s.log.Info("celular pareado", "plataforma", evt.Platform)
	s.set(app.StateConnecting, "", "")
}

func (s *session) handlePairError(evt *events.PairError) {
	s.log.Warn("pareamento falhou", "err", evt.Error)
	s.dropClient()
	msg := "o pareamento com o celular falhou"
	if evt.Error != nil {
		msg += ": " + evt.Error.Error()
	}
	s.set(app.StateError, ReasonPairError, msg)
}

func (s *session) handleConnected() {
	s.mu.Lock()
	cli := s.client
	s.mu.Unlock()
	if cli == nil {
		return
	}
	jid, push := cli.Self()
	s.mu.Lock()
	s.paired = true
	if jid != "" {
		s.jid, s.phone = jid, phoneOf(jid)
	}
	if push != "" {
		s.pushName = push
	}
	s.attempt = 0
	s.qr, s.banUntil = nil, nil
	s.mu.Unlock()
	s.log.Info("WhatsApp conectado")
	s.set(app.StateConnected, "", "")
}

func (s *session) handleDisconnected() {
	s.mu.Lock()
	state, paired := s.state, s.paired
	s.mu.Unlock()
	// Unpaired, the QR channel ends the attempt; paired, whatsmeow's auto
	// reconnect (capped by our hook) brings it back.
	if paired && (state == app.StateConnected || state == app.StateConnecting) {
		s.log.Warn("conexão com o WhatsApp caiu; reconectando")
		s.set(app.StateReconnecting, ReasonConnectionLost, s.lastError())
	}
}

func (s *session) handleReconnectFailed(r ReconnectFailed) {
	s.log.Warn("reconexão automática falhou", "tentativa", r.Attempt, "proxima_em", r.Next, "err", r.Err)
	msg := fmt.Sprintf("falha ao reconectar (tentativa %d): %v; nova tentativa em %s", r.Attempt, r.Err, r.Next.Round(time.Second))
	s.set(app.StateReconnecting, ReasonConnectionLost, msg)
}

func (s *session) handleLoggedOut(evt *events.LoggedOut) {
	s.log.Warn("sessão encerrada pelo celular ou pelo WhatsApp", "motivo", int(evt.Reason))
	s.dropClient()
	// whatsmeow deletes the device itself; forgetting again makes sure a
	// failed delete cannot bring back dead credentials at the next start.
	if db, err := s.m.db(s.m.baseCtx, s.id); err == nil {
		if err := s.m.transport.Forget(s.m.baseCtx, db); err != nil {
			s.log.Error("apagar credenciais após logout", "err", err)
		}
	}
	s.mu.Lock()
	s.paired = false
	s.jid, s.phone, s.pushName = "", "", ""
	s.mu.Unlock()
	s.set(app.StateLoggedOut, ReasonLoggedOut, "o aparelho foi desconectado pelo celular ou pelo WhatsApp; conecte de novo para ler um novo QR")
}

func (s *session) handleStreamReplaced() {
	s.log.Warn("outra sessão assumiu o número (erro 440); sem reconexão automática")
	s.dropClient()
	s.setHold(s.m.baseCtx, ReasonStreamReplaced)
	s.set(app.StateReplaced, ReasonStreamReplaced, "outro WhatsApp Web assumiu esta sessão (erro 440); reconecte quando ele estiver fechado")
}

func (s *session) handleTemporaryBan(evt *events.TemporaryBan) {
	expire := evt.Expire
	if expire <= 0 {
		expire = s.m.backoff.Max
		if expire <= 0 {
			expire = 5 * time.Minute
		}
	}
	until := s.m.now().UTC().Add(expire)
	s.log.Warn("número banido temporariamente pelo WhatsApp", "codigo", int(evt.Code), "expira_em", expire)
	s.dropClient()
	s.mu.Lock()
	s.banUntil = &until
	s.mu.Unlock()
	s.set(app.StateBanned, ReasonTemporaryBan, fmt.Sprintf("número banido temporariamente pelo WhatsApp (código %d) até %s; reconexão automática depois disso", int(evt.Code), until.Format(time.RFC3339)))
	s.schedule(expire)
}

func (s *session) handleClientOutdated() {
	s.log.Error("WhatsApp recusou a versão do cliente (desatualizado)")
	s.dropClient()
	s.setHold(s.m.baseCtx, ReasonClientOutdated)
	s.set(app.StateOutdated, ReasonClientOutdated, "o WhatsApp recusou esta versão do cliente; atualize o VendeAI")
}

func (s *session) handleConnectFailure(evt *events.ConnectFailure) {
	s.log.Warn("WhatsApp recusou a conexão", "motivo", int(evt.Reason))
	s.dropClient()
	s.mu.Lock()
	s.attempt++
	attempt, paired := s.attempt, s.paired
	s.mu.Unlock()
	msg := fmt.Sprintf("o WhatsApp recusou a conexão (código %d)", int(evt.Reason))
	s.set(app.StateError, app.ReasonConnectFailed, msg)
	if paired {
		s.schedule(s.m.backoff.Delay(attempt))
	}
}

func (s *session) handleMessage(evt *events.Message) {
	msg := inboundMessage(s.id, evt)
	s.m.inbound.HandleInbound(s.m.baseCtx, msg)
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
