package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"sync/atomic"
	"time"

	"vendeai/api"
	"vendeai/app"
	"vendeai/appliance"
	"vendeai/conversations"
	"vendeai/storage/bolt"
	"vendeai/tenants"
	"vendeai/webhooks"
)

// Main is the running appliance: it opens the stores, starts the sessions
// and the HTTP server, and closes them again in the reverse order.
type Main struct {
	cfg Config
	log *slog.Logger

	registry *bolt.DB
	core     *appliance.Core
	hub      *api.Hub
	server   *http.Server
	listener net.Listener
	served   chan error
	// ready is set once every empresa is loaded (GET /ready).
	ready atomic.Bool
}

// NewMain returns an appliance for cfg; Run starts it.
func NewMain(cfg Config, log *slog.Logger) *Main {
	return &Main{cfg: cfg, log: log}
}

// Addr is the address the HTTP server listens on, once Run has returned.
func (m *Main) Addr() string { return m.listener.Addr().String() }

// Run opens the data dir and starts serving; it returns once the server
// listens.
func (m *Main) Run(ctx context.Context) error {
	if err := os.MkdirAll(m.cfg.DataDir, 0o700); err != nil {
		return fmt.Errorf("criar diretório de dados: %w", err)
	}
	registry, err := bolt.Open(filepath.Join(m.cfg.DataDir, bolt.FileName), time.Second)
	if err != nil {
		return err
	}
	m.registry = registry
	if err := m.ensureAdminToken(ctx); err != nil {
		return err
	}

	m.hub = api.NewHub(m.log)
	metrics := api.NewMetrics(nil, m.hub)
	m.core = appliance.New(appliance.Config{
		Tenants: tenants.Config{
			DataDir:   m.cfg.DataDir,
			Registry:  registry,
			Publisher: m.hub,
			Logger:    m.log,
			Transport: m.cfg.transport(),
		},
		Pipeline: conversations.Config{
			OnReply:   metrics.ObserveReply,
			OnMessage: metrics.CountMessage,

			OnSendRefused: metrics.CountSendRefused,
		},
		Webhooks: &webhooks.Config{
			Global:       registry,
			AllowedHosts: m.cfg.WebhookHosts,
			Backoff:      m.cfg.WebhookBackoff,
			Version:      Version,
			Observe:      metrics.ObserveWebhook,
		},
	})
	metrics.CollectSessions(m.core.Tenants)
	metrics.WatchWebhooks(m.core.Webhooks.Pending)
	sandbox, _ := m.core.Tenants.Sandbox()

	// Listen before the empresas load, so /health and /ready answer during
	// a long boot; every other route answers 503 until ready is set.
	srv := api.New(api.Config{
		Version:     Version,
		Backups:     m.core.Tenants,
		Webhooks:    m.core.Webhooks,
		Ready:       m.ready.Load,
		Auth:        app.TokenAuth{Registry: registry},
		Empresas:    m.core.Tenants,
		Sessions:    m.core.Tenants,
		Sandbox:     sandbox,
		Vehicles:    m.core.Tenants,
		Leads:       m.core.Tenants,
		CRM:         m.core.Pipeline,
		Metrics:     metrics,
		Hub:         m.hub,
		CORSOrigins: m.cfg.CORSOrigins,
		Logger:      m.log,
		Logins:      app.PanelSessions{Store: registry, Tokens: app.TokenAuth{Registry: registry}},
		TrustProxy:  m.cfg.TrustProxy,
	})
	ln, err := net.Listen("tcp", m.cfg.Addr)
	if err != nil {
		return fmt.Errorf("escutar em %s: %w", m.cfg.Addr, err)
	}
	m.listener = ln
	m.server = &http.Server{Handler: srv.Handler(), ReadHeaderTimeout: 10 * time.Second}
	m.served = make(chan error, 1)
	go func() { m.served <- m.server.Serve(ln) }()

	// The empresas, then the webhook deliveries left pending by a stop or
	// a crash.
	if err := m.core.Open(ctx); err != nil {
		return err
	}
	m.ready.Store(true)

	// Paired empresas come back by themselves, a few at a time, while the
	// server already answers; Close (Shutdown) stops it midway if need be.
	go func() {
		if err := m.core.Tenants.ReconnectSaved(context.Background()); err != nil {
			m.log.Warn("reconexão das sessões no início interrompida", "err", err)
		}
	}()

	n, _ := registry.CountEmpresas(ctx)
	m.log.Info("VendeAI MULTI-TENANT ATIVO", "endereco", ln.Addr().String(), "dados", m.cfg.DataDir,
		"empresas", n, "whatsapp", m.cfg.WhatsApp, "versao", Version)
	return nil
}

// ensureAdminToken sets the admin token: the configured one, or where none
// is configured and none exists yet, a new one written to $DATA/admin.token.
// Only its hash is kept in the registry; its value is never logged.
func (m *Main) ensureAdminToken(ctx context.Context) error {
	if m.cfg.AdminToken != "" {
		return m.registry.SetAdminTokenHash(ctx, app.HashToken(m.cfg.AdminToken))
	}
	path := filepath.Join(m.cfg.DataDir, "admin.token")
	existing, err := m.registry.AdminTokenHash(ctx)
	if err != nil {
		return err
	}
	if existing != nil {
		m.log.Info("token de administrador já configurado", "arquivo", path)
		return nil
	}
	token := app.NewToken(app.AdminTokenPrefix)
	if err := os.WriteFile(path, []byte(token+"\n"), 0o600); err != nil {
		return fmt.Errorf("gravar token de administrador: %w", err)
	}
	if err := m.registry.SetAdminTokenHash(ctx, app.HashToken(token)); err != nil {
		return err
	}
	m.log.Info("token de administrador gerado", "arquivo", path)
	return nil
}

// Close shuts down in order: HTTP (WebSockets get a close frame, in-flight
// requests finish), then sessions, then the answers in flight, then the
// webhook deliveries in flight, then tenant DBs, then the registry.
func (m *Main) Close() error {
	ctx, cancel := context.WithTimeout(context.Background(), 15*time.Second)
	defer cancel()
	m.ready.Store(false) // load balancers stop sending traffic first
	var errs []error
	if m.hub != nil {
		if err := m.hub.Close(ctx); err != nil {
			errs = append(errs, fmt.Errorf("websockets: %w", err))
		}
	}
	if m.server != nil {
		if err := m.server.Shutdown(ctx); err != nil {
			errs = append(errs, fmt.Errorf("http: %w", err))
		}
		if err := <-m.served; err != nil && !errors.Is(err, http.ErrServerClosed) {
			errs = append(errs, fmt.Errorf("http: %w", err))
		}
	}
	if m.core != nil {
		// Sessions, then the answers already queued, then the tenant DBs.
		if err := m.core.Shutdown(ctx); err != nil {
			errs = append(errs, fmt.Errorf("sessões: %w", err))
		}
		if err := m.core.Close(); err != nil {
			errs = append(errs, fmt.Errorf("empresas: %w", err))
		}
	}
	if m.registry != nil {
		if err := m.registry.Close(); err != nil {
			errs = append(errs, fmt.Errorf("registro: %w", err))
		}
	}
	m.log.Info("VendeAI encerrado")
	return errors.Join(errs...)
}
