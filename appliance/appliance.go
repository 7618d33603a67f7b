// Package appliance assembles the core of VendeAI: the tenants manager
// (empresa folders, their databases, their WhatsApp sessions), the sales
// pipeline (conversations) and the webhook worker, each handed to the
// others. It is the one place they meet: cmd/vendeai puts the registry and
// the HTTP server around this core, and the API tests and the pipeline
// benchmark build the very same one.
package appliance

import (
	"context"
	"errors"
	"sync/atomic"
	"time"

	"vendeai/app"
	"vendeai/conversations"
	"vendeai/tenants"
	"vendeai/webhooks"
)

// Config is what a Core is built from. New fills in what each side needs
// of the other (the tenants' Inbound and OutboxHooks, the pipeline's
// Tenants and Messenger, the webhooks' Outboxes and Empresas); the
// pipeline's Publisher and Logger default to the tenants'.
type Config struct {
	Tenants  tenants.Config
	Pipeline conversations.Config
	// Webhooks, when set, runs the webhook worker over the tenants'
	// outboxes; nil leaves the appliance without webhooks.
	Webhooks *webhooks.Config
}

// Core is the tenants manager, the pipeline and the webhook worker, wired
// together.
type Core struct {
	Tenants  *tenants.Manager
	Pipeline *conversations.Service
	Webhooks *webhooks.Service // nil without Config.Webhooks
}

// New builds the core. Call Open before serving, and Close (or Shutdown,
// then Close) at the end.
func New(cfg Config) *Core {
	// The sessions deliver to the pipeline, which answers through the
	// sessions; the tenant DBs' outboxes and the webhook worker read each
	// other too. The relays are filled before New returns, so before any
	// session or event can exist (none does until Open and a Connect).
	in := &relay{}
	cfg.Tenants.Inbound = in
	if cfg.Pipeline.Publisher == nil {
		cfg.Pipeline.Publisher = cfg.Tenants.Publisher
	}
	hooks := &webhookRelay{}
	if cfg.Webhooks != nil {
		cfg.Tenants.OutboxHooks = hooks
		// Status, QR, pair code and bot toggle events are recorded for the
		// webhooks as they are published; messages and leads by the write
		// that stores them.
		if cfg.Tenants.Publisher != nil {
			cfg.Tenants.Publisher = app.Publishers{cfg.Tenants.Publisher, hooks}
		} else {
			cfg.Tenants.Publisher = hooks
		}
	}
	m := tenants.New(cfg.Tenants)
	cfg.Pipeline.Tenants, cfg.Pipeline.Messenger = m, m
	if cfg.Pipeline.Logger == nil {
		cfg.Pipeline.Logger = cfg.Tenants.Logger
	}
	p := conversations.New(cfg.Pipeline)
	in.to.Store(p)
	c := &Core{Tenants: m, Pipeline: p}
	if cfg.Webhooks != nil {
		wcfg := *cfg.Webhooks
		wcfg.Outboxes, wcfg.Empresas = m, m
		if wcfg.Logger == nil {
			wcfg.Logger = cfg.Tenants.Logger
		}
		c.Webhooks = webhooks.New(wcfg)
		hooks.to.Store(c.Webhooks)
	}
	return c
}

// relay hands inbound messages to the pipeline.
type relay struct {
	to atomic.Pointer[conversations.Service]
}

func (r *relay) HandleInbound(ctx context.Context, msg app.InboundMessage) {
	r.to.Load().HandleInbound(ctx, msg)
}

// webhookRelay hands the outboxes' hooks and the published events to the
// webhook worker.
type webhookRelay struct {
	to atomic.Pointer[webhooks.Service]
}

func (r *webhookRelay) GlobalWants(typ string) bool     { return r.to.Load().GlobalWants(typ) }
func (r *webhookRelay) Recorded(id int, destino string) { r.to.Load().Recorded(id, destino) }
func (r *webhookRelay) Publish(ev app.Event)            { r.to.Load().Publish(ev) }

// Open loads the global webhook (so the outboxes know what it wants from
// the first event on), then every empresa, then resumes the deliveries
// left pending by a stop or a crash.
func (c *Core) Open(ctx context.Context) error {
	if c.Webhooks != nil {
		if err := c.Webhooks.LoadGlobal(ctx); err != nil {
			return err
		}
	}
	if err := c.Tenants.Open(ctx); err != nil {
		return err
	}
	if c.Webhooks != nil {
		c.Webhooks.Start()
	}
	return nil
}

// Shutdown stops the sessions (no message comes in any more), lets the
// pipeline finish the answers already queued, then stops the webhook
// deliveries in flight (they stay pending in the outboxes). The databases
// stay open until Close.
func (c *Core) Shutdown(ctx context.Context) error {
	err := c.Tenants.Shutdown(ctx)
	c.Pipeline.Close()
	if c.Webhooks != nil {
		c.Webhooks.Close()
	}
	return err
}

// Close shuts down (waiting up to 30 s for the sessions) and closes every
// tenant database: nothing outlives the file it writes to.
func (c *Core) Close() error {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	return errors.Join(c.Shutdown(ctx), c.Tenants.Close())
}
