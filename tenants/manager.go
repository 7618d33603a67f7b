// Package tenants owns the empresas' lives on this appliance: their folders
// under $DATA/tenants and the open SQLite file of each, the registry entry
// kept in step with the folder, and (see session*.go) one WhatsApp session
// per empresa. Manager is the façade the API talks to through app's
// interfaces.
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
}

var _ app.EmpresaService = (*Manager)(nil)

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
	}
	if m.log == nil {
		m.log = slog.New(slog.DiscardHandler)
	}
	if m.now == nil {
		m.now = time.Now
	}
	if m.publisher == nil {
		m.publisher = discardPublisher{}
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
		if _, err := m.db(ctx, e.ID); err != nil {
			m.log.Error("empresa sem dados utilizáveis", "empresa_id", e.ID, "err", err)
		}
	}
	return nil
}

// Close closes every tenant DB. Sessions must be shut down first.
func (m *Manager) Close() error {
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

// db returns empresa id's open DB, opening it on first use. A folder that
// is missing is never recreated empty: that is ENOTFOUND with the reason.
func (m *Manager) db(ctx context.Context, id int) (*sqlite.DB, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if db, ok := m.dbs[id]; ok {
		return db, nil
	}
	path := filepath.Join(m.folder(id), sqlite.FileName)
	if _, err := os.Stat(path); err != nil {
		return nil, &app.Error{Code: app.ENOTFOUND, Message: fmt.Sprintf("os dados da empresa %d não foram encontrados no disco", id), Err: err}
	}
	if err := m.disk.usable(id); err != nil {
		return nil, err
	}
	db, err := m.openDB(ctx, path)
	if err != nil {
		return nil, err
	}
	m.dbs[id] = db
	return db, nil
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
