package bolt_test

import (
	"path/filepath"
	"testing"
)

func TestSnapshotOpensAsTheSameRegistry(t *testing.T) {
	dir := t.TempDir()
	db := openTestDB(t, filepath.Join(dir, "meta.db"))
	defer db.Close()
	e := newEmpresa(t, 7, "Loja RJ")
	if err := db.CreateEmpresa(ctx, e, []byte("hash-7")); err != nil {
		t.Fatal(err)
	}
	snap := filepath.Join(dir, "copia.db")
	if err := db.Snapshot(snap); err != nil {
		t.Fatal(err)
	}
	if err := db.Snapshot(snap); err == nil {
		t.Error("a snapshot over an existing file succeeded")
	}
	// The copy opens while the original is still open and locked.
	cp := openTestDB(t, snap)
	defer cp.Close()
	got, err := cp.FindEmpresa(ctx, 7)
	if err != nil || got.Nome != "Loja RJ" || !got.CriadoEm.Equal(e.CriadoEm) {
		t.Errorf("empresa in the copy: %+v, %v", got, err)
	}
	if id, err := cp.EmpresaIDByTokenHash(ctx, []byte("hash-7")); err != nil || id != 7 {
		t.Errorf("token in the copy: %d, %v", id, err)
	}
}
