package tenants

import (
	"context"

	"vendeai/app"
	"vendeai/storage/sqlite"
)

var (
	_ app.VehicleStores   = (*Manager)(nil)
	_ app.LeadStores      = (*Manager)(nil)
	_ app.WebhookOutboxes = (*Manager)(nil)
)

// store returns the DB of a registered empresa: the registry decides who
// exists, so no folder outside it is ever reached through an id.
func (m *Manager) store(ctx context.Context, id int) (*sqlite.DB, error) {
	if _, err := m.registry.FindEmpresa(ctx, id); err != nil {
		return nil, err
	}
	return m.db(ctx, id)
}

// VehicleStore returns empresa id's own inventory.
func (m *Manager) VehicleStore(ctx context.Context, id int) (app.VehicleStore, error) {
	db, err := m.store(ctx, id)
	if err != nil {
		return nil, err // never a typed nil inside the interface
	}
	return db, nil
}

// LeadStore returns empresa id's own contacts and messages.
func (m *Manager) LeadStore(ctx context.Context, id int) (app.LeadStore, error) {
	db, err := m.store(ctx, id)
	if err != nil {
		return nil, err // never a typed nil inside the interface
	}
	return db, nil
}

// WebhookOutbox returns empresa id's own webhook and deliveries.
func (m *Manager) WebhookOutbox(ctx context.Context, id int) (app.WebhookOutbox, error) {
	db, err := m.store(ctx, id)
	if err != nil {
		return nil, err // never a typed nil inside the interface
	}
	return db, nil
}
