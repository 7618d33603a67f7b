package tenants

import (
	"bytes"
	"context"
	"log/slog"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"vendeai/app"
	"vendeai/storage/bolt"
)

// syncBuffer collects logs written from any goroutine.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// appliance is a registry and a Manager on one data dir, like a boot.
type appliance struct {
	t    *testing.T
	dir  string
	reg  *bolt.DB
	m    *Manager
	logs *syncBuffer
}

func startAppliance(t *testing.T, dir string) *appliance {
	t.Helper()
	reg, err := bolt.Open(filepath.Join(dir, bolt.FileName), time.Second)
	if err != nil {
		t.Fatal(err)
	}
	logs := &syncBuffer{}
	transport, _ := offlineWhatsmeow() // the real transport, never online
	m := New(Config{DataDir: dir, Registry: reg, Logger: slog.New(slog.NewTextHandler(logs, nil)), Transport: transport})
	if err := m.Open(context.Background()); err != nil {
		reg.Close()
		t.Fatal(err)
	}
	a := &appliance{t: t, dir: dir, reg: reg, m: m, logs: logs}
	t.Cleanup(a.stop)
	return a
}

func (a *appliance) stop() {
	if a.m == nil {
		return
	}
	a.m.Close()
	a.reg.Close()
	a.m = nil
}

// seed creates an empresa with inventory-like rows and a paired WhatsApp
// device row (credentials), as a running appliance would have them.
func (a *appliance) seed(id int, nome string, carros ...string) (*app.Empresa, string) {
	a.t.Helper()
	ctx := context.Background()
	e, token, err := a.m.CreateEmpresa(ctx, app.NewEmpresa{ID: id, Nome: nome})
	if err != nil {
		a.t.Fatal(err)
	}
	db, err := a.m.folderDB(ctx, e.ID)
	if err != nil {
		a.t.Fatal(err)
	}
	if _, err := db.SQL().Exec(`CREATE TABLE estoque_teste (codigo TEXT PRIMARY KEY, modelo TEXT NOT NULL)`); err != nil {
		a.t.Fatal(err)
	}
	for i, c := range carros {
		if _, err := db.SQL().Exec(`INSERT INTO estoque_teste VALUES (?, ?)`, nome+"-"+string(rune('a'+i)), c); err != nil {
			a.t.Fatal(err)
		}
	}
	_, err = db.SQL().Exec(`INSERT INTO whatsmeow_device (jid, registration_id, noise_key, identity_key,
		signed_pre_key, signed_pre_key_id, signed_pre_key_sig, adv_key, adv_details, adv_account_sig,
		adv_account_sig_key, adv_device_sig, push_name)
		VALUES (?, 42, zeroblob(32), zeroblob(32), zeroblob(32), 1, zeroblob(64), x'01', x'02', zeroblob(64), zeroblob(32), zeroblob(64), ?)`,
		deviceJID(e.ID), nome)
	if err != nil {
		a.t.Fatal(err)
	}
	return e, token
}

func deviceJID(id int) string { return "55219999900" + string(rune('0'+id%10)) + ":12@s.whatsapp.net" }

// expectData checks that empresa id is registered as want and that its
// folder holds its rows, its device credentials and its own metadata.
func (a *appliance) expectData(want *app.Empresa, carros ...string) {
	a.t.Helper()
	ctx := context.Background()
	got, err := a.m.FindEmpresa(ctx, want.ID)
	if err != nil {
		a.t.Fatalf("empresa %d: %v", want.ID, err)
	}
	if got.Nome != want.Nome || got.BotAtivo != want.BotAtivo || !got.CriadoEm.Equal(want.CriadoEm) || got.PausaHumanoHoras != want.PausaHumanoHoras {
		a.t.Errorf("registry entry %+v, want %+v", got, want)
	}
	db, err := a.m.folderDB(ctx, want.ID)
	if err != nil {
		a.t.Fatalf("empresa %d DB: %v", want.ID, err)
	}
	var modelos []string
	rows, err := db.SQL().Query(`SELECT modelo FROM estoque_teste ORDER BY codigo`)
	if err != nil {
		a.t.Fatal(err)
	}
	for rows.Next() {
		var m string
		rows.Scan(&m)
		modelos = append(modelos, m)
	}
	rows.Close()
	if len(modelos) != len(carros) {
		a.t.Errorf("empresa %d rows %v, want %v", want.ID, modelos, carros)
	}
	for i := range carros {
		if i < len(modelos) && modelos[i] != carros[i] {
			a.t.Errorf("empresa %d rows %v, want %v", want.ID, modelos, carros)
		}
	}
	var jid, push string
	if err := db.SQL().QueryRow(`SELECT jid, push_name FROM whatsmeow_device`).Scan(&jid, &push); err != nil || jid != deviceJID(want.ID) || push != want.Nome {
		a.t.Errorf("empresa %d credentials: jid %q push %q err %v", want.ID, jid, push, err)
	}
	meta, err := db.LoadEmpresa(ctx)
	if err != nil || meta.ID != want.ID || !meta.CriadoEm.Equal(want.CriadoEm) {
		a.t.Errorf("empresa %d folder metadata %+v, %v", want.ID, meta, err)
	}
}
