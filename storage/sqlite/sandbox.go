package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"time"

	"vendeai/app"
)

// SandboxDevice returns the simulated pairing; ok is false when unpaired.
func (db *DB) SandboxDevice(ctx context.Context) (dev app.SandboxDevice, ok bool, err error) {
	var paired string
	err = db.db.QueryRowContext(ctx, `SELECT phone, push_name, paired_at FROM sandbox_device WHERE singleton = 1`).
		Scan(&dev.Phone, &dev.PushName, &paired)
	if errors.Is(err, sql.ErrNoRows) {
		return app.SandboxDevice{}, false, nil
	} else if err != nil {
		return app.SandboxDevice{}, false, err
	}
	dev.PairedAt, _ = time.Parse(time.RFC3339Nano, paired)
	return dev, true, nil
}

// SaveSandboxDevice records a simulated pairing, replacing any earlier one.
func (db *DB) SaveSandboxDevice(ctx context.Context, dev app.SandboxDevice) error {
	_, err := db.db.ExecContext(ctx, `INSERT INTO sandbox_device (singleton, phone, push_name, paired_at) VALUES (1, ?, ?, ?)
		ON CONFLICT (singleton) DO UPDATE SET phone = excluded.phone, push_name = excluded.push_name, paired_at = excluded.paired_at`,
		dev.Phone, dev.PushName, dev.PairedAt.UTC().Format(time.RFC3339Nano))
	return err
}

// DeleteSandboxDevice forgets the simulated pairing (a logout).
func (db *DB) DeleteSandboxDevice(ctx context.Context) error {
	_, err := db.db.ExecContext(ctx, `DELETE FROM sandbox_device WHERE singleton = 1`)
	return err
}
