package api_test

import (
	"net/http"
	"strconv"
	"strings"
	"testing"
)

// route is one protected route of the contract; {id} stands for the target
// empresa. adminOnly routes refuse every empresa token.
type route struct {
	method, path string
	body         any
	adminOnly    bool
	// needsState: the route acts on something the matrix does not set up
	// (a vehicle, a lead, a QR to scan), so past auth it may answer 404,
	// 409 or 422; what it may never answer to an allowed token is 401, 403
	// or a 5xx.
	needsState bool
}

// protectedRoutes lists every route that needs a token. Each later feature
// adds its routes here, so the auth matrix covers them.
var protectedRoutes = []route{
	{method: "POST", path: "/api/empresas", body: map[string]any{"nome": "Nova"}, adminOnly: true},
	{method: "GET", path: "/api/empresas", adminOnly: true},
	{method: "GET", path: "/api/empresas/{id}"},
	{method: "GET", path: "/api/empresas/{id}/resumo"},
	{method: "PATCH", path: "/api/empresas/{id}", body: map[string]any{"nome": "Renomeada"}},
	{method: "DELETE", path: "/api/empresas/{id}", adminOnly: true},
	{method: "POST", path: "/api/empresas/{id}/token", adminOnly: true},
	{method: "POST", path: "/api/bot/toggle", body: map[string]any{"empresaId": "{id}", "botAtivo": false}},
	{method: "GET", path: "/api/bot/config/{id}"},
	{method: "PUT", path: "/api/bot/config/{id}", body: map[string]any{"pausaHumanoHoras": 12}},
	{method: "GET", path: "/api/empresas/{id}/veiculos"},
	{method: "POST", path: "/api/empresas/{id}/veiculos", body: carro("", "Civic", 100000)},
	{method: "GET", path: "/api/empresas/{id}/veiculos/export"},
	{method: "GET", path: "/api/empresas/{id}/backup"},
	{method: "GET", path: "/api/backup", adminOnly: true},
	{method: "POST", path: "/api/empresas/{id}/veiculos/import", body: "codigo;marca;modelo;anoFabricacao;anoModelo;preco;combustivel;cambio;categoria\nM1;Fiat;Mobi;2022;2023;59900;flex;manual;hatch\n"},
	{method: "GET", path: "/api/empresas/{id}/veiculos/1", needsState: true},
	{method: "PUT", path: "/api/empresas/{id}/veiculos/1", body: carro("", "Civic", 100000), needsState: true},
	{method: "PATCH", path: "/api/empresas/{id}/veiculos/1", body: map[string]any{"status": "vendido"}, needsState: true},
	{method: "DELETE", path: "/api/empresas/{id}/veiculos/1", needsState: true},
	{method: "GET", path: "/api/empresas/{id}/leads"},
	{method: "GET", path: "/api/empresas/{id}/leads/export"},
	{method: "GET", path: "/api/empresas/{id}/leads/unificacoes"},
	{method: "GET", path: "/api/empresas/{id}/leads/5511987654321", needsState: true},
	{method: "GET", path: "/api/empresas/{id}/leads/5511987654321/mensagens", needsState: true},
	{method: "POST", path: "/api/empresas/{id}/leads/5511987654321/bot", body: map[string]any{"ativo": true}, needsState: true},
	{method: "POST", path: "/api/empresas/{id}/mensagens", body: map[string]any{"to": "5511987654321", "text": "oi"}, needsState: true},
	{method: "POST", path: "/api/bot/simulate/{id}", body: map[string]any{"from": "5511987654321", "text": "tem civic?"}},
	{method: "POST", path: "/api/bot/connect/{id}"},
	{method: "GET", path: "/api/bot/status/{id}"},
	{method: "POST", path: "/api/bot/disconnect/{id}"},
	{method: "POST", path: "/api/bot/reconnect/{id}"},
	{method: "POST", path: "/api/bot/pair-phone/{id}", body: map[string]any{"phone": "5521999999999"}, needsState: true},
	{method: "GET", path: "/api/bot/sessions", adminOnly: true},
	{method: "POST", path: "/api/sandbox/{id}/scan", adminOnly: true, needsState: true},
	{method: "POST", path: "/api/sandbox/{id}/inbound", body: map[string]any{"from": "5511987654321", "text": "oi"}, adminOnly: true, needsState: true},
	{method: "GET", path: "/api/sandbox/{id}/outbox", adminOnly: true},
	{method: "POST", path: "/api/sandbox/{id}/contatos", body: map[string]any{"phone": "5511987654321"}, adminOnly: true},
	{method: "POST", path: "/api/sandbox/{id}/fault", body: map[string]any{"kind": "disconnect"}, adminOnly: true, needsState: true},
	{method: "GET", path: "/metrics", adminOnly: true},
	{method: "GET", path: "/api/empresas/{id}/webhook"},
	{method: "PUT", path: "/api/empresas/{id}/webhook", body: map[string]any{"url": "http://127.0.0.1:9/hook", "segredo": "segredo-de-teste-0123"}},
	{method: "DELETE", path: "/api/empresas/{id}/webhook", needsState: true},
	{method: "POST", path: "/api/empresas/{id}/webhook/testar", needsState: true},
	{method: "GET", path: "/api/empresas/{id}/webhook/entregas"},
	{method: "POST", path: "/api/empresas/{id}/webhook/entregas/0190f3a8-7b1c-7d2e-8f00-123456789abc/reenviar", needsState: true},
	{method: "GET", path: "/api/webhook", adminOnly: true},
	{method: "PUT", path: "/api/webhook", body: map[string]any{"url": "http://127.0.0.1:9/hook", "segredo": "segredo-de-teste-0123"}, adminOnly: true},
	{method: "DELETE", path: "/api/webhook", adminOnly: true, needsState: true},
	{method: "POST", path: "/api/webhook/testar", adminOnly: true, needsState: true},
}

func (r route) on(id int) (string, any) {
	path := strings.ReplaceAll(r.path, "{id}", strconv.Itoa(id))
	body := r.body
	if m, ok := body.(map[string]any); ok {
		copied := map[string]any{}
		for k, v := range m {
			if v == "{id}" {
				v = id
			}
			copied[k] = v
		}
		body = copied
	}
	return path, body
}

// TestAuthMatrix calls every protected route of the whole appliance (sandbox
// sessions and the sales pipeline included) with no token, a wrong one,
// another empresa's, the empresa's own and the admin's. The admin goes last:
// some routes remove or rename what they act on.
func TestAuthMatrix(t *testing.T) {
	for _, rt := range protectedRoutes {
		t.Run(rt.method+" "+rt.path, func(t *testing.T) {
			e := newSandboxEnv(t)
			a, tokenA := e.createEmpresa("Loja A")
			_, tokenB := e.createEmpresa("Loja B")
			for _, who := range []string{"none", "wrong", "other", "own", "admin"} {
				token := map[string]string{"none": "", "wrong": "vdemp_nao-existe", "other": tokenB,
					"own": tokenA, "admin": adminToken}[who]
				path, body := rt.on(a)
				r := e.do(rt.method, path, token, body)
				switch {
				case who == "none" || who == "wrong":
					expectError(t, r, http.StatusUnauthorized, "unauthorized", who)
				case who == "other" || (who == "own" && rt.adminOnly):
					expectError(t, r, http.StatusForbidden, "forbidden", who)
				case r.status == http.StatusUnauthorized || r.status == http.StatusForbidden || r.status >= 500:
					t.Errorf("%s: status %d; body %s", who, r.status, r.raw)
				case !rt.needsState && r.status >= 300:
					t.Errorf("%s: status %d, want success; body %s", who, r.status, r.raw)
				}
			}
		})
	}
}

func TestBadEmpresaIDs(t *testing.T) {
	e := newSandboxEnv(t)
	e.createEmpresa("Loja A")
	for _, rt := range protectedRoutes {
		if !strings.Contains(rt.path, "{id}") {
			continue
		}
		for _, bad := range []string{"abc", "0", "-1", "1.5", "..%2F1", "99999999999", "%20"} {
			path := strings.ReplaceAll(rt.path, "{id}", bad)
			_, body := rt.on(1)
			r := e.do(rt.method, path, adminToken, body)
			expectError(t, r, http.StatusBadRequest, "invalid_id", rt.method+" "+path)
		}
	}
	// The toggle carries its id in the body.
	for _, bad := range []any{"abc", 0, -1, 1.5, 99999999999} {
		r := e.do("POST", "/api/bot/toggle", adminToken, map[string]any{"empresaId": bad, "botAtivo": false})
		if r.status != http.StatusBadRequest {
			t.Errorf("toggle with empresaId %v: %d %s", bad, r.status, r.raw)
		}
	}
	// Unknown but well-formed ids are 404.
	for _, p := range []string{"/api/empresas/999", "/api/bot/config/999"} {
		expectError(t, e.do("GET", p, adminToken, nil), http.StatusNotFound, "not_found", p)
	}
	expectError(t, e.do("POST", "/api/bot/toggle", adminToken, map[string]any{"empresaId": 999, "botAtivo": true}),
		http.StatusNotFound, "not_found", "toggle unknown")
	// A path that escapes the route never reaches an empresa or a file: no
	// route matches it, or the dots land in the id and are refused.
	expectError(t, e.do("GET", "/api/empresas/../1", adminToken, nil), http.StatusNotFound, "not_found", "../1")
	expectError(t, e.do("GET", "/api/empresas/%2e%2e/1", adminToken, nil), http.StatusNotFound, "not_found", "%2e%2e/1")
	expectError(t, e.do("GET", "/api/empresas/..%2f1", adminToken, nil), http.StatusBadRequest, "invalid_id", "..%2f1")
}

func TestHealthNeedsNoToken(t *testing.T) {
	e := newEnv(t)
	e.createEmpresa("Loja A")
	e.createEmpresa("Loja B")
	r := e.do("GET", "/health", "", nil)
	expectStatus(t, r, http.StatusOK, "health")
	if r.str("status") != "ok" || r.str("mode") != "multi-tenant" || r.str("version") != "test" || r.body["empresas"] != float64(2) {
		t.Errorf("health body %s", r.raw)
	}
}

func TestUnknownRouteIsJSON404(t *testing.T) {
	e := newEnv(t)
	expectError(t, e.do("GET", "/api/nada", adminToken, nil), http.StatusNotFound, "not_found", "unknown route")
}

func TestCORSAllowsConfiguredOriginsOnly(t *testing.T) {
	e := newEnv(t)
	for origin, allowed := range map[string]bool{"http://crm.example": true, "http://evil.example": false} {
		req, _ := http.NewRequest("OPTIONS", e.server.URL+"/api/empresas", nil)
		req.Header.Set("Origin", origin)
		req.Header.Set("Access-Control-Request-Method", "POST")
		req.Header.Set("Access-Control-Request-Headers", "authorization,content-type")
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		got := res.Header.Get("Access-Control-Allow-Origin")
		if allowed && got != origin {
			t.Errorf("origin %s: Allow-Origin %q, want it allowed", origin, got)
		}
		if !allowed && got != "" {
			t.Errorf("origin %s: Allow-Origin %q, want none", origin, got)
		}
	}
}
