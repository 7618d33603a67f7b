package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"os"

	"vendeai/app"
)

// Snapshot writes a consistent copy of the database to destPath (which must
// not exist) with VACUUM INTO: it reads one WAL snapshot, so the session and
// the inventory keep writing while it runs, and the copy is a single
// self-contained file (no -wal to forget). Copying the live file instead can
// tear: pages of the main file and of the WAL from different moments.
func (db *DB) Snapshot(ctx context.Context, destPath string) error {
	if _, err := os.Lstat(destPath); err == nil {
		return fmt.Errorf("cópia de %s: o destino %s já existe", db.path, destPath)
	}
	if _, err := db.db.ExecContext(ctx, `VACUUM INTO ?`, destPath); err != nil {
		os.Remove(destPath)
		return fmt.Errorf("cópia de %s: %w", db.path, err)
	}
	return nil
}

// openReadOnly opens a tenant file without changing it: no migrations, no
// journal mode switch. Adoption and restore inspect folders this way, so a
// folder they refuse is left as it was. Even read-only, SQLite creates the
// -wal and -shm files of a WAL database; without a -wal everything is in the
// main file, so it is opened immutable and nothing at all is created. With
// a -wal (a folder copied from a live or crashed appliance) its pages must
// be read, and only the -shm index may appear.
func openReadOnly(path string) (*sql.DB, error) {
	if _, err := os.Stat(path); err != nil {
		return nil, err
	}
	params := "?mode=ro&immutable=1"
	if _, err := os.Stat(path + "-wal"); err == nil {
		params = "?mode=ro&_busy_timeout=5000"
	}
	db, err := sql.Open("sqlite3", "file:"+(&url.URL{Path: path}).EscapedPath()+params)
	if err != nil {
		return nil, err
	}
	db.SetMaxOpenConns(1)
	return db, nil
}

// ReadEmpresaFile reads the empresa's metadata from the file at path without
// opening it for writing; ENOTFOUND when the file holds none.
func ReadEmpresaFile(ctx context.Context, path string) (*app.Empresa, error) {
	sqlDB, err := openReadOnly(path)
	if err != nil {
		return nil, err
	}
	defer sqlDB.Close()
	var n int
	err = sqlDB.QueryRowContext(ctx, `SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = 'empresa'`).Scan(&n)
	if err != nil {
		return nil, err
	} else if n == 0 {
		return nil, app.Errorf(app.ENOTFOUND, "o arquivo não tem a tabela de metadados da empresa")
	}
	return (&DB{db: sqlDB, path: path}).LoadEmpresa(ctx)
}

// CheckFile runs SQLite's integrity_check on the file at path, read-only.
func CheckFile(ctx context.Context, path string) error {
	sqlDB, err := openReadOnly(path)
	if err != nil {
		return err
	}
	defer sqlDB.Close()
	rows, err := sqlDB.QueryContext(ctx, `PRAGMA integrity_check`)
	if err != nil {
		return err
	}
	defer rows.Close()
	var problems []error
	for rows.Next() {
		var line string
		if err := rows.Scan(&line); err != nil {
			return err
		}
		if line != "ok" {
			problems = append(problems, errors.New(line))
		}
	}
	if err := rows.Err(); err != nil {
		return err
	}
	if len(problems) > 0 {
		return fmt.Errorf("%s está corrompido: %w", path, errors.Join(problems...))
	}
	return nil
}
