package tenants

import "context"

// stopSession ends empresa id's WhatsApp session before its folder moves.
// The sessions issue replaces this with the real thing.
func (m *Manager) stopSession(ctx context.Context, id int) {}
