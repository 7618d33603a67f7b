// Package tenants owns the empresas' lives on this appliance: their folders
// under $DATA/tenants and the open SQLite file of each, the registry entry
// kept in step with the folder, and one WhatsApp session per empresa.
// Manager is the façade the API and the pipeline talk to through app's
// interfaces.
//
// Where things are: manager.go (folders and their DBs), empresas.go,
// stores.go (an empresa's own stores), adopt.go (folders copied in),
// backup.go and restore.go (archives); sessions.go (the session API),
// session.go and session_events.go (one session's state machine), send.go
// (sending and read receipts), reconnect.go (reconnection at boot);
// transport.go, whatsmeow.go, sandbox.go and sandbox_api.go (the two
// WhatsApp transports and the sandbox's driver).
package tenants

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	"vendeai/app"
	"vendeai/storage/sqlite"
)

// Registry is the registry as the Manager needs it: app.Registry plus the
// write of a whole entry, which adoption of a copied folder uses.
type Registry interface {
	app.Registry
	PutEmpresa(ctx context.Context, e *app.Empresa) error
}

// Config is what a Manager is built from.
type Config struct {
	DataDir   string // $DATA; tenant folders live in $DATA/tenants
	Registry  Registry
	Publisher app.Publisher
	Logger    *slog.Logger
	Now       func() time.Time

	// Transport is the WhatsApp behind the sessions; nil means whatsmeow.
	Transport Transport
	// Inbound receives every inbound message (the sales pipeline; see
	// package appliance); nil drops them.
	Inbound app.InboundHandler
	// OutboxHooks tie every tenant DB's webhook outbox to the delivery
	// worker (nil: deliveries are recorded for empresa webhooks only).
	OutboxHooks app.OutboxHooks
	// Backoff paces automatic reconnection (default 2 s doubling to 5 min,
	// with jitter).
	Backoff Backoff
	// ReconnectConcurrency bounds the sessions reconnected at once at boot
	// (default 8); ReconnectJitter spreads their starts (default 3 s).
	ReconnectConcurrency int
	ReconnectJitter      time.Duration
}

// Manager keeps every empresa's folder, database and session.
type Manager struct {
	registry  Registry
	publisher app.Publisher
	log       *slog.Logger
	now       func() time.Time

	tenantsDir string
	removedDir string

	// openDB opens a tenant DB; tests replace it to make creation fail.
	openDB func(ctx context.Context, path string) (*sqlite.DB, error)
	// disk is what the boot-time folder scan found (see adopt.go).
	disk diskState

	mu  sync.Mutex
	dbs map[int]*sqlite.DB
	// retiring holds the empresas being deleted: nothing opens their DB or
	// starts their session while the folder moves away.
	retiring map[int]bool

	transport            Transport
	inbound              app.InboundHandler
	outboxHooks          app.OutboxHooks
	backoff              Backoff
	reconnectConcurrency int
	reconnectJitter      time.Duration
	// slotWaits counts boot-time reconnections waiting for a free slot.
	slotWaits atomic.Int32

	// baseCtx lives until Shutdown: every connection's context derives
	// from it, so Shutdown aborts dials in flight.
	baseCtx    context.Context
	baseCancel context.CancelFunc
	// wg counts the goroutines sessions start (workers, connects, boot-time
	// reconnection); Shutdown waits for them. Add only happens before
	// closing is set.
	wg       sync.WaitGroup
	smu      sync.Mutex
	sessions map[int]*session
	closing  bool

	// directory knows the exact number behind each contact (directory.go).
	directory *directory
}

var (
	_ app.EmpresaService = (*Manager)(nil)
	_ app.SessionService = (*Manager)(nil)
	_ app.Messenger      = (*Manager)(nil)
)

// New returns a Manager; call Open to load the registered empresas.
func New(cfg Config) *Manager {
	m := &Manager{
		registry:   cfg.Registry,
		publisher:  cfg.Publisher,
		log:        cfg.Logger,
		now:        cfg.Now,
		tenantsDir: filepath.Join(cfg.DataDir, "tenants"),
		removedDir: filepath.Join(cfg.DataDir, "removed"),
		openDB:     sqlite.Open,
		dbs:        map[int]*sqlite.DB{},
		retiring:   map[int]bool{},

		transport:            cfg.Transport,
		inbound:              cfg.Inbound,
		outboxHooks:          cfg.OutboxHooks,
		backoff:              cfg.Backoff,
		reconnectConcurrency: cfg.ReconnectConcurrency,
		reconnectJitter:      cfg.ReconnectJitter,
		sessions:             map[int]*session{},
	}
	m.baseCtx, m.baseCancel = context.WithCancel(context.Background())
	if m.log == nil {
		m.log = slog.New(slog.DiscardHandler)
	}
	if m.now == nil {
		m.now = time.Now
	}
	m.directory = newDirectory(m.now)
	if m.publisher == nil {
		m.publisher = discardPublisher{}
	}
	if m.transport == nil {
		m.transport = NewWhatsmeow(WhatsmeowConfig{})
	}
	if m.inbound == nil {
		m.inbound = app.InboundHandlerFunc(func(context.Context, app.InboundMessage) {})
	}
	if m.backoff.Base <= 0 {
		m.backoff.Base = 2 * time.Second
	}
	if m.backoff.Max <= 0 {
		m.backoff.Max = 5 * time.Minute
	}
	if m.reconnectConcurrency <= 0 {
		m.reconnectConcurrency = 8
	}
	if m.reconnectJitter <= 0 {
		m.reconnectJitter = 3 * time.Second
	}
	return m
}

type discardPublisher struct{}

func (discardPublisher) Publish(app.Event) {}

// Open creates the tenants folder and opens the DB of every registered
// empresa. An empresa whose folder is missing or broken is logged and left
// closed; the rest of the appliance comes up.
func (m *Manager) Open(ctx context.Context) error {
	if err := os.MkdirAll(m.tenantsDir, 0o700); err != nil {
		return err
	}
	if err := m.adoptFolders(ctx); err != nil {
		return err
	}
	list, err := m.registry.ListEmpresas(ctx)
	if err != nil {
		return err
	}
	for _, e := range list {
		if _, err := m.folderDB(ctx, e.ID); err != nil {
			m.log.Error("empresa sem dados utilizáveis", "empresa_id", e.ID, "err", err)
		}
	}
	return nil
}

// Close ends every session (see Shutdown) and then closes every tenant DB,
// in that order: a session never outlives the file its credentials are in.
func (m *Manager) Close() error {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	serr := m.Shutdown(ctx)
	cancel()
	if serr != nil {
		m.log.Warn("sessões do WhatsApp não terminaram a tempo", "err", serr)
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	var errs []error
	for id, db := range m.dbs {
		if err := db.Close(); err != nil {
			errs = append(errs, fmt.Errorf("empresa %d: %w", id, err))
		}
		delete(m.dbs, id)
	}
	return errors.Join(errs...)
}

// folder is empresa id's folder; the name is built from the integer alone,
// so no input ever reaches a path.
func (m *Manager) folder(id int) string {
	return filepath.Join(m.tenantsDir, "empresa_"+strconv.Itoa(id))
}

// folderDB returns the open DB of folder empresa_<id>, opening it on first
// use, without asking the registry (the boot-time scan, sessions and
// backups work on folders; requests go through registeredDB). A folder that
// is missing is never recreated empty: that is ENOTFOUND with the reason.
//
// The lock is not held while a file opens (migrations take a while), so one
// empresa's first open never holds up another's; two racing opens of the
// same empresa keep the first and close the second.
func (m *Manager) folderDB(ctx context.Context, id int) (*sqlite.DB, error) {
	m.mu.Lock()
	db, ok := m.dbs[id]
	retiring := m.retiring[id]
	m.mu.Unlock()
	if retiring {
		return nil, errRetiring(id)
	}
	if ok {
		return db, nil
	}
	path := filepath.Join(m.folder(id), sqlite.FileName)
	if _, err := os.Stat(path); err != nil {
		return nil, &app.Error{Code: app.ENOTFOUND, Message: fmt.Sprintf("os dados da empresa %d não foram encontrados no disco", id), Err: err}
	}
	if err := m.disk.usable(id); err != nil {
		return nil, err
	}
	db, err := m.open(ctx, path)
	if err != nil {
		return nil, err
	}
	m.reportMerges(id, db)
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.retiring[id] {
		db.Close()
		return nil, errRetiring(id)
	}
	if other, ok := m.dbs[id]; ok {
		db.Close()
		return other, nil
	}
	m.dbs[id] = db
	return db, nil
}

// open opens a tenant DB and ties its webhook outbox to the worker.
func (m *Manager) open(ctx context.Context, path string) (*sqlite.DB, error) {
	db, err := m.openDB(ctx, path)
	if err != nil {
		return nil, err
	}
	db.SetOutboxHooks(m.outboxHooks)
	return db, nil
}

func errRetiring(id int) error {
	return app.Errorf(app.ENOTFOUND, "empresa %d não encontrada (sendo removida)", id)
}

// setRetiring marks (or clears) empresa id as being deleted.
func (m *Manager) setRetiring(id int, on bool) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if on {
		m.retiring[id] = true
	} else {
		delete(m.retiring, id)
	}
}

func (m *Manager) isRetiring(id int) bool {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.retiring[id]
}

// closeDB closes and forgets empresa id's DB, if open.
func (m *Manager) closeDB(id int) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	db, ok := m.dbs[id]
	if !ok {
		return nil
	}
	delete(m.dbs, id)
	return db.Close()
}
