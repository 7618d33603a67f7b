package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"sync"
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
	if err == nil {
		db.niche.set(app.NichoOf(e.Nicho))
	}
	return err
}

// nichoCache keeps the empresa's niche, which decides the categories its
// inventory takes: read from the metadata once, then kept by SaveEmpresa.
type nichoCache struct {
	mu    sync.Mutex
	value string
}

func (c *nichoCache) set(n string) {
	c.mu.Lock()
	c.value = n
	c.mu.Unlock()
}

// nicho is the empresa's niche (veiculos for a file without metadata).
func (db *DB) nicho(ctx context.Context) string {
	db.niche.mu.Lock()
	n := db.niche.value
	db.niche.mu.Unlock()
	if n != "" {
		return n
	}
	n = app.NichoVeiculos
	e, err := db.LoadEmpresa(ctx)
	switch {
	case err == nil:
		n = app.NichoOf(e.Nicho)
	case !app.IsCode(err, app.ENOTFOUND):
		return n // a passing failure: ask again next time
	}
	db.niche.mu.Lock()
	if db.niche.value == "" {
		db.niche.value = n
	}
	n = db.niche.value
	db.niche.mu.Unlock()
	return n
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
