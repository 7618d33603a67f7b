package api_test

import (
	"context"
	"net/http"
	"strings"
	"testing"
	"time"
)

const cliente = "5511987654321"

// connected creates an empresa with a Civic and a sold Corolla, pairs its
// sandbox WhatsApp and returns its id (as text) and token.
func (e *env) connected(nome, modelo string) (string, string) {
	e.t.Helper()
	id, token := e.createEmpresa(nome)
	sid := itoa(id)
	e.do("POST", "/api/empresas/"+sid+"/veiculos", token, carro("", modelo, 115900))
	sold := carro("", "Corolla", 99900)
	sold["marca"], sold["status"] = "Toyota", "vendido"
	e.do("POST", "/api/empresas/"+sid+"/veiculos", token, sold)
	e.do("POST", "/api/bot/connect/"+sid, token, nil)
	e.waitStatus(sid, token, "qr") // connect answers before the first QR is shown
	if r := e.do("POST", "/api/sandbox/"+sid+"/scan", adminToken, map[string]any{"phone": "552130000000" + sid}); r.status != http.StatusOK {
		e.t.Fatalf("scan: %s", r.raw)
	}
	e.waitStatus(sid, token, "connected")
	return sid, token
}

// customerSays delivers a customer's message through the sandbox and waits
// until the pipeline has stored it and answered (or chosen not to).
func (e *env) customerSays(sid, from, text string) {
	e.t.Helper()
	e.customerSends(sid, map[string]any{"from": from, "text": text, "pushName": "João"})
}

// customerSends is customerSays with the whole inbound body (an ad, a link).
func (e *env) customerSends(sid string, body map[string]any) {
	e.t.Helper()
	from := body["from"].(string)
	before := e.leadMessages(sid, from)
	if r := e.do("POST", "/api/sandbox/"+sid+"/inbound", adminToken, body); r.status != http.StatusAccepted {
		e.t.Fatalf("inbound: %s", r.raw)
	}
	deadline := time.Now().Add(5 * time.Second)
	for e.leadMessages(sid, from) == before { // the inbound message is stored first
		if time.Now().After(deadline) {
			e.t.Fatalf("message %q never stored", body["text"])
		}
		time.Sleep(5 * time.Millisecond)
	}
	if err := e.pipeline.Flush(context.Background()); err != nil {
		e.t.Fatal(err)
	}
}

func (e *env) leadMessages(sid, phone string) float64 {
	r := e.do("GET", "/api/empresas/"+sid+"/leads/"+phone, adminToken, nil)
	if r.status != http.StatusOK {
		return 0
	}
	return r.body["lead"].(map[string]any)["mensagens"].(float64)
}

// outbox is every text the empresa sent, in order.
func (e *env) outbox(sid string) []string {
	r := e.do("GET", "/api/sandbox/"+sid+"/outbox", adminToken, nil)
	var texts []string
	for _, m := range r.body["mensagens"].([]any) {
		texts = append(texts, m.(map[string]any)["text"].(string))
	}
	return texts
}

func TestCustomerGetsAnswersThroughTheSandbox(t *testing.T) {
	e := newSandboxEnv(t)
	a, tokenA := e.connected("Loja A", "Civic")
	b, _ := e.connected("Loja B", "City")

	e.customerSays(a, cliente, "oi, tem civic automático?")
	got := strings.Join(e.outbox(a), "\n")
	if !strings.Contains(got, "Civic") || !strings.Contains(got, "R$ 115.900") || strings.Contains(got, "Corolla") || strings.Contains(got, "City") {
		t.Fatalf("A answered: %s", got)
	}
	// The same customer at B gets B's own stock.
	e.customerSays(b, cliente, "tem city?")
	if got := strings.Join(e.outbox(b), "\n"); !strings.Contains(got, "City") || strings.Contains(got, "Civic") {
		t.Fatalf("B answered: %s", got)
	}

	// The CRM sees the lead and the conversation, newest last.
	r := e.do("GET", "/api/empresas/"+a+"/leads", tokenA, nil)
	expectStatus(t, r, http.StatusOK, "leads")
	leads := r.body["leads"].([]any)
	if r.body["total"] != float64(1) || leads[0].(map[string]any)["phone"] != cliente || leads[0].(map[string]any)["nome"] != "João" ||
		leads[0].(map[string]any)["status"] != "em_atendimento" {
		t.Fatalf("leads %s", r.raw)
	}
	r = e.do("GET", "/api/empresas/"+a+"/leads/"+cliente+"/mensagens", tokenA, nil)
	msgs := r.body["mensagens"].([]any)
	if len(msgs) < 2 || msgs[0].(map[string]any)["direction"] != "in" || msgs[len(msgs)-1].(map[string]any)["direction"] != "out" {
		t.Fatalf("messages %s", r.raw)
	}

	// Bot off: stored, never answered.
	e.do("POST", "/api/bot/toggle", tokenA, map[string]any{"empresaId": 1, "botAtivo": false})
	sent := len(e.outbox(a))
	e.customerSays(a, cliente, "tem civic?")
	if len(e.outbox(a)) != sent {
		t.Errorf("the bot answered while off: %v", e.outbox(a))
	}
}

func TestHandoffReturnAndOptOutOverTheAPI(t *testing.T) {
	e := newSandboxEnv(t)
	a, token := e.connected("Loja A", "Civic")
	base := "/api/empresas/" + a + "/leads/" + cliente

	e.customerSays(a, cliente, "quero falar com um atendente")
	if r := e.do("GET", base, token, nil); r.body["lead"].(map[string]any)["status"] != "humano" {
		t.Fatalf("after handoff: %s", r.raw)
	}
	sent := len(e.outbox(a))
	e.customerSays(a, cliente, "tem civic?")
	if len(e.outbox(a)) != sent {
		t.Fatal("the bot spoke during the handoff")
	}
	// The CRM gives the contact back.
	expectError(t, e.do("POST", base+"/bot", token, map[string]any{}), http.StatusBadRequest, "invalid", "no ativo")
	expectError(t, e.do("POST", base+"/bot", token, map[string]any{"ativo": "sim"}), http.StatusBadRequest, "invalid_json", "ativo text")
	r := e.do("POST", base+"/bot", token, map[string]any{"ativo": true})
	expectStatus(t, r, http.StatusOK, "give back")
	if r.body["lead"].(map[string]any)["botAtivo"] != true {
		t.Fatalf("given back: %s", r.raw)
	}
	e.customerSays(a, cliente, "tem civic?")
	if len(e.outbox(a)) == sent {
		t.Fatal("silent after the CRM gave the contact back")
	}

	e.customerSays(a, cliente, "parar")
	sent = len(e.outbox(a))
	e.customerSays(a, cliente, "oi")
	if len(e.outbox(a)) != sent {
		t.Error("answered after opt-out")
	}
	if r := e.do("GET", "/api/empresas/"+a+"/leads?status=opt_out", token, nil); r.body["total"] != float64(1) {
		t.Errorf("opt_out filter: %s", r.raw)
	}
}

func TestRateLimitOverTheSandbox(t *testing.T) {
	e := newSandboxEnv(t)
	a, _ := e.connected("Loja A", "Civic")
	for range 12 {
		e.customerSays(a, cliente, "tem civic?") // answered in one message
	}
	if n := len(e.outbox(a)); n != 6 {
		t.Errorf("%d answers within a minute, want 6", n)
	}
}

func TestCRMRoutesBadInput(t *testing.T) {
	e := newSandboxEnv(t)
	a, token := e.connected("Loja A", "Civic")
	_, tokenB := e.createEmpresa("Loja B")
	for _, path := range []string{"/leads/abc", "/leads/123", "/leads/abc/mensagens"} {
		expectError(t, e.do("GET", "/api/empresas/"+a+path, token, nil), http.StatusBadRequest, "invalid", path)
	}
	expectError(t, e.do("GET", "/api/empresas/"+a+"/leads/5500000000000", token, nil), http.StatusNotFound, "not_found", "unknown lead")
	expectError(t, e.do("GET", "/api/empresas/"+a+"/leads?status=vip", token, nil), http.StatusBadRequest, "invalid", "bad status")
	expectError(t, e.do("GET", "/api/empresas/"+a+"/leads?limit=-1", token, nil), http.StatusBadRequest, "invalid", "bad limit")
	expectError(t, e.do("GET", "/api/empresas/"+a+"/leads?offset=x", token, nil), http.StatusBadRequest, "invalid", "bad offset")
	expectError(t, e.do("GET", "/api/empresas/"+a+"/leads", tokenB, nil), http.StatusForbidden, "forbidden", "B reads A's leads")

	send := "/api/empresas/" + a + "/mensagens"
	for name, body := range map[string]any{
		"no to":      map[string]any{"text": "oi"},
		"bad to":     map[string]any{"to": "abc", "text": "oi"},
		"no text":    map[string]any{"to": cliente},
		"long text":  map[string]any{"to": cliente, "text": strings.Repeat("a", 5000)},
		"text array": map[string]any{"to": cliente, "text": []string{"a"}},
	} {
		if r := e.do("POST", send, token, body); r.status != http.StatusBadRequest {
			t.Errorf("%s: %d %s", name, r.status, r.raw)
		}
	}
	// The customer has WhatsApp (a send to a number without it is refused: realities_test.go).
	expectStatus(t, e.do("POST", "/api/sandbox/"+a+"/contatos", adminToken, map[string]any{"phone": cliente}), http.StatusCreated, "register")
	r := e.do("POST", send, token, map[string]any{"to": cliente, "text": "Seu carro está pronto!"})
	expectStatus(t, r, http.StatusCreated, "send as store")
	if got := e.outbox(a); len(got) != 1 || got[0] != "Seu carro está pronto!" {
		t.Errorf("outbox %v", got)
	}
	e.do("POST", "/api/bot/disconnect/"+a, token, nil)
	expectError(t, e.do("POST", send, token, map[string]any{"to": cliente, "text": "oi"}), http.StatusConflict, "not_connected", "send while disconnected")

	sim := "/api/bot/simulate/" + a
	r = e.do("POST", sim, token, map[string]any{"from": cliente, "text": "tem civic?"})
	expectStatus(t, r, http.StatusOK, "simulate while disconnected")
	if replies, _ := r.body["replies"].([]any); len(replies) == 0 || !strings.Contains(replies[0].(string)+replies[len(replies)-1].(string), "Civic") {
		t.Errorf("simulate %s", r.raw)
	}
	expectError(t, e.do("POST", sim, token, map[string]any{"from": "x", "text": "oi"}), http.StatusBadRequest, "invalid", "simulate bad from")
	expectError(t, e.do("POST", sim, token, map[string]any{"from": cliente}), http.StatusBadRequest, "invalid", "simulate no text")
	expectError(t, e.do("POST", sim, tokenB, map[string]any{"from": cliente, "text": "oi"}), http.StatusForbidden, "forbidden", "B simulates on A")
}

func TestMetricsAfterTraffic(t *testing.T) {
	e := newSandboxEnv(t)
	a, token := e.connected("Loja A", "Civic")
	e.customerSays(a, cliente, "tem civic?")
	expectError(t, e.do("GET", "/metrics", token, nil), http.StatusForbidden, "forbidden", "metrics with an empresa token")
	expectError(t, e.do("GET", "/metrics", "", nil), http.StatusUnauthorized, "unauthorized", "metrics without token")
	r := e.do("GET", "/metrics", adminToken, nil)
	expectStatus(t, r, http.StatusOK, "metrics")
	for _, want := range []string{
		`vendeai_sessions{status="connected"} 1`,
		`vendeai_session_up{empresa_id="1"} 1`,
		`vendeai_http_requests_total{method="POST",route="/api/sandbox/:empresaId/inbound",status="202"}`,
		`vendeai_http_request_duration_seconds_bucket`,
		`vendeai_websocket_clients 0`,
		`vendeai_messages_total{direction="in",empresa_id="1"} 1`,
		`vendeai_messages_total{direction="out",empresa_id="1"}`,
		`vendeai_assistant_reply_seconds_count 1`,
	} {
		if !strings.Contains(r.raw, want) {
			t.Errorf("metrics lack %s", want)
		}
	}
}
