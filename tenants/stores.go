package tenants

import (
	"context"

	"vendeai/app"
	"vendeai/storage/sqlite"
)

var (
	_ app.VehicleStores   = (*Manager)(nil)
	_ app.LeadStores      = (*Manager)(nil)
	_ app.Tenants         = (*Manager)(nil)
	_ app.WebhookOutboxes = (*Manager)(nil)
)

// Tenant returns empresa id's registry entry with its own stores: one
// registry read and one DB lookup, what the pipeline needs per message.
func (m *Manager) Tenant(ctx context.Context, id int) (app.Tenant, error) {
	e, err := m.registry.FindEmpresa(ctx, id)
	if err != nil {
		return app.Tenant{}, err
	}
	db, err := m.folderDB(ctx, id)
	if err != nil {
		return app.Tenant{}, err
	}
	return app.Tenant{Empresa: e, Leads: db, Vehicles: db}, nil
}

// registeredDB returns the DB of a registered empresa: the registry decides
// who exists, so no folder outside it is ever reached through an id a
// request gave.
func (m *Manager) registeredDB(ctx context.Context, id int) (*sqlite.DB, error) {
	if _, err := m.registry.FindEmpresa(ctx, id); err != nil {
		return nil, err
	}
	return m.folderDB(ctx, id)
}

// VehicleStore returns empresa id's own inventory.
func (m *Manager) VehicleStore(ctx context.Context, id int) (app.VehicleStore, error) {
	db, err := m.registeredDB(ctx, id)
	if err != nil {
		return nil, err // never a typed nil inside the interface
	}
	return db, nil
}

// LeadStore returns empresa id's own contacts and messages.
func (m *Manager) LeadStore(ctx context.Context, id int) (app.LeadStore, error) {
	db, err := m.registeredDB(ctx, id)
	if err != nil {
		return nil, err // never a typed nil inside the interface
	}
	return db, nil
}

// WebhookOutbox returns empresa id's own webhook and deliveries.
func (m *Manager) WebhookOutbox(ctx context.Context, id int) (app.WebhookOutbox, error) {
	db, err := m.registeredDB(ctx, id)
	if err != nil {
		return nil, err // never a typed nil inside the interface
	}
	return db, nil
}
