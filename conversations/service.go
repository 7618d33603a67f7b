// Package conversations is the sales pipeline: it takes every inbound
// WhatsApp message of every empresa, decides whether the assistant answers
// it, stores both sides in the empresa's own database, sends the replies
// through that empresa's own session and tells the CRM (WebSocket events,
// lead updates). It also serves the CRM's conversation actions. It speaks
// to the rest of the appliance only through app's interfaces.
package conversations

import (
	"context"
	"fmt"
	"hash/maphash"
	"log/slog"
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
	// Tenants finds each empresa with its stores; Messenger sends as it.
	Tenants   app.Tenants
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
	// OnMessage, when set, counts every message stored (direction in/out),
	// as its "message" event is published.
	OnMessage func(empresaID int, direction string)
	// OnSendRefused, when set, counts every send WhatsApp or the
	// appliance's own limits refused, by code (whatsapp_restricao,
	// limite_novos_contatos, nao_esta_no_whatsapp).
	OnSendRefused func(empresaID int, code string)
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
	outreach outreachLocks
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
	if msg.Ignored() {
		return
	}
	// One contact whatever the ninth digit: the pipeline keys it by the
	// canonical form and keeps the exact JID the message came from.
	exact, _ := app.NormalizePhone(msg.From)
	if msg.JID == "" {
		msg.JID = app.PhoneJID(exact)
	}
	msg.From = app.CanonicalPhone(exact)
	phone := msg.From
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
