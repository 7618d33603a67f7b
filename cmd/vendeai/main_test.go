package main

import (
	"bytes"
	"context"
	"io"
	"log/slog"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"vendeai/tenants"
)

// testConfig serves on a loopback port with the sandbox WhatsApp: a test
// appliance never dials WhatsApp's servers, not even to reconnect a
// restored device at boot.
func testConfig(t *testing.T, dataDir string) Config {
	t.Helper()
	cfg, err := parseServeFlags([]string{"-addr", "127.0.0.1:0", "-data", dataDir, "-whatsapp", "sandbox"}, func(string) string { return "" }, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	return cfg
}

func TestVersion(t *testing.T) {
	var out bytes.Buffer
	if err := run(context.Background(), []string{"version"}, os.Getenv, &out, io.Discard); err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(out.String(), "vendeai ") {
		t.Errorf("version printed %q", out.String())
	}
	if err := run(context.Background(), []string{"voar"}, os.Getenv, io.Discard, io.Discard); err == nil {
		t.Error("an unknown command must fail")
	}
}

func TestConfigFromEnvironmentAndFlags(t *testing.T) {
	env := map[string]string{"VENDEAI_ADDR": ":4000", "VENDEAI_CORS_ORIGINS": "http://a.example, http://b.example/",
		"VENDEAI_WHATSAPP": "sandbox", "VENDEAI_LOG_FORMAT": "json"}
	cfg, err := parseServeFlags([]string{"-data", "/tmp/x"}, func(k string) string { return env[k] }, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	if cfg.Addr != ":4000" || cfg.DataDir != "/tmp/x" || cfg.WhatsApp != "sandbox" || cfg.LogFormat != "json" ||
		len(cfg.CORSOrigins) != 2 || cfg.CORSOrigins[1] != "http://b.example" {
		t.Errorf("config %+v", cfg)
	}
	if _, ok := cfg.transport().(*tenants.Sandbox); !ok || cfg.SandboxQR != 0 {
		t.Errorf("VENDEAI_WHATSAPP=sandbox: transport %T, QR %v", cfg.transport(), cfg.SandboxQR)
	}
	if cfg, err := parseServeFlags([]string{"-sandbox-qr-seconds", "3"}, func(k string) string { return env[k] }, io.Discard); err != nil || cfg.SandboxQR != 3*time.Second {
		t.Errorf("-sandbox-qr-seconds 3: %v, %v", cfg.SandboxQR, err)
	}
	if cfg, err := parseServeFlags(nil, func(string) string { return "" }, io.Discard); err != nil || cfg.WhatsApp != "whatsmeow" {
		t.Errorf("default WhatsApp %q, %v", cfg.WhatsApp, err)
	} else if _, ok := cfg.transport().(*tenants.Whatsmeow); !ok {
		t.Errorf("default transport %T", cfg.transport())
	}
	for _, bad := range []map[string]string{{"VENDEAI_WHATSAPP": "telegram"}, {"VENDEAI_LOG_FORMAT": "xml"}, {"VENDEAI_LOG_LEVEL": "loud"}, {"VENDEAI_CORS_ORIGINS": "crm.example.com"},
		{"VENDEAI_SANDBOX_QR_SECONDS": "x"}, {"VENDEAI_SANDBOX_QR_SECONDS": "0"}, {"VENDEAI_SANDBOX_QR_SECONDS": "601"}} {
		if _, err := parseServeFlags(nil, func(k string) string { return bad[k] }, io.Discard); err == nil {
			t.Errorf("%v accepted", bad)
		}
	}
}

// TestRunGeneratesAdminTokenAndServes starts the whole appliance on a real
// listener, uses the generated admin token, and shuts it down.
func TestRunGeneratesAdminTokenAndServes(t *testing.T) {
	dir := t.TempDir()
	var logs bytes.Buffer
	m := NewMain(testConfig(t, dir), slog.New(slog.NewTextHandler(&logs, nil)))
	if err := m.Run(context.Background()); err != nil {
		t.Fatal(err)
	}
	info, err := os.Stat(filepath.Join(dir, "admin.token"))
	if err != nil || info.Mode().Perm() != 0o600 {
		t.Fatalf("admin.token: %v, mode %v", err, info)
	}
	raw, _ := os.ReadFile(filepath.Join(dir, "admin.token"))
	token := strings.TrimSpace(string(raw))

	req, _ := http.NewRequest("GET", "http://"+m.Addr()+"/api/empresas", nil)
	req.Header.Set("Authorization", "Bearer "+token)
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusOK {
		t.Errorf("admin token from the file: status %d", res.StatusCode)
	}
	if err := m.Close(); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(logs.String(), "VendeAI MULTI-TENANT ATIVO") {
		t.Errorf("start line missing from logs:\n%s", logs.String())
	}
	if strings.Contains(logs.String(), token) {
		t.Error("the admin token was logged")
	}

	// A restart keeps the same token (only its hash is in meta.db).
	m = NewMain(testConfig(t, dir), slog.New(slog.DiscardHandler))
	if err := m.Run(context.Background()); err != nil {
		t.Fatal(err)
	}
	defer m.Close()
	again, _ := os.ReadFile(filepath.Join(dir, "admin.token"))
	if string(again) != string(raw) {
		t.Error("admin token changed across a restart")
	}
}

func TestSecondProcessOnSameDataDirFails(t *testing.T) {
	dir := t.TempDir()
	first := NewMain(testConfig(t, dir), slog.New(slog.DiscardHandler))
	if err := first.Run(context.Background()); err != nil {
		t.Fatal(err)
	}
	defer first.Close()

	err := run(context.Background(), []string{"serve", "-addr", "127.0.0.1:0", "-data", dir}, func(string) string { return "" }, io.Discard, io.Discard)
	if err == nil || !strings.Contains(err.Error(), "em uso") {
		t.Fatalf("second serve on the same data dir: %v, want 'em uso'", err)
	}
}
