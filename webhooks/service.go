// Package webhooks delivers every empresa's events to the CRM's webhooks.
// The deliveries are rows of each empresa's outbox, written by the storage
// in the same transaction as the change they report; this package sends
// them (signed, one lane per empresa and destination, in seq order), retries
// them with backoff, records every attempt, resumes them after a restart,
// prunes the log, and serves the API's webhook routes (configuration with
// the host allow-list, tests, the delivery log, replays). It speaks to the
// rest of the appliance only through app's interfaces.
package webhooks

import (
	"context"
	"log/slog"
	"net/http"
	"sync"
	"sync/atomic"
	"time"

	"vendeai/app"
)

// Delivery policy.
const (
	// Timeout bounds one attempt, from dialing to the answer read.
	Timeout = 10 * time.Second
	// DefaultBackoff is the first retry's delay; it doubles up to MaxBackoff.
	DefaultBackoff = 10 * time.Second
	MaxBackoff     = time.Hour
	// MaxAnswer is how much of a receiver's answer is ever read.
	MaxAnswer = 64 << 10
	// Kept in the delivery log before pruning.
	DeliveredRetention = 7 * 24 * time.Hour
	FailedRetention    = 30 * 24 * time.Hour
	PruneEvery         = time.Hour
	// DefaultPerHost bounds the requests in flight to one host:port.
	DefaultPerHost = 8

	batchSize = 32
)

// Config is what a Service is built from.
type Config struct {
	Outboxes app.WebhookOutboxes
	Empresas interface {
		ListEmpresas(context.Context) ([]*app.Empresa, error)
	}
	Global app.GlobalWebhookStore
	// AllowedHosts binds the URLs an empresa token may set.
	AllowedHosts Hosts
	// Backoff is the first retry's delay (default DefaultBackoff).
	Backoff time.Duration
	// PerHost bounds the requests in flight to one host (default
	// DefaultPerHost); each lane has at most one.
	PerHost int
	// Timeout bounds each attempt (default Timeout).
	Timeout time.Duration
	Version string // in the User-Agent
	Logger  *slog.Logger
	Now     func() time.Time
	// Observe, when set, is told each attempt's result (entregue,
	// nova_tentativa, falhou) and duration.
	Observe func(result string, d time.Duration)
	// Transport replaces the HTTP transport (tests).
	Transport http.RoundTripper
}

// Service is the delivery worker and the API's webhook service. Build it
// with New, call LoadGlobal before the tenant DBs record anything, Start
// once the empresas are loaded, Close before the DBs close.
type Service struct {
	cfg    Config
	log    *slog.Logger
	client *http.Client
	global atomic.Pointer[app.Webhook]

	ctx    context.Context // ends at Close: attempts in flight are aborted
	cancel context.CancelFunc
	wg     sync.WaitGroup

	mu     sync.Mutex
	closed bool
	lanes  map[lane]*laneState
	claims map[string]bool // deliveries being sent right now
	// handed counts the deliveries a test or a replay sent and let go of:
	// a lane that sees it move re-reads what it fetched before sending.
	handed uint64
	hosts  map[string]chan struct{} // a semaphore per host:port
}

var (
	_ app.WebhookService = (*Service)(nil)
	_ app.OutboxHooks    = (*Service)(nil)
	_ app.Publisher      = (*Service)(nil)
)

// New returns a Service; nothing runs until Start.
func New(cfg Config) *Service {
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.DiscardHandler)
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.Backoff <= 0 {
		cfg.Backoff = DefaultBackoff
	}
	if cfg.PerHost <= 0 {
		cfg.PerHost = DefaultPerHost
	}
	if cfg.Timeout <= 0 {
		cfg.Timeout = Timeout
	}
	if cfg.Version == "" {
		cfg.Version = "dev"
	}
	s := &Service{cfg: cfg, log: cfg.Logger, lanes: map[lane]*laneState{}, claims: map[string]bool{}, hosts: map[string]chan struct{}{}}
	s.client = newClient(cfg.Transport, cfg.PerHost, cfg.Timeout)
	s.ctx, s.cancel = context.WithCancel(context.Background())
	return s
}

func (s *Service) now() time.Time { return s.cfg.Now().UTC() }

// LoadGlobal reads the global webhook, so the outboxes know from the first
// event on whether it wants each one.
func (s *Service) LoadGlobal(ctx context.Context) error {
	if s.cfg.Global == nil {
		return nil
	}
	w, err := s.cfg.Global.GlobalWebhook(ctx)
	if err != nil {
		return err
	}
	s.global.Store(w)
	return nil
}

// Start resumes what was pending (after a restart or a crash) and starts
// pruning the delivery logs.
func (s *Service) Start() {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return
	}
	s.wg.Add(2)
	go func() {
		defer s.wg.Done()
		s.resume(s.ctx, "")
	}()
	go s.pruneLoop()
}

// background runs fn on a goroutine Close waits for (not at all once closed).
func (s *Service) background(fn func()) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return
	}
	s.wg.Add(1)
	go func() {
		defer s.wg.Done()
		fn()
	}()
}

// Close stops the worker: attempts in flight are aborted (they are not
// counted and go again at the next start), and it waits for them.
func (s *Service) Close() error {
	s.mu.Lock()
	if s.closed {
		s.mu.Unlock()
		return nil
	}
	s.closed = true
	for _, st := range s.lanes {
		if st.timer != nil {
			st.timer.Stop()
		}
	}
	s.mu.Unlock()
	s.cancel()
	s.wg.Wait()
	return nil
}

// GlobalWants reports whether the global webhook wants events of type typ.
func (s *Service) GlobalWants(typ string) bool { return s.global.Load().Wants(typ) }

// Recorded wakes the lane that a committed write gave a delivery to.
func (s *Service) Recorded(empresaID int, destino string) {
	s.wake(lane{empresaID: empresaID, destino: destino})
}

// Publish records the events that have no write of their own (status, qr,
// pair_code, bot_toggle) when they happen. message and lead events are
// recorded by the write that stores them, in its transaction.
func (s *Service) Publish(ev app.Event) {
	if ev.EmpresaID == 0 || ev.Type == app.EventMessage || ev.Type == app.EventLead {
		return
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	outbox, err := s.cfg.Outboxes.WebhookOutbox(ctx, ev.EmpresaID)
	if err != nil {
		return // an empresa being removed has no webhooks left
	}
	if err := outbox.RecordEvent(ctx, ev); err != nil {
		s.log.Error("evento não gravado para os webhooks", "empresa_id", ev.EmpresaID, "evento", ev.Type, "err", err)
	}
}

// resume wakes every lane that has pending deliveries (destino "" for
// both destinations).
func (s *Service) resume(ctx context.Context, only string) {
	list, err := s.cfg.Empresas.ListEmpresas(ctx)
	if err != nil {
		s.log.Error("entregas pendentes não retomadas", "err", err)
		return
	}
	resumed := 0
	for _, e := range list {
		outbox, err := s.cfg.Outboxes.WebhookOutbox(ctx, e.ID)
		if err != nil {
			continue // missing data: logged by tenants
		}
		destinos, err := outbox.PendingDestinos(ctx)
		if err != nil {
			s.log.Error("entregas pendentes não lidas", "empresa_id", e.ID, "err", err)
			continue
		}
		for _, d := range destinos {
			if only == "" || d == only {
				s.wake(lane{empresaID: e.ID, destino: d})
				resumed++
			}
		}
	}
	if resumed > 0 {
		s.log.Info("entregas de webhook retomadas", "filas", resumed)
	}
}

// claim marks delivery id as being sent; false when it already is.
func (s *Service) claim(id string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.claims[id] {
		return false
	}
	s.claims[id] = true
	return true
}

// release lets go of a delivery a lane sent.
func (s *Service) release(id string) {
	s.mu.Lock()
	delete(s.claims, id)
	s.mu.Unlock()
}

// hand lets go of a delivery a test or a replay sent: counted first, so a
// lane holding an older copy of it notices before it could send it again.
func (s *Service) hand(id string) {
	s.mu.Lock()
	s.handed++
	delete(s.claims, id)
	s.mu.Unlock()
}

func (s *Service) handedCount() uint64 {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.handed
}

// Pending counts the deliveries waiting in every empresa's outbox.
func (s *Service) Pending(ctx context.Context) (int, error) {
	list, err := s.cfg.Empresas.ListEmpresas(ctx)
	if err != nil {
		return 0, err
	}
	total := 0
	for _, e := range list {
		outbox, err := s.cfg.Outboxes.WebhookOutbox(ctx, e.ID)
		if err != nil {
			continue
		}
		n, err := outbox.CountPending(ctx)
		if err != nil {
			return 0, err
		}
		total += n
	}
	return total, nil
}

func (s *Service) pruneLoop() {
	defer s.wg.Done()
	ticker := time.NewTicker(PruneEvery)
	defer ticker.Stop()
	for {
		if _, err := s.Prune(s.ctx); err != nil && s.ctx.Err() == nil {
			s.log.Error("limpeza do log de entregas falhou", "err", err)
		}
		select {
		case <-s.ctx.Done():
			return
		case <-ticker.C:
		}
	}
}

// Prune deletes, in every empresa's log, what was delivered more than
// DeliveredRetention ago and what failed more than FailedRetention ago.
func (s *Service) Prune(ctx context.Context) (int, error) {
	list, err := s.cfg.Empresas.ListEmpresas(ctx)
	if err != nil {
		return 0, err
	}
	now, total := s.now(), 0
	for _, e := range list {
		outbox, err := s.cfg.Outboxes.WebhookOutbox(ctx, e.ID)
		if err != nil {
			continue
		}
		n, err := outbox.Prune(ctx, now.Add(-DeliveredRetention), now.Add(-FailedRetention))
		if err != nil {
			return total, err
		}
		total += n
	}
	return total, nil
}
