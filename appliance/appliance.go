// Package appliance assembles the core of VendeAI: the tenants manager
// (empresa folders, their databases, their WhatsApp sessions) and the
// sales pipeline (conversations), each handed to the other. It is the one
// place the two meet: cmd/vendeai puts the registry and the HTTP server
// around this core, and the API tests and the pipeline benchmark build the
// very same one.
package appliance

import (
	"context"
	"errors"
	"sync/atomic"
	"time"

	"vendeai/app"
	"vendeai/conversations"
	"vendeai/tenants"
)

// Config is what a Core is built from. New fills in what each side needs
// of the other (the tenants' Inbound, the pipeline's Tenants and
// Messenger); the pipeline's Publisher and Logger default to the tenants'.
type Config struct {
	Tenants  tenants.Config
	Pipeline conversations.Config
}

// Core is the tenants manager and the pipeline, wired together.
type Core struct {
	Tenants  *tenants.Manager
	Pipeline *conversations.Service
}

// New builds the core. Call Tenants.Open before serving, and Close (or
// Shutdown, then Close) at the end.
func New(cfg Config) *Core {
	// The sessions deliver to the pipeline, which answers through the
	// sessions. The relay is filled before New returns, so before any
	// session can exist (none does until Tenants.Open and a Connect).
	in := &relay{}
	cfg.Tenants.Inbound = in
	m := tenants.New(cfg.Tenants)
	cfg.Pipeline.Tenants, cfg.Pipeline.Messenger = m, m
	if cfg.Pipeline.Publisher == nil {
		cfg.Pipeline.Publisher = cfg.Tenants.Publisher
	}
	if cfg.Pipeline.Logger == nil {
		cfg.Pipeline.Logger = cfg.Tenants.Logger
	}
	p := conversations.New(cfg.Pipeline)
	in.to.Store(p)
	return &Core{Tenants: m, Pipeline: p}
}

// relay hands inbound messages to the pipeline.
type relay struct {
	to atomic.Pointer[conversations.Service]
}

func (r *relay) HandleInbound(ctx context.Context, msg app.InboundMessage) {
	r.to.Load().HandleInbound(ctx, msg)
}

// Shutdown stops the sessions (no message comes in any more), then lets
// the pipeline finish the answers already queued. The databases stay open
// until Close.
func (c *Core) Shutdown(ctx context.Context) error {
	err := c.Tenants.Shutdown(ctx)
	c.Pipeline.Close()
	return err
}

// Close shuts down (waiting up to 30 s for the sessions) and closes every
// tenant database: nothing outlives the file it writes to.
func (c *Core) Close() error {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	return errors.Join(c.Shutdown(ctx), c.Tenants.Close())
}
