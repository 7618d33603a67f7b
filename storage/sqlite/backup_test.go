package sqlite_test

import (
	"context"
	"database/sql"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"vendeai/app"
	"vendeai/storage/sqlite"
)

// fillWhileSnapshotting writes batches into db (each batch of 20 rows and
// the counter in one transaction) until stop is closed, and reports how many
// rows are committed so far.
func fillWhileSnapshotting(t *testing.T, db *sqlite.DB, stop <-chan struct{}, committed *atomic.Int64) <-chan error {
	t.Helper()
	ctx := context.Background()
	if _, err := db.SQL().ExecContext(ctx, `CREATE TABLE carros (id INTEGER PRIMARY KEY, lote INTEGER NOT NULL, modelo TEXT NOT NULL);
		CREATE TABLE contador (singleton INTEGER PRIMARY KEY CHECK (singleton = 1), n INTEGER NOT NULL);
		INSERT INTO contador VALUES (1, 0);`); err != nil {
		t.Fatal(err)
	}
	batch := func(lote int) error {
		tx, err := db.SQL().BeginTx(ctx, nil)
		if err != nil {
			return err
		}
		defer tx.Rollback()
		for i := 0; i < 20; i++ {
			if _, err := tx.Exec(`INSERT INTO carros (lote, modelo) VALUES (?, ?)`, lote, strings.Repeat("Onix LT 1.0 ", 20)); err != nil {
				return err
			}
		}
		if _, err := tx.Exec(`UPDATE contador SET n = n + 20`); err != nil {
			return err
		}
		if err := tx.Commit(); err != nil {
			return err
		}
		committed.Add(20)
		return nil
	}
	// Enough rows that a snapshot takes a while and writes land during it.
	for lote := 0; lote < 300; lote++ {
		if err := batch(lote); err != nil {
			t.Fatal(err)
		}
	}
	done := make(chan error, 1)
	go func() {
		for lote := 300; ; lote++ {
			select {
			case <-stop:
				done <- nil
				return
			default:
			}
			if err := batch(lote); err != nil {
				done <- err
				return
			}
		}
	}()
	return done
}

// TestSnapshotIsConsistentDuringWrites is the hot backup: snapshots taken
// while a writer commits are intact (integrity_check ok) and hold every row
// of every transaction committed before they began, and never half of one.
func TestSnapshotIsConsistentDuringWrites(t *testing.T) {
	ctx := context.Background()
	db := openTestDB(t)
	if err := db.SaveEmpresa(ctx, &app.Empresa{ID: 7, Nome: "Loja RJ"}); err != nil {
		t.Fatal(err)
	}
	var committed atomic.Int64
	stop := make(chan struct{})
	var once sync.Once
	halt := func() { once.Do(func() { close(stop) }) }
	done := fillWhileSnapshotting(t, db, stop, &committed)
	defer halt()

	dir := t.TempDir()
	first := committed.Load()
	for i := 0; i < 5; i++ {
		before := committed.Load()
		snap := filepath.Join(dir, fmt.Sprintf("snap%d.db", i))
		if err := db.Snapshot(ctx, snap); err != nil {
			t.Fatal(err)
		}
		if err := sqlite.CheckFile(ctx, snap); err != nil {
			t.Fatalf("snapshot %d: %v", i, err)
		}
		copyDB, err := sqlite.Open(ctx, snap)
		if err != nil {
			t.Fatal(err)
		}
		rows := queryInt(t, copyDB.SQL(), `SELECT COUNT(*) FROM carros`)
		counter := queryInt(t, copyDB.SQL(), `SELECT n FROM contador`)
		lotes := queryInt(t, copyDB.SQL(), `SELECT COUNT(*) FROM (SELECT lote FROM carros GROUP BY lote HAVING COUNT(*) <> 20)`)
		meta, merr := copyDB.LoadEmpresa(ctx)
		copyDB.Close()
		if rows != counter || lotes != 0 {
			t.Errorf("snapshot %d is torn: %d rows, counter %d, %d partial batches", i, rows, counter, lotes)
		}
		if rows < before {
			t.Errorf("snapshot %d lost committed rows: %d, had %d before it began", i, rows, before)
		}
		if merr != nil || meta.ID != 7 {
			t.Errorf("snapshot %d metadata: %+v, %v", i, meta, merr)
		}
	}
	if committed.Load() == first {
		t.Error("the writer committed nothing while the snapshots ran: the test proves nothing")
	}
	halt()
	if err := <-done; err != nil {
		t.Fatalf("writer failed during the snapshots: %v", err)
	}
	// The destination is never overwritten.
	if err := db.Snapshot(ctx, filepath.Join(dir, "snap0.db")); err == nil {
		t.Error("snapshot over an existing file succeeded")
	}
}

func TestReadEmpresaFileLeavesFileAlone(t *testing.T) {
	ctx := context.Background()
	db := openTestDB(t)
	if _, err := sqlite.ReadEmpresaFile(ctx, db.Path()); !app.IsCode(err, app.ENOTFOUND) {
		t.Errorf("no metadata yet: %v, want not_found", err)
	}
	db.SaveEmpresa(ctx, &app.Empresa{ID: 3, Nome: "Loja"})
	if e, err := sqlite.ReadEmpresaFile(ctx, db.Path()); err != nil || e.ID != 3 {
		t.Errorf("ReadEmpresaFile = %+v, %v", e, err)
	}
	// Closed cleanly (no -wal), reading it creates no file beside it.
	db.Close()
	if e, err := sqlite.ReadEmpresaFile(ctx, db.Path()); err != nil || e.ID != 3 {
		t.Errorf("ReadEmpresaFile after close = %+v, %v", e, err)
	}
	if err := sqlite.CheckFile(ctx, db.Path()); err != nil {
		t.Error(err)
	}
	for _, suffix := range []string{"-wal", "-shm"} {
		if _, err := os.Stat(db.Path() + suffix); !os.IsNotExist(err) {
			t.Errorf("reading left %s: %v", suffix, err)
		}
	}
	if _, err := sqlite.ReadEmpresaFile(ctx, filepath.Join(t.TempDir(), "nada.db")); err == nil {
		t.Error("a missing file has metadata?")
	}
}

// queryInt runs a query of one integer; a query that fails fails the test
// (a missing table must not read as zero rows).
func queryInt(t testing.TB, db *sql.DB, query string) int64 {
	t.Helper()
	var n int64
	if err := db.QueryRow(query).Scan(&n); err != nil {
		t.Fatalf("%s: %v", query, err)
	}
	return n
}
