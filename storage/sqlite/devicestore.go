package sqlite

import (
	"context"

	"go.mau.fi/whatsmeow/store/sqlstore"
	waLog "go.mau.fi/whatsmeow/util/log"
)

// DeviceContainer returns whatsmeow's store over this same file, so an
// empresa's WhatsApp credentials travel with its folder.
func (db *DB) DeviceContainer(log waLog.Logger) *sqlstore.Container {
	if log == nil {
		log = waLog.Noop
	}
	return sqlstore.NewWithDB(db.db, "sqlite3", log)
}

// upgradeDeviceStore creates or updates whatsmeow's tables.
func (db *DB) upgradeDeviceStore(ctx context.Context) error {
	return db.DeviceContainer(nil).Upgrade(ctx)
}
