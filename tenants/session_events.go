package tenants

import (
	"fmt"
	"runtime/debug"
	"time"

	"go.mau.fi/whatsmeow/types/events"

	"vendeai/app"
)

// What the WhatsApp client says, and what the session makes of it: one
// switch calling one small handler per event (mautrix-whatsapp's shape).
// Both transports speak whatsmeow's event types, so this is the one state
// machine of every session (docs/ARCHITECTURE.md draws it).

// handle runs one event. A panic is this empresa's problem only: logged,
// and the others carry on.
func (s *session) handle(e envelope) {
	defer func() {
		if r := recover(); r != nil {
			s.log.Error("pânico ao tratar evento do WhatsApp", "evento", fmt.Sprintf("%T", e.evt), "panic", r, "stack", string(debug.Stack()))
		}
	}()
	if done, ok := e.evt.(flushMarker); ok {
		close(done)
		return
	}
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

// The handlers below run with op held (messages excepted).

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
	if db, err := s.m.folderDB(s.m.baseCtx, s.id); err == nil {
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
	if !msg.Ignored() {
		s.m.directory.saw(s.id, msg.From)
	}
	s.m.inbound.HandleInbound(s.m.baseCtx, msg)
}
