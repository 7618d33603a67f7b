package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"time"

	"vendeai/app"
)

// SaveEmpresa writes the empresa's own metadata into its file.
func (db *DB) SaveEmpresa(ctx context.Context, e *app.Empresa) error {
	data, err := json.Marshal(e)
	if err != nil {
		return err
	}
	_, err = db.db.ExecContext(ctx, `INSERT INTO empresa (singleton, id, data, updated_at) VALUES (1, ?, ?, ?)
		ON CONFLICT (singleton) DO UPDATE SET id = excluded.id, data = excluded.data, updated_at = excluded.updated_at`,
		e.ID, string(data), db.now().Format(time.RFC3339Nano))
	return err
}

// LoadEmpresa reads the empresa's metadata kept in its file; ENOTFOUND when
// the file has none (a folder that never finished being created).
func (db *DB) LoadEmpresa(ctx context.Context) (*app.Empresa, error) {
	var data string
	err := db.db.QueryRowContext(ctx, `SELECT data FROM empresa WHERE singleton = 1`).Scan(&data)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, app.Errorf(app.ENOTFOUND, "a pasta da empresa não tem metadados")
	} else if err != nil {
		return nil, err
	}
	var e app.Empresa
	if err := json.Unmarshal([]byte(data), &e); err != nil {
		return nil, err
	}
	return &e, nil
}
