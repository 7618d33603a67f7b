package api_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"vendeai/api"
	"vendeai/app"
	"vendeai/appliance"
	"vendeai/conversations"
	"vendeai/storage/bolt"
	"vendeai/tenants"
	"vendeai/webhooks"
)

const adminToken = "vdadm_test-admin-token"

// env is a whole appliance over httptest: real bbolt, real tenant SQLite
// files in a temp dir, the real tenants manager.
type env struct {
	t        *testing.T
	dataDir  string
	sandbox  bool // the whole appliance: sandbox WhatsApp sessions and the sales pipeline
	registry *bolt.DB
	tenants  *tenants.Manager
	pipeline *conversations.Service // sandbox only
	core     *appliance.Core        // sandbox only
	hub      *api.Hub
	server   *httptest.Server

	// now is the panel sessions' clock (nil: time.Now); trustProxy is
	// api.Config.TrustProxy.
	now        func() time.Time
	trustProxy bool

	webhooks *webhooks.Service // sandbox only
	// webhookHosts is VENDEAI_WEBHOOK_HOSTS (a port on loopback by default).
	webhookHosts string
}

func newEnv(t *testing.T) *env {
	t.Helper()
	e := &env{t: t, dataDir: t.TempDir()}
	e.open()
	t.Cleanup(e.close)
	return e
}

// open starts the appliance on e.dataDir (again, after close).
func (e *env) open() {
	e.t.Helper()
	ctx := context.Background()
	reg, err := bolt.Open(filepath.Join(e.dataDir, bolt.FileName), time.Second)
	if err != nil {
		e.t.Fatal(err)
	}
	if err := reg.SetAdminTokenHash(ctx, app.HashToken(adminToken)); err != nil {
		e.t.Fatal(err)
	}
	e.registry = reg
	e.hub = api.NewHub(nil)
	cfg := api.Config{Version: "test", Auth: app.TokenAuth{Registry: reg}, Hub: e.hub, CORSOrigins: []string{"http://crm.example"},
		Logins: app.PanelSessions{Store: reg, Tokens: app.TokenAuth{Registry: reg}, Now: func() time.Time {
			if e.now != nil {
				return e.now()
			}
			return time.Now()
		}},
		TrustProxy: e.trustProxy}
	// The sandbox WhatsApp even where no session route is served: no test
	// may reach WhatsApp's servers.
	tcfg := tenants.Config{DataDir: e.dataDir, Registry: reg, Publisher: e.hub,
		Transport: tenants.NewSandbox(tenants.SandboxConfig{QRFirst: time.Hour, ConnectDelay: time.Millisecond})}
	if e.sandbox {
		// The whole core, as cmd/vendeai builds it.
		cfg.Metrics = api.NewMetrics(nil, e.hub)
		e.core = appliance.New(appliance.Config{Tenants: tcfg,
			Pipeline: conversations.Config{OnReply: cfg.Metrics.ObserveReply, OnMessage: cfg.Metrics.CountMessage,
				OnSendRefused: cfg.Metrics.CountSendRefused},
			Webhooks: e.webhookConfig(reg, cfg.Metrics)})
		cfg.Metrics.CollectSessions(e.core.Tenants)
		cfg.Metrics.WatchWebhooks(e.core.Webhooks.Pending)
		e.tenants, e.pipeline, e.webhooks = e.core.Tenants, e.core.Pipeline, e.core.Webhooks
		cfg.Webhooks = e.webhooks
		if err := e.core.Open(ctx); err != nil {
			e.t.Fatal(err)
		}
	} else {
		e.tenants = tenants.New(tcfg)
		if err := e.tenants.Open(ctx); err != nil {
			e.t.Fatal(err)
		}
	}
	cfg.Empresas, cfg.Vehicles, cfg.Leads, cfg.Backups = e.tenants, e.tenants, e.tenants, e.tenants
	if e.sandbox {
		sb, _ := e.tenants.Sandbox()
		cfg.Sessions, cfg.Sandbox, cfg.CRM = e.tenants, sb, e.pipeline
		if err := e.tenants.ReconnectSaved(ctx); err != nil {
			e.t.Fatal(err)
		}
	}
	e.server = httptest.NewServer(api.New(cfg).Handler())
}

func (e *env) close() {
	if e.server == nil {
		return
	}
	e.hub.Close(context.Background())
	e.server.Close()
	if e.core != nil {
		e.core.Close()
	} else {
		e.tenants.Close()
	}
	e.registry.Close()
	e.server = nil
}

func (e *env) reopen() {
	e.close()
	e.open()
}

// response is a decoded JSON answer.
type response struct {
	status int
	body   map[string]any
	raw    string
}

func (r response) str(key string) string { s, _ := r.body[key].(string); return s }

func (e *env) do(method, path, token string, body any) response {
	e.t.Helper()
	var rd io.Reader
	switch b := body.(type) {
	case nil:
	case string:
		rd = strings.NewReader(b)
	case []byte:
		rd = bytes.NewReader(b)
	default:
		data, _ := json.Marshal(b)
		rd = bytes.NewReader(data)
	}
	req, err := http.NewRequest(method, e.server.URL+path, rd)
	if err != nil {
		e.t.Fatal(err)
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	if rd != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		e.t.Fatal(err)
	}
	defer res.Body.Close()
	raw, _ := io.ReadAll(res.Body)
	r := response{status: res.StatusCode, raw: string(raw)}
	json.Unmarshal(raw, &r.body)
	return r
}

// createEmpresa makes an empresa through the API and returns its id and token.
func (e *env) createEmpresa(nome string) (int, string) {
	e.t.Helper()
	r := e.do("POST", "/api/empresas", adminToken, map[string]any{"nome": nome})
	if r.status != http.StatusCreated {
		e.t.Fatalf("create empresa: %d %s", r.status, r.raw)
	}
	emp := r.body["empresa"].(map[string]any)
	return int(emp["id"].(float64)), r.str("token")
}

func expectStatus(t *testing.T, r response, want int, what string) {
	t.Helper()
	if r.status != want {
		t.Errorf("%s: status %d, want %d; body %s", what, r.status, want, r.raw)
	}
}

func expectError(t *testing.T, r response, status int, code, what string) {
	t.Helper()
	expectStatus(t, r, status, what)
	if r.body["success"] != false || r.str("code") != code || r.str("error") == "" {
		t.Errorf("%s: body %s, want success false, code %q and a message", what, r.raw, code)
	}
}

func jsonUnmarshal(data []byte, v any) { json.Unmarshal(data, v) }
