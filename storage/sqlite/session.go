package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"time"
)

// SessionHold returns why the empresa's session must stay down at boot, or
// "" when the boot-time reconnection may bring it back.
func (db *DB) SessionHold(ctx context.Context) (string, error) {
	var reason string
	err := db.db.QueryRowContext(ctx, `SELECT reason FROM session_hold WHERE singleton = 1`).Scan(&reason)
	if errors.Is(err, sql.ErrNoRows) {
		return "", nil
	}
	return reason, err
}

// SetSessionHold records why the session must stay down at boot; "" clears it.
func (db *DB) SetSessionHold(ctx context.Context, reason string) error {
	if reason == "" {
		_, err := db.db.ExecContext(ctx, `DELETE FROM session_hold WHERE singleton = 1`)
		return err
	}
	_, err := db.db.ExecContext(ctx, `INSERT INTO session_hold (singleton, reason, updated_at) VALUES (1, ?, ?)
		ON CONFLICT (singleton) DO UPDATE SET reason = excluded.reason, updated_at = excluded.updated_at`,
		reason, db.now().Format(time.RFC3339Nano))
	return err
}
