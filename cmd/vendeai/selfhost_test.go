package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"vendeai/app"
	"vendeai/storage/sqlite"
)

func noEnv(string) string { return "" }

func TestHealthcheckLiveAndDead(t *testing.T) {
	ctx := context.Background()
	m := NewMain(testConfig(t, t.TempDir()), slog.New(slog.DiscardHandler))
	if err := m.Run(ctx); err != nil {
		t.Fatal(err)
	}
	defer m.Close()
	var out bytes.Buffer
	if err := run(ctx, []string{"healthcheck", "--addr", m.Addr()}, noEnv, &out, io.Discard); err != nil {
		t.Fatalf("healthcheck against a live server: %v", err)
	}
	if strings.TrimSpace(out.String()) != "ok" {
		t.Errorf("printed %q", out.String())
	}
	// The address comes from VENDEAI_ADDR too, and a wildcard host means
	// this machine.
	_, port, _ := net.SplitHostPort(m.Addr())
	env := func(k string) string {
		if k == "VENDEAI_ADDR" {
			return ":" + port
		}
		return ""
	}
	if err := run(ctx, []string{"healthcheck"}, env, io.Discard, io.Discard); err != nil {
		t.Errorf("healthcheck from VENDEAI_ADDR: %v", err)
	}

	// A closed port.
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	dead := ln.Addr().String()
	ln.Close()
	if err := run(ctx, []string{"healthcheck", "--addr", dead}, noEnv, io.Discard, io.Discard); err == nil {
		t.Error("healthcheck against a closed port succeeded")
	}
	// A server that answers, but not ok; and one that hangs.
	sick := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(http.StatusServiceUnavailable)
		json.NewEncoder(w).Encode(map[string]string{"status": "error"})
	}))
	defer sick.Close()
	if err := run(ctx, []string{"healthcheck", "--addr", sick.Listener.Addr().String()}, noEnv, io.Discard, io.Discard); err == nil || !strings.Contains(err.Error(), "503") {
		t.Errorf("healthcheck against a 503: %v", err)
	}
	block := make(chan struct{})
	slow := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-block:
		case <-r.Context().Done():
		}
	}))
	defer slow.Close()
	defer close(block)
	if err := run(ctx, []string{"healthcheck", "--addr", slow.Listener.Addr().String(), "--timeout", "100ms"}, noEnv, io.Discard, io.Discard); err == nil {
		t.Error("healthcheck against a hanging server succeeded")
	}
	if err := run(ctx, []string{"healthcheck", "--addr", "semporta"}, noEnv, io.Discard, io.Discard); err == nil {
		t.Error("a malformed address was accepted")
	}
}

// apiCall does one JSON request against a running Main.
func apiCall(t *testing.T, m *Main, method, path, token, body string) map[string]any {
	t.Helper()
	req, _ := http.NewRequest(method, "http://"+m.Addr()+path, strings.NewReader(body))
	req.Header.Set("Authorization", "Bearer "+token)
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	var out map[string]any
	json.NewDecoder(res.Body).Decode(&out)
	if res.StatusCode >= 300 {
		t.Fatalf("%s %s: %d %v", method, path, res.StatusCode, out)
	}
	return out
}

// seedTenantFile adds two vehicles and a paired WhatsApp device to empresa
// id's file, through a second connection (as the server may be running),
// with the real store's own methods where it has them.
func seedTenantFile(t *testing.T, dataDir string, id int) {
	t.Helper()
	ctx := context.Background()
	db, err := sqlite.Open(ctx, filepath.Join(dataDir, "tenants", fmt.Sprintf("empresa_%d", id), sqlite.FileName))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	for _, modelo := range []string{"Onix", "HB20"} {
		v := &app.Vehicle{Marca: "Marca", Modelo: modelo, AnoFabricacao: 2020, AnoModelo: 2020, Preco: 5000000,
			Combustivel: "flex", Cambio: "manual", Categoria: "hatch", Status: app.VehicleDisponivel}
		if err := db.CreateVehicle(ctx, v); err != nil {
			t.Fatal(err)
		}
	}
	_, err = db.SQL().Exec(`INSERT INTO whatsmeow_device (jid, registration_id, noise_key, identity_key, signed_pre_key, signed_pre_key_id,
			signed_pre_key_sig, adv_key, adv_details, adv_account_sig, adv_account_sig_key, adv_device_sig)
		VALUES ('5521999990000:12@s.whatsapp.net', 7, zeroblob(32), zeroblob(32), zeroblob(32), 1, zeroblob(64),
			x'01', x'02', zeroblob(64), zeroblob(32), zeroblob(64));`)
	if err != nil {
		t.Fatal(err)
	}
}

// expectTenantFile checks that empresa id's restored file holds what
// seedTenantFile put there, read back through the real stores.
func expectTenantFile(t *testing.T, dataDir string, id int) {
	t.Helper()
	ctx := context.Background()
	path := filepath.Join(dataDir, "tenants", fmt.Sprintf("empresa_%d", id), sqlite.FileName)
	if err := sqlite.CheckFile(ctx, path); err != nil {
		t.Fatal(err)
	}
	db, err := sqlite.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	vs, total, err := db.FindVehicles(ctx, app.VehicleFilter{Ordem: "preco"})
	if err != nil || total != 2 || len(vs) != 2 || vs[0].Modelo != "Onix" || vs[1].Modelo != "HB20" {
		t.Errorf("empresa %d's vehicles after restore: %d %+v, %v", id, total, vs, err)
	}
	devices, err := db.DeviceContainer(nil).GetAllDevices(ctx)
	if err != nil || len(devices) != 1 || devices[0].ID == nil || devices[0].ID.String() != "5521999990000:12@s.whatsapp.net" {
		t.Errorf("empresa %d's WhatsApp device after restore: %+v, %v", id, devices, err)
	}
}

// TestBackupWhileServingAndRestore: the CLI backs up through the running
// server (which holds the lock), the backup restores into an empty dir, and
// the restored appliance has the same empresas, rows and credentials.
func TestBackupWhileServingAndRestore(t *testing.T) {
	ctx := context.Background()
	src := t.TempDir()
	m := NewMain(testConfig(t, src), slog.New(slog.DiscardHandler))
	if err := m.Run(ctx); err != nil {
		t.Fatal(err)
	}
	raw, _ := os.ReadFile(filepath.Join(src, "admin.token"))
	admin := strings.TrimSpace(string(raw))
	apiCall(t, m, "POST", "/api/empresas", admin, `{"nome":"Loja A"}`)
	apiCall(t, m, "POST", "/api/empresas", admin, `{"nome":"Loja RJ","id":7,"botAtivo":false}`)
	seedTenantFile(t, src, 1)

	out := t.TempDir()
	var stdout bytes.Buffer
	err := run(ctx, []string{"backup", "--data", src, "--out", out, "--addr", m.Addr()}, noEnv, &stdout, io.Discard)
	m.Close()
	if err != nil {
		t.Fatalf("backup while serving: %v", err)
	}
	if !strings.Contains(stdout.String(), "pelo servidor em execução") || !strings.Contains(stdout.String(), "2 empresa(s)") {
		t.Errorf("backup output: %s", stdout.String())
	}
	files, _ := filepath.Glob(filepath.Join(out, "*"))
	all, _ := os.ReadDir(out)
	if len(files) != 1 || len(all) != 1 || !strings.HasPrefix(filepath.Base(files[0]), "vendeai-backup-") {
		t.Fatalf("out dir holds %v", all)
	}
	if info, _ := os.Stat(files[0]); info.Mode().Perm() != 0o600 {
		t.Errorf("backup file mode %v, want 0600", info.Mode().Perm())
	}

	// Restore refuses the source (not empty) and a missing --from.
	if err := run(ctx, []string{"restore", "--from", out, "--data", src}, noEnv, io.Discard, io.Discard); err == nil || !strings.Contains(err.Error(), "não está vazio") {
		t.Errorf("restore into a non-empty dir: %v", err)
	}
	dst := filepath.Join(t.TempDir(), "data")
	stdout.Reset()
	if err := run(ctx, []string{"restore", "--from", out, "--data", dst}, noEnv, &stdout, io.Discard); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(stdout.String(), "2 empresa(s) (1, 7)") {
		t.Errorf("restore output: %s", stdout.String())
	}
	if _, err := os.Stat(filepath.Join(dst, "admin.token")); !os.IsNotExist(err) {
		t.Error("the admin token file came back from a backup")
	}
	expectTenantFile(t, dst, 1)

	// The restored appliance answers to the source's admin token with the
	// same empresas and metadata.
	m = NewMain(testConfig(t, dst), slog.New(slog.DiscardHandler))
	if err := m.Run(ctx); err != nil {
		t.Fatal(err)
	}
	defer m.Close()
	list := apiCall(t, m, "GET", "/api/empresas", admin, "")
	data, _ := json.Marshal(list["empresas"])
	if list["total"] != float64(2) || !strings.Contains(string(data), `"nome":"Loja RJ"`) || !strings.Contains(string(data), `"botAtivo":false`) {
		t.Errorf("restored empresas: %s", data)
	}
	// While the restored server runs, restore --force refuses to touch it.
	if err := run(ctx, []string{"restore", "--from", out, "--data", dst, "--force"}, noEnv, io.Discard, io.Discard); err == nil || !strings.Contains(err.Error(), "pare-o") {
		t.Errorf("restore under a running server: %v", err)
	}
}

func TestBackupOfStoppedDataDir(t *testing.T) {
	ctx := context.Background()
	src := t.TempDir()
	m := NewMain(testConfig(t, src), slog.New(slog.DiscardHandler))
	if err := m.Run(ctx); err != nil {
		t.Fatal(err)
	}
	raw, _ := os.ReadFile(filepath.Join(src, "admin.token"))
	apiCall(t, m, "POST", "/api/empresas", strings.TrimSpace(string(raw)), `{"nome":"Loja A"}`)
	m.Close()
	seedTenantFile(t, src, 1)

	out := t.TempDir()
	var stdout bytes.Buffer
	if err := run(ctx, []string{"backup", "--data", src, "--out", out}, noEnv, &stdout, io.Discard); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(stdout.String(), "servidor parado") {
		t.Errorf("backup output: %s", stdout.String())
	}
	dst := t.TempDir()
	if err := run(ctx, []string{"restore", "--from", out, "--data", dst}, noEnv, io.Discard, io.Discard); err != nil {
		t.Fatal(err)
	}
	expectTenantFile(t, dst, 1)

	if err := run(ctx, []string{"backup", "--data", t.TempDir(), "--out", out}, noEnv, io.Discard, io.Discard); err == nil {
		t.Error("backup of a dir without meta.db succeeded")
	}
	if err := run(ctx, []string{"backup", "--data", src}, noEnv, io.Discard, io.Discard); err == nil {
		t.Error("backup without --out succeeded")
	}
}
