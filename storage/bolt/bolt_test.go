package bolt_test

import (
	"context"
	"errors"
	"path/filepath"
	"testing"
	"time"

	"vendeai/app"
	"vendeai/storage/bolt"
)

var ctx = context.Background()

func openTestDB(t *testing.T, path string) *bolt.DB {
	t.Helper()
	db, err := bolt.Open(path, time.Second)
	if err != nil {
		t.Fatal(err)
	}
	return db
}

func newEmpresa(t *testing.T, id int, nome string) *app.Empresa {
	t.Helper()
	e, err := app.NewEmpresa{ID: id, Nome: nome}.Empresa(time.Now())
	if err != nil {
		t.Fatal(err)
	}
	return e
}

func TestCreateAssignsIDsAndRefusesClash(t *testing.T) {
	db := openTestDB(t, filepath.Join(t.TempDir(), bolt.FileName))
	defer db.Close()

	a := newEmpresa(t, 0, "Loja A")
	if err := db.CreateEmpresa(ctx, a, []byte("hash-a")); err != nil || a.ID != 1 {
		t.Fatalf("first empresa: id %d, err %v; want id 1", a.ID, err)
	}
	given := newEmpresa(t, 7, "Loja 7")
	if err := db.CreateEmpresa(ctx, given, []byte("hash-7")); err != nil {
		t.Fatal(err)
	}
	next := newEmpresa(t, 0, "Loja B")
	if err := db.CreateEmpresa(ctx, next, []byte("hash-b")); err != nil || next.ID != 8 {
		t.Fatalf("after id 7: id %d, err %v; want 8", next.ID, err)
	}
	clash := newEmpresa(t, 7, "Outra")
	if err := db.CreateEmpresa(ctx, clash, []byte("hash-x")); !app.IsCode(err, app.ECONFLICT) {
		t.Fatalf("id in use: err %v, want conflict", err)
	}
	if _, err := db.EmpresaIDByTokenHash(ctx, []byte("hash-x")); !app.IsCode(err, app.EUNAUTHORIZED) {
		t.Errorf("a refused empresa's token must not work: %v", err)
	}
	// A deleted empresa's id is not handed out again.
	if err := db.DeleteEmpresa(ctx, 8); err != nil {
		t.Fatal(err)
	}
	again := newEmpresa(t, 0, "Loja C")
	if err := db.CreateEmpresa(ctx, again, []byte("hash-c")); err != nil || again.ID != 9 {
		t.Fatalf("after deleting 8: id %d, err %v; want 9", again.ID, err)
	}
	if n, _ := db.CountEmpresas(ctx); n != 3 {
		t.Errorf("CountEmpresas = %d, want 3", n)
	}
}

func TestTokensRotateAndDie(t *testing.T) {
	db := openTestDB(t, filepath.Join(t.TempDir(), bolt.FileName))
	defer db.Close()
	e := newEmpresa(t, 3, "Loja")
	if err := db.CreateEmpresa(ctx, e, []byte("old")); err != nil {
		t.Fatal(err)
	}
	if id, err := db.EmpresaIDByTokenHash(ctx, []byte("old")); err != nil || id != 3 {
		t.Fatalf("lookup = %d, %v", id, err)
	}
	if err := db.SetEmpresaTokenHash(ctx, 3, []byte("new")); err != nil {
		t.Fatal(err)
	}
	if _, err := db.EmpresaIDByTokenHash(ctx, []byte("old")); !app.IsCode(err, app.EUNAUTHORIZED) {
		t.Errorf("old token after rotation: %v, want unauthorized", err)
	}
	if id, err := db.EmpresaIDByTokenHash(ctx, []byte("new")); err != nil || id != 3 {
		t.Errorf("new token = %d, %v", id, err)
	}
	if err := db.DeleteEmpresa(ctx, 3); err != nil {
		t.Fatal(err)
	}
	if _, err := db.EmpresaIDByTokenHash(ctx, []byte("new")); !app.IsCode(err, app.EUNAUTHORIZED) {
		t.Errorf("token of a deleted empresa: %v, want unauthorized", err)
	}
	if err := db.SetEmpresaTokenHash(ctx, 3, []byte("x")); !app.IsCode(err, app.ENOTFOUND) {
		t.Errorf("token for a missing empresa: %v, want not_found", err)
	}
}

func TestUpdateSurvivesReopen(t *testing.T) {
	path := filepath.Join(t.TempDir(), bolt.FileName)
	db := openTestDB(t, path)
	e := newEmpresa(t, 0, "Loja")
	if err := db.CreateEmpresa(ctx, e, []byte("h")); err != nil {
		t.Fatal(err)
	}
	off, horas := false, 48
	if _, err := db.UpdateEmpresa(ctx, e.ID, app.EmpresaUpdate{BotAtivo: &off, PausaHumanoHoras: &horas}, time.Now()); err != nil {
		t.Fatal(err)
	}
	bad := 0
	if _, err := db.UpdateEmpresa(ctx, e.ID, app.EmpresaUpdate{PausaHumanoHoras: &bad}, time.Now()); !app.IsCode(err, app.EINVALID) {
		t.Errorf("invalid update: %v, want invalid", err)
	}
	if err := db.SetAdminTokenHash(ctx, []byte("admin")); err != nil {
		t.Fatal(err)
	}
	db.Close()

	db = openTestDB(t, path)
	defer db.Close()
	got, err := db.FindEmpresa(ctx, e.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got.BotAtivo || got.PausaHumanoHoras != 48 || got.Nome != "Loja" {
		t.Errorf("after reopen: %+v", got)
	}
	if h, _ := db.AdminTokenHash(ctx); string(h) != "admin" {
		t.Errorf("admin hash after reopen = %q", h)
	}
	if _, err := db.FindEmpresa(ctx, 99); !app.IsCode(err, app.ENOTFOUND) {
		t.Errorf("missing empresa: %v", err)
	}
}

func TestSecondOpenFailsFast(t *testing.T) {
	path := filepath.Join(t.TempDir(), bolt.FileName)
	db := openTestDB(t, path)
	defer db.Close()
	_, err := bolt.Open(path, 50*time.Millisecond)
	if !errors.Is(err, bolt.ErrLocked) {
		t.Fatalf("second open: %v, want ErrLocked", err)
	}
}
