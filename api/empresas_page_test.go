package api_test

import (
	"fmt"
	"net/http"
	"net/url"
	"testing"
	"time"
)

func TestEmpresasPageSearchStatusAndCounts(t *testing.T) {
	e := newSandboxEnv(t)
	for _, nome := range []string{"Auto Center São João", "Garagem Sul", "Auto Sao Paulo", "Motos Norte"} {
		e.createEmpresa(nome)
	}
	expectStatus(t, e.do("POST", "/api/bot/connect/2", adminToken, nil), http.StatusAccepted, "connect 2")
	expectStatus(t, e.do("POST", "/api/sandbox/2/scan", adminToken, map[string]any{"phone": "5521999990001"}), http.StatusOK, "scan 2")

	// Without paging it is the whole list, as before.
	all := e.do("GET", "/api/empresas", adminToken, nil)
	if all.body["total"] != 4.0 || len(all.body["empresas"].([]any)) != 4 {
		t.Fatalf("list: %s", all.raw)
	}
	names := func(r response) []any {
		var out []any
		for _, v := range r.body["empresas"].([]any) {
			out = append(out, v.(map[string]any)["nome"])
		}
		return out
	}
	r := e.do("GET", "/api/empresas?q="+url.QueryEscape("são"), adminToken, nil)
	if fmt.Sprint(names(r)) != "[Auto Center São João Auto Sao Paulo]" || r.body["total"] != 2.0 {
		t.Errorf("q=são (accents and case ignored): %v", names(r))
	}
	r = e.do("GET", "/api/empresas?status=connected", adminToken, nil)
	if fmt.Sprint(names(r)) != "[Garagem Sul]" {
		t.Errorf("status=connected: %v", names(r))
	}
	row := r.body["empresas"].([]any)[0].(map[string]any)
	if s := row["sessao"].(map[string]any); s["status"] != "connected" || s["phone"] != "5521999990001" {
		t.Errorf("row session %v", s)
	}
	counts := r.body["contagem"].(map[string]any)
	if counts["total"] != 4.0 || counts["connected"] != 1.0 || counts["disconnected"] != 3.0 {
		t.Errorf("contagem covers every empresa whatever the filter: %v", counts)
	}
	r = e.do("GET", "/api/empresas?limit=2&offset=1", adminToken, nil)
	if fmt.Sprint(names(r)) != "[Garagem Sul Auto Sao Paulo]" || r.body["total"] != 4.0 {
		t.Errorf("page 2 of 2: %v total %v", names(r), r.body["total"])
	}
	if r := e.do("GET", "/api/empresas?offset=10", adminToken, nil); len(r.body["empresas"].([]any)) != 0 || r.body["total"] != 4.0 {
		t.Errorf("past the end: %s", r.raw)
	}

	// Messages since the caller's midnight, per row.
	e.do("POST", "/api/sandbox/2/inbound", adminToken, map[string]any{"from": "5511987654321", "text": "oi"})
	since := url.QueryEscape(time.Now().Add(-time.Hour).Format(time.RFC3339))
	var counted map[string]any
	for range 50 { // the reply is paced: wait (bounded) for it to be stored
		r = e.do("GET", "/api/empresas?status=connected&desde="+since, adminToken, nil)
		counted = r.body["empresas"].([]any)[0].(map[string]any)["mensagens"].(map[string]any)
		if counted["enviadas"].(float64) >= 1 {
			break
		}
		time.Sleep(100 * time.Millisecond)
	}
	if counted["recebidas"] != 1.0 || counted["enviadas"].(float64) < 1 {
		t.Errorf("messages since an hour ago: %v", counted)
	}
	future := url.QueryEscape(time.Now().Add(time.Hour).Format(time.RFC3339))
	r = e.do("GET", "/api/empresas?status=connected&desde="+future, adminToken, nil)
	if m := r.body["empresas"].([]any)[0].(map[string]any)["mensagens"].(map[string]any); m["recebidas"] != 0.0 {
		t.Errorf("messages since a future instant: %v", m)
	}
}

func TestEmpresasPageBadInput(t *testing.T) {
	e := newEnv(t)
	e.createEmpresa("Loja A")
	for _, q := range []string{"limit=abc", "limit=-1", "limit=201", "offset=x", "status=online", "desde=ontem", "desde=2026-13-01T00:00:00Z",
		"q=" + url.QueryEscape(string(make([]byte, 201)))} {
		expectError(t, e.do("GET", "/api/empresas?"+q, adminToken, nil), http.StatusBadRequest, "invalid", q)
	}
}

func TestResumoCountsTodayAndLeads(t *testing.T) {
	e := newSandboxEnv(t)
	id, token := e.createEmpresa("Loja A")
	path := fmt.Sprintf("/api/empresas/%d/resumo", id)
	r := e.do("GET", path, token, nil)
	expectStatus(t, r, http.StatusOK, "resumo")
	if m := r.body["mensagens"].(map[string]any); m["recebidas"] != 0.0 || m["enviadas"] != 0.0 {
		t.Errorf("empty resumo %s", r.raw)
	}
	e.do("POST", fmt.Sprintf("/api/bot/connect/%d", id), adminToken, nil)
	e.do("POST", fmt.Sprintf("/api/sandbox/%d/scan", id), adminToken, map[string]any{"phone": "5521999990001"})
	expectStatus(t, e.do("POST", fmt.Sprintf("/api/sandbox/%d/inbound", id), adminToken, map[string]any{"from": "5511987654321", "text": "oi"}), http.StatusAccepted, "inbound")
	for range 50 {
		if r = e.do("GET", path, token, nil); r.body["leads"].(map[string]any)["total"] == 1.0 {
			break
		}
		time.Sleep(50 * time.Millisecond)
	}
	leads := r.body["leads"].(map[string]any)
	if leads["total"] != 1.0 || r.body["mensagens"].(map[string]any)["recebidas"] != 1.0 || len(leads) != 6 {
		t.Errorf("resumo after one customer: %s", r.raw)
	}
	since := url.QueryEscape("2026-01-19T03:00:00-03:00")
	if r := e.do("GET", path+"?desde="+since, token, nil); r.str("desde") != "2026-01-19T06:00:00Z" {
		t.Errorf("desde echoed as %q", r.str("desde"))
	}
	for _, bad := range []string{"ontem", "2026-01-19", "1700000000"} {
		expectError(t, e.do("GET", path+"?desde="+bad, token, nil), http.StatusBadRequest, "invalid", "desde="+bad)
	}
	expectError(t, e.do("GET", "/api/empresas/999/resumo", adminToken, nil), http.StatusNotFound, "not_found", "unknown empresa")
}
