package sqlite_test

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"vendeai/app"
	"vendeai/storage/sqlite"
)

// openTestDB opens a fresh tenant DB in a temp dir, closed with the test.
func openTestDB(t testing.TB) *sqlite.DB {
	t.Helper()
	db, err := sqlite.Open(context.Background(), filepath.Join(t.TempDir(), sqlite.FileName))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

func TestOpenCreatesWhatsmeowTables(t *testing.T) {
	db := openTestDB(t)
	for _, table := range []string{"whatsmeow_device", "whatsmeow_identity_keys", "whatsmeow_sessions", "empresa"} {
		var n int
		if err := db.SQL().QueryRow(`SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = ?`, table).Scan(&n); err != nil {
			t.Fatal(err)
		}
		if n != 1 {
			t.Errorf("table %s missing from a new empresa.db", table)
		}
	}
	var fk int
	if err := db.SQL().QueryRow(`PRAGMA foreign_keys`).Scan(&fk); err != nil || fk != 1 {
		t.Errorf("foreign_keys = %d (%v), want 1", fk, err)
	}
	var mode string
	if err := db.SQL().QueryRow(`PRAGMA journal_mode`).Scan(&mode); err != nil || mode != "wal" {
		t.Errorf("journal_mode = %q (%v), want wal", mode, err)
	}
}

func TestReopenKeepsSchemaAndMetadata(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), sqlite.FileName)
	db, err := sqlite.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.LoadEmpresa(ctx); !app.IsCode(err, app.ENOTFOUND) {
		t.Fatalf("LoadEmpresa on a new file: %v, want not_found", err)
	}
	want := &app.Empresa{ID: 7, Nome: "Loja RJ", BotAtivo: true, Nicho: "veiculos", PausaHumanoHoras: 24,
		CriadoEm: time.Date(2026, 1, 19, 12, 0, 0, 0, time.UTC)}
	if err := db.SaveEmpresa(ctx, want); err != nil {
		t.Fatal(err)
	}
	db.Close()

	db, err = sqlite.Open(ctx, path) // migrations must be idempotent
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	got, err := db.LoadEmpresa(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if got.ID != 7 || got.Nome != "Loja RJ" || !got.CriadoEm.Equal(want.CriadoEm) {
		t.Errorf("LoadEmpresa = %+v, want %+v", got, want)
	}
}
