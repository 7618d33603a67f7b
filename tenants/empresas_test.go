package tenants

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"vendeai/app"
	"vendeai/storage/bolt"
	"vendeai/storage/sqlite"
)

func newTestManager(t *testing.T) (*Manager, *bolt.DB, string) {
	t.Helper()
	dir := t.TempDir()
	reg, err := bolt.Open(filepath.Join(dir, bolt.FileName), time.Second)
	if err != nil {
		t.Fatal(err)
	}
	transport, _ := offlineWhatsmeow()
	m := New(Config{DataDir: dir, Registry: reg, Transport: transport})
	if err := m.Open(context.Background()); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { m.Close(); reg.Close() })
	return m, reg, dir
}

func TestCreateFailsCleanly(t *testing.T) {
	ctx := context.Background()
	m, reg, dir := newTestManager(t)

	// The DB cannot be opened: neither the registry entry nor the folder stays.
	m.openDB = func(context.Context, string) (*sqlite.DB, error) { return nil, errors.New("disco cheio") }
	if _, _, err := m.CreateEmpresa(ctx, app.NewEmpresa{Nome: "Loja", ID: 5}); err == nil {
		t.Fatal("create succeeded with a failing DB")
	}
	if _, err := reg.FindEmpresa(ctx, 5); !app.IsCode(err, app.ENOTFOUND) {
		t.Errorf("registry kept the half-made empresa: %v", err)
	}
	if _, err := os.Stat(filepath.Join(dir, "tenants", "empresa_5")); !os.IsNotExist(err) {
		t.Errorf("folder left behind: %v", err)
	}

	// The DB opens but the metadata cannot be written: same outcome.
	m.openDB = func(ctx context.Context, path string) (*sqlite.DB, error) {
		db, err := sqlite.Open(ctx, path)
		if err == nil {
			db.SQL().Exec(`DROP TABLE empresa`)
		}
		return db, err
	}
	if _, _, err := m.CreateEmpresa(ctx, app.NewEmpresa{Nome: "Loja", ID: 5}); err == nil {
		t.Fatal("create succeeded without metadata")
	}
	if n, _ := reg.CountEmpresas(ctx); n != 0 {
		t.Errorf("registry holds %d empresas", n)
	}
	if _, err := os.Stat(filepath.Join(dir, "tenants", "empresa_5")); !os.IsNotExist(err) {
		t.Errorf("folder left behind: %v", err)
	}

	// A folder that already exists (copied in, not yet adopted) is never
	// overwritten, and the registry is left as it was.
	m.openDB = sqlite.Open
	stray := filepath.Join(dir, "tenants", "empresa_6")
	os.MkdirAll(stray, 0o700)
	os.WriteFile(filepath.Join(stray, "nota.txt"), []byte("dados de outra loja"), 0o600)
	if _, _, err := m.CreateEmpresa(ctx, app.NewEmpresa{Nome: "Loja", ID: 6}); !app.IsCode(err, app.ECONFLICT) {
		t.Fatalf("create over an existing folder: %v, want conflict", err)
	}
	if data, _ := os.ReadFile(filepath.Join(stray, "nota.txt")); string(data) != "dados de outra loja" {
		t.Error("existing folder was touched")
	}
	if _, err := reg.FindEmpresa(ctx, 6); !app.IsCode(err, app.ENOTFOUND) {
		t.Errorf("registry kept empresa 6: %v", err)
	}

	// And a normal create still works afterwards, with its metadata inside.
	e, token, err := m.CreateEmpresa(ctx, app.NewEmpresa{Nome: "Loja Boa"})
	if err != nil || token == "" {
		t.Fatal(err)
	}
	db, err := m.folderDB(ctx, e.ID)
	if err != nil {
		t.Fatal(err)
	}
	if meta, err := db.LoadEmpresa(ctx); err != nil || meta.Nome != "Loja Boa" {
		t.Errorf("metadata in the folder: %+v, %v", meta, err)
	}
}

func TestUpdateMirrorsMetadataIntoFolder(t *testing.T) {
	ctx := context.Background()
	m, _, _ := newTestManager(t)
	e, _, err := m.CreateEmpresa(ctx, app.NewEmpresa{Nome: "Loja"})
	if err != nil {
		t.Fatal(err)
	}
	nome := "Loja Nova"
	if _, err := m.UpdateEmpresa(ctx, e.ID, app.EmpresaUpdate{Nome: &nome}); err != nil {
		t.Fatal(err)
	}
	db, _ := m.folderDB(ctx, e.ID)
	if meta, _ := db.LoadEmpresa(ctx); meta == nil || meta.Nome != "Loja Nova" {
		t.Errorf("folder metadata = %+v", meta)
	}
}

// TestDeleteWhileInUse: requests racing a DELETE never leave a session or
// an open DB behind, and an empresa created again with the same id starts
// from nothing (not the old phone's session).
func TestDeleteWhileInUse(t *testing.T) {
	a := sandboxApp(t, t.TempDir(), SandboxConfig{QRFirst: time.Hour})
	ctx := context.Background()
	sb, _ := a.m.Sandbox()
	e, _, err := a.m.CreateEmpresa(ctx, app.NewEmpresa{ID: 7, Nome: "Loja"})
	if err != nil {
		t.Fatal(err)
	}
	a.m.Connect(ctx, e.ID)
	a.waitState(e.ID, app.StateQR)
	if _, err := sb.Scan(ctx, e.ID, "5521999990001"); err != nil {
		t.Fatal(err)
	}

	stop := make(chan struct{})
	var wg, going sync.WaitGroup
	for range 4 {
		wg.Add(1)
		going.Add(1)
		go func() {
			defer wg.Done()
			for first := true; ; first = false {
				if !first {
					select {
					case <-stop:
						return
					default:
					}
				}
				a.m.Connect(ctx, 7)
				a.m.Status(ctx, 7)
				if store, err := a.m.VehicleStore(ctx, 7); err == nil {
					store.Vocabulary(ctx)
				}
				if first {
					going.Done()
				}
			}
		}()
	}
	going.Wait() // every reader is in its loop: the delete races them
	if err := a.m.DeleteEmpresa(ctx, 7); err != nil {
		t.Fatal(err)
	}
	close(stop)
	wg.Wait()

	if s := a.m.existing(7); s != nil {
		t.Error("a session of the deleted empresa survived")
	}
	a.m.mu.Lock()
	_, open := a.m.dbs[7]
	a.m.mu.Unlock()
	if open {
		t.Error("the deleted empresa's DB is still open")
	}
	if _, _, err := a.m.CreateEmpresa(ctx, app.NewEmpresa{ID: 7, Nome: "Outra loja"}); err != nil {
		t.Fatal(err)
	}
	if st, _ := a.m.Status(ctx, 7); st.Status != app.StateDisconnected || st.Phone != "" || st.LoggedIn {
		t.Errorf("the new empresa 7 inherited a session: %+v", st)
	}
}
