// Package conversations is the sales pipeline: it takes every inbound
// WhatsApp message of every empresa, decides whether the assistant answers
// it, stores both sides in the empresa's own database, sends the replies
// through that empresa's own session and tells the CRM (WebSocket events,
// lead updates). It also serves the CRM's conversation actions. It speaks
// to the rest of the appliance only through app's interfaces.
package conversations

import (
	"context"
	"encoding/json"
	"fmt"
	"hash/maphash"
	"log/slog"
	"strings"
	"sync"
	"time"

	"vendeai/app"
	"vendeai/app/bot"
)

// Policy numbers of the pipeline.
const (
	// MaxAge: older messages (delivered on reconnect) are stored, never
	// answered: a reply hours late reads as a bot gone mad.
	MaxAge = 6 * time.Hour
	// RepliesPerMinute bounds how many of one contact's messages are
	// answered in a minute (an answer may take two WhatsApp messages), so
	// two bots can never talk to each other forever.
	RepliesPerMinute = 6
	// MediaNoticeEvery: a contact who sends audio or pictures is asked for
	// text at most this often.
	MediaNoticeEvery = time.Hour

	simulationPrefix = "sim:"
	queueLength      = 256
)

// Authors of stored messages.
const (
	AuthorCustomer = "cliente"
	AuthorBot      = "bot"
	AuthorStore    = "loja"
)

// Config is what a Service is built from.
type Config struct {
	Empresas interface {
		FindEmpresa(context.Context, int) (*app.Empresa, error)
	}
	Leads     app.LeadStores
	Vehicles  app.VehicleStores
	Messenger app.Messenger
	Publisher app.Publisher
	Logger    *slog.Logger
	Now       func() time.Time
	// Workers is how many messages are worked on at once (default 8). One
	// contact's messages always go to the same worker, in order.
	Workers int
	// OnReply, when set, is told how long each answered message took from
	// its arrival in the pipeline to its stored reply (metrics, benchmarks).
	OnReply func(empresaID int, phone string, d time.Duration)
	// OnMessage, when set, counts every message stored (direction in/out).
	OnMessage func(empresaID int, direction string)
}

// Service is the pipeline. Start it with New, stop it with Close.
type Service struct {
	cfg       Config
	log       *slog.Logger
	assistant bot.Assistant
	seed      maphash.Seed
	queues    []chan job
	wg        sync.WaitGroup

	closeOnce sync.Once
	mu        sync.RWMutex // held for reading while enqueueing; Close takes it to close the queues
	closed    bool

	throttle *throttle
}

var (
	_ app.InboundHandler = (*Service)(nil)
	_ app.CRM            = (*Service)(nil)
)

type discard struct{}

func (discard) Publish(app.Event) {}

type job struct {
	msg      app.InboundMessage
	received time.Time
	barrier  chan struct{} // set on Flush's markers instead of a message
	// action, when set, runs instead of a message, in the contact's order
	// (the CRM's changes to a conversation; see inContactOrder).
	action func()
}

// New starts the pipeline's workers.
func New(cfg Config) *Service {
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.DiscardHandler)
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.Workers <= 0 {
		cfg.Workers = 8
	}
	if cfg.Publisher == nil {
		cfg.Publisher = discard{}
	}
	s := &Service{cfg: cfg, log: cfg.Logger, seed: maphash.MakeSeed(), throttle: newThrottle()}
	for range cfg.Workers {
		q := make(chan job, queueLength)
		s.queues = append(s.queues, q)
		s.wg.Add(1)
		go s.work(q)
	}
	return s
}

// Close stops taking messages and waits for the queued ones to finish.
// Call it after the sessions have stopped and before the DBs close.
func (s *Service) Close() error {
	s.closeOnce.Do(func() {
		s.mu.Lock()
		s.closed = true
		for _, q := range s.queues {
			close(q)
		}
		s.mu.Unlock()
		s.wg.Wait()
	})
	return nil
}

// HandleInbound queues msg for its contact's worker. What a salesperson
// would never answer is dropped here, before any work is done.
func (s *Service) HandleInbound(ctx context.Context, msg app.InboundMessage) {
	if msg.IsGroup || msg.IsBroadcast || msg.IsStatus || msg.IsNewsletter || msg.IsEdit || msg.IsReaction {
		return
	}
	phone, valid := app.NormalizePhone(msg.From)
	if !valid {
		return
	}
	msg.From = phone
	q := s.queueFor(msg.EmpresaID, phone)
	s.mu.RLock()
	defer s.mu.RUnlock()
	if s.closed {
		return
	}
	select {
	case q <- job{msg: msg, received: s.cfg.Now()}:
	case <-ctx.Done():
		s.log.Warn("mensagem não enfileirada", "empresa_id", msg.EmpresaID, "err", ctx.Err())
	}
}

// queueFor is the one worker queue of a contact, so its messages and the
// CRM's changes to its conversation happen one at a time, in order.
func (s *Service) queueFor(empresaID int, phone string) chan job {
	return s.queues[maphash.String(s.seed, fmt.Sprint(empresaID, ":", phone))%uint64(len(s.queues))]
}

// inContactOrder runs fn on the contact's worker, after the messages
// queued before it, and waits for it: a conversation state is never
// written by two hands at once.
func (s *Service) inContactOrder(ctx context.Context, empresaID int, phone string, fn func()) error {
	done := make(chan struct{})
	s.mu.RLock()
	if s.closed {
		s.mu.RUnlock()
		return app.Errorf(app.EUNAVAILABLE, "o servidor está encerrando")
	}
	select {
	case s.queueFor(empresaID, phone) <- job{action: func() { defer close(done); fn() }}:
	case <-ctx.Done():
		s.mu.RUnlock()
		return ctx.Err()
	}
	s.mu.RUnlock()
	select {
	case <-done:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

func (s *Service) work(q chan job) {
	defer s.wg.Done()
	for j := range q {
		switch {
		case j.barrier != nil:
			close(j.barrier)
			continue
		case j.action != nil:
			s.runAction(j.action)
			continue
		}
		s.handle(j)
	}
}

// runAction runs a CRM change on the worker; a panic in it stays there.
func (s *Service) runAction(fn func()) {
	defer func() {
		if v := recover(); v != nil {
			s.log.Error("panic numa ação do CRM", "panic", v)
		}
	}()
	fn()
}

// Flush waits until every message queued before it has been handled: the
// benchmarks and tests use it to know the pipeline is quiet.
func (s *Service) Flush(ctx context.Context) error {
	s.mu.RLock()
	if s.closed {
		s.mu.RUnlock()
		return nil
	}
	markers := make([]chan struct{}, len(s.queues))
	for i, q := range s.queues {
		markers[i] = make(chan struct{})
		select {
		case q <- job{barrier: markers[i]}:
		case <-ctx.Done():
			s.mu.RUnlock()
			return ctx.Err()
		}
	}
	s.mu.RUnlock()
	for _, m := range markers {
		select {
		case <-m:
		case <-ctx.Done():
			return ctx.Err()
		}
	}
	return nil
}

// handle runs one message through the pipeline; a panic or error stays
// with this message and this empresa.
func (s *Service) handle(j job) {
	defer func() {
		if v := recover(); v != nil {
			s.log.Error("panic no atendimento", "empresa_id", j.msg.EmpresaID, "panic", v)
		}
	}()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	if err := s.process(ctx, j); err != nil {
		s.log.Error("mensagem não atendida", "empresa_id", j.msg.EmpresaID, "err", err)
	}
}

func (s *Service) process(ctx context.Context, j job) error {
	msg := j.msg
	leads, err := s.cfg.Leads.LeadStore(ctx, msg.EmpresaID)
	if err != nil {
		return err
	}
	if msg.Timestamp.IsZero() {
		msg.Timestamp = j.received
	}
	stored := &app.Message{Phone: msg.From, Direction: app.DirectionIn, Author: AuthorCustomer,
		Kind: msg.Kind, Text: msg.Text, Timestamp: msg.Timestamp, WAID: msg.ID}
	if msg.FromMe {
		// Typed on the store's own phone: part of the conversation, never answered.
		stored.Direction, stored.Author = app.DirectionOut, AuthorStore
	}
	if err := leads.SaveMessage(ctx, stored, pushName(msg)); err != nil {
		return err
	}
	s.publishMessage(msg.EmpresaID, stored)
	if msg.FromMe || s.cfg.Now().Sub(msg.Timestamp) > MaxAge {
		return nil
	}
	empresa, err := s.cfg.Empresas.FindEmpresa(ctx, msg.EmpresaID)
	if err != nil {
		return err
	}
	if !empresa.BotAtivo {
		return nil
	}
	// Checked before the assistant runs: a silenced message changes no
	// state, so nothing is decided that the customer is never told.
	if !s.throttle.allowAnswer(msg.EmpresaID, msg.From, s.cfg.Now()) {
		s.log.Warn("limite de respostas por minuto atingido; silêncio", "empresa_id", msg.EmpresaID)
		return nil
	}
	replies, err := s.answer(ctx, empresa, leads, msg)
	if err != nil || len(replies) == 0 {
		return err
	}
	// Courtesies first; a transport without them is no reason to stay silent.
	_ = s.cfg.Messenger.MarkRead(ctx, msg)
	_ = s.cfg.Messenger.Typing(ctx, msg.EmpresaID, msg.From)
	for _, text := range replies {
		if _, err := s.send(ctx, leads, msg.EmpresaID, msg.From, text, AuthorBot); err != nil {
			return err
		}
	}
	if s.cfg.OnReply != nil {
		s.cfg.OnReply(msg.EmpresaID, msg.From, s.cfg.Now().Sub(j.received))
	}
	return nil
}

func pushName(msg app.InboundMessage) string {
	if msg.FromMe {
		return ""
	}
	return msg.PushName
}

// answer asks the assistant (or, for media, the one polite notice) and
// carries out what it asks: state, lead status, events.
func (s *Service) answer(ctx context.Context, empresa *app.Empresa, leads app.LeadStore, msg app.InboundMessage) ([]string, error) {
	if msg.Kind != app.KindText || strings.TrimSpace(msg.Text) == "" {
		state, err := loadState(ctx, leads, msg.From)
		if err != nil || state.Silenced(s.cfg.Now()) {
			return nil, err
		}
		if !s.throttle.allowMediaNotice(msg.EmpresaID, msg.From, s.cfg.Now()) {
			return nil, nil
		}
		return []string{"Por aqui eu só consigo ler mensagens de texto. 🙂 Pode me escrever o que você procura?"}, nil
	}
	out, err := s.reply(ctx, empresa, leads, msg.From, msg.From, msg.Text, msg.PushName)
	if err != nil {
		return nil, err
	}
	if err := s.applyActions(ctx, empresa.ID, leads, msg.From, out); err != nil {
		return nil, err
	}
	return out.Replies, nil
}

// reply runs the assistant over the empresa's own inventory with the state
// kept under key, and stores the new state.
func (s *Service) reply(ctx context.Context, empresa *app.Empresa, leads app.LeadStore, key, from, text, pushName string) (bot.Output, error) {
	vehicles, err := s.cfg.Vehicles.VehicleStore(ctx, empresa.ID)
	if err != nil {
		return bot.Output{}, err
	}
	state, err := loadState(ctx, leads, key)
	if err != nil {
		return bot.Output{}, err
	}
	out, err := s.assistant.Reply(ctx, bot.Input{Empresa: empresa, Text: text, PushName: pushName,
		Now: s.cfg.Now(), State: state, Inventory: vehicles})
	if err != nil {
		return bot.Output{}, err
	}
	data, err := json.Marshal(out.State)
	if err != nil {
		return bot.Output{}, err
	}
	return out, leads.SaveConversation(ctx, key, data)
}

func loadState(ctx context.Context, leads app.LeadStore, key string) (bot.State, error) {
	var st bot.State
	data, err := leads.Conversation(ctx, key)
	if err != nil || data == nil {
		return st, err
	}
	if err := json.Unmarshal(data, &st); err != nil {
		// A state this version cannot read starts the conversation afresh
		// rather than silencing the contact forever.
		return bot.State{}, nil
	}
	return st, nil
}

// applyActions mirrors the assistant's decisions on the lead and tells the
// CRM about the ones a salesperson must act on.
func (s *Service) applyActions(ctx context.Context, empresaID int, leads app.LeadStore, phone string, out bot.Output) error {
	a := out.Actions
	upd := app.LeadUpdate{AddInteresse: a.Interest, Troca: a.Troca, Negociacao: a.Negociacao}
	motivo, razao := "", ""
	setStatus := func(st string) { upd.Status = &st }
	switch {
	case a.OptOut:
		setStatus(app.LeadOptOut)
		motivo = app.LeadOptOut
	case a.Handoff != nil:
		setStatus(app.LeadHumano)
		upd.HumanoAte = &a.Handoff.Until
		motivo, razao = app.LeadHumano, a.Handoff.Reason
	case a.Visit != nil:
		setStatus(app.LeadAgendado)
		visita := *a.Visit
		visita.SolicitadaEm = s.cfg.Now().UTC()
		upd.Visita = &visita
		motivo = "visita"
	case a.Troca != nil:
		motivo = "troca"
		fallthrough
	case a.OptIn || len(out.Replies) > 0:
		lead, err := leads.FindLead(ctx, phone)
		if err != nil {
			return err
		}
		if lead.Status == app.LeadNovo || lead.Status == app.LeadOptOut || a.OptIn {
			setStatus(app.LeadEmAtendimento)
		}
	}
	if a.Question != "" && motivo == "" {
		motivo, razao = "pergunta", a.Question
	}
	if upd.Status == nil && len(upd.AddInteresse) == 0 && upd.Troca == nil && motivo == "" {
		return nil
	}
	lead, err := leads.UpdateLead(ctx, phone, upd)
	if err != nil {
		return err
	}
	if motivo != "" {
		s.cfg.Publisher.Publish(app.Event{Type: app.EventLead, EmpresaID: empresaID, Data: app.LeadEvent{Motivo: motivo, Razao: razao, Lead: lead}})
	}
	return nil
}

// send delivers text as the empresa and stores it once WhatsApp took it.
func (s *Service) send(ctx context.Context, leads app.LeadStore, empresaID int, to, text, author string) (*app.Message, error) {
	if err := s.cfg.Messenger.Send(ctx, empresaID, to, text); err != nil {
		return nil, err
	}
	m := &app.Message{Phone: to, Direction: app.DirectionOut, Author: author, Kind: app.KindText, Text: text, Timestamp: s.cfg.Now()}
	if err := leads.SaveMessage(ctx, m, ""); err != nil {
		return nil, err
	}
	// The session has already pushed the "message" event of what it sent.
	s.countMessage(empresaID, m.Direction)
	return m, nil
}

func (s *Service) countMessage(empresaID int, direction string) {
	if s.cfg.OnMessage != nil {
		s.cfg.OnMessage(empresaID, direction)
	}
}

// publishMessage pushes a message the session did not send itself.
func (s *Service) publishMessage(empresaID int, m *app.Message) {
	s.countMessage(empresaID, m.Direction)
	ev := app.MessageEvent{Direction: m.Direction, Text: m.Text, Timestamp: m.Timestamp}
	if m.Direction == app.DirectionIn {
		ev.From = m.Phone
	} else {
		ev.To = m.Phone
	}
	s.cfg.Publisher.Publish(app.Event{Type: app.EventMessage, EmpresaID: empresaID, Data: ev})
}
