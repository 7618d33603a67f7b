package api_test

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"vendeai/api"
	"vendeai/app"
	"vendeai/storage/bolt"
	"vendeai/webhooks"
)

// webhookConfig is the webhook worker of the appliance under test: quick
// retries, and VENDEAI_WEBHOOK_HOSTS as the test sets it.
func (e *env) webhookConfig(reg *bolt.DB, metrics *api.Metrics) *webhooks.Config {
	e.t.Helper()
	hosts := e.webhookHosts
	if hosts == "" {
		hosts = "127.0.0.1:9"
	}
	allowed, err := webhooks.ParseHosts(hosts)
	if err != nil {
		e.t.Fatal(err)
	}
	return &webhooks.Config{Global: reg, AllowedHosts: allowed, Backoff: 10 * time.Millisecond, Timeout: 2 * time.Second,
		Version: "test", Observe: metrics.ObserveWebhook}
}

const hookSecret = "segredo-do-crm-0123456789"

// hookReceiver is a CRM's endpoint on loopback: it answers with status and
// hands every delivery over.
type hookReceiver struct {
	*httptest.Server
	got    chan hookRequest
	status chan int
}

type hookRequest struct {
	header http.Header
	body   map[string]any
	raw    []byte
}

func newHookReceiver(t *testing.T, status int) *hookReceiver {
	r := &hookReceiver{got: make(chan hookRequest, 100), status: make(chan int, 1)}
	r.status <- status
	r.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		raw, _ := io.ReadAll(req.Body)
		h := hookRequest{header: req.Header.Clone(), raw: raw}
		json.Unmarshal(raw, &h.body)
		r.got <- h
		code := <-r.status
		r.status <- code
		w.WriteHeader(code)
	}))
	t.Cleanup(r.Close)
	return r
}

func (r *hookReceiver) answer(code int) { <-r.status; r.status <- code }

// next waits for the next delivery of type typ, skipping the others.
func (r *hookReceiver) next(t *testing.T, typ string) hookRequest {
	t.Helper()
	deadline := time.After(10 * time.Second)
	for {
		select {
		case h := <-r.got:
			if h.body["type"] == typ {
				return h
			}
		case <-deadline:
			t.Fatalf("no %s delivery", typ)
		}
	}
}

func (r *hookReceiver) hostPort() string { return strings.TrimPrefix(r.URL, "http://") }

func newWebhookEnv(t *testing.T, hosts string) *env {
	t.Helper()
	e := &env{t: t, dataDir: t.TempDir(), sandbox: true, webhookHosts: hosts}
	e.open()
	t.Cleanup(e.close)
	return e
}

func TestWebhookConfigurationRoutes(t *testing.T) {
	rcv := newHookReceiver(t, 200)
	e := newWebhookEnv(t, rcv.hostPort())
	id, token := e.createEmpresa("Loja A")
	path := "/api/empresas/" + itoa(id) + "/webhook"

	r := e.do("GET", path, token, nil)
	expectStatus(t, r, http.StatusOK, "GET before any")
	if v, ok := r.body["webhook"]; !ok || v != nil {
		t.Errorf("GET before any: %s", r.raw)
	}
	r = e.do("PUT", path, token, map[string]any{"url": rcv.URL + "/hook", "segredo": hookSecret})
	expectStatus(t, r, http.StatusOK, "PUT")
	w, _ := r.body["webhook"].(map[string]any)
	if w["url"] != rcv.URL+"/hook" || w["ativo"] != true || w["segredoDefinido"] != true || strings.Contains(r.raw, hookSecret) {
		t.Errorf("PUT answered %s", r.raw)
	}
	if ev, _ := w["eventos"].([]any); len(ev) != 3 || ev[0] != "status" || ev[1] != "message" || ev[2] != "lead" {
		t.Errorf("default eventos %v", w["eventos"])
	}
	// A PUT without segredo keeps it; GET never shows it.
	r = e.do("PUT", path, token, map[string]any{"url": rcv.URL + "/outro", "eventos": []string{"lead", "qr", "lead"}, "ativo": false})
	expectStatus(t, r, http.StatusOK, "PUT keeping the secret")
	r = e.do("GET", path, token, nil)
	w, _ = r.body["webhook"].(map[string]any)
	if w["url"] != rcv.URL+"/outro" || w["ativo"] != false || w["segredoDefinido"] != true || strings.Contains(r.raw, hookSecret) ||
		len(w["eventos"].([]any)) != 2 {
		t.Errorf("GET: %s", r.raw)
	}

	long := rcv.URL + "/" + strings.Repeat("a", 2048)
	for name, body := range map[string]any{
		"no url":          map[string]any{"segredo": hookSecret},
		"relative url":    map[string]any{"url": "/hook", "segredo": hookSecret},
		"ftp url":         map[string]any{"url": "ftp://" + rcv.hostPort() + "/x", "segredo": hookSecret},
		"user:password":   map[string]any{"url": "http://u:p@" + rcv.hostPort() + "/x", "segredo": hookSecret},
		"url over 2048":   map[string]any{"url": long, "segredo": hookSecret},
		"short secret":    map[string]any{"url": rcv.URL, "segredo": "curto"},
		"long secret":     map[string]any{"url": rcv.URL, "segredo": strings.Repeat("s", 257)},
		"no events":       map[string]any{"url": rcv.URL, "eventos": []string{}},
		"unknown event":   map[string]any{"url": rcv.URL, "eventos": []string{"message", "pagamento"}},
		"ping as event":   map[string]any{"url": rcv.URL, "eventos": []string{"ping"}},
		"url as number":   map[string]any{"url": 7},
		"eventos as text": map[string]any{"url": rcv.URL, "eventos": "message"},
		"not json":        "url=x",
	} {
		r := e.do("PUT", path, token, body)
		if r.status != http.StatusBadRequest || (r.str("code") != "invalid" && r.str("code") != "invalid_json") {
			t.Errorf("%s: %d %s", name, r.status, r.raw)
		}
	}
	if r := e.do("GET", path, token, nil); r.body["webhook"].(map[string]any)["url"] != rcv.URL+"/outro" {
		t.Errorf("bad input changed the webhook: %s", r.raw)
	}

	expectStatus(t, e.do("DELETE", path, token, nil), http.StatusOK, "DELETE")
	expectError(t, e.do("DELETE", path, token, nil), http.StatusNotFound, "not_found", "DELETE again")
	expectError(t, e.do("POST", path+"/testar", token, nil), http.StatusNotFound, "not_found", "test without a webhook")
	expectError(t, e.do("GET", "/api/empresas/999/webhook", adminToken, nil), http.StatusNotFound, "not_found", "unknown empresa")
}

func TestEmpresaTokenVersusHostAllowList(t *testing.T) {
	allowed := newHookReceiver(t, 200)
	other := newHookReceiver(t, 200)
	e := newWebhookEnv(t, allowed.hostPort())
	id, token := e.createEmpresa("Loja A")
	path := "/api/empresas/" + itoa(id) + "/webhook"

	expectStatus(t, e.do("PUT", path, token, map[string]any{"url": allowed.URL + "/crm", "segredo": hookSecret}), http.StatusOK, "allowed host")
	r := e.do("PUT", path, token, map[string]any{"url": other.URL + "/crm", "segredo": hookSecret})
	expectError(t, r, http.StatusForbidden, "forbidden", "host off the list")
	if !strings.Contains(r.str("error"), "VENDEAI_WEBHOOK_HOSTS") {
		t.Errorf("the 403 does not explain the setting: %s", r.str("error"))
	}
	for _, url := range []string{"http://localhost:3010/api/empresas", "http://169.254.169.254/latest/meta-data"} {
		expectError(t, e.do("PUT", path, token, map[string]any{"url": url, "segredo": hookSecret}), http.StatusForbidden, "forbidden", url)
	}
	if r := e.do("GET", path, token, nil); r.body["webhook"].(map[string]any)["url"] != allowed.URL+"/crm" {
		t.Errorf("a refused PUT changed the webhook: %s", r.raw)
	}
	// The admin may aim it anywhere.
	expectStatus(t, e.do("PUT", path, adminToken, map[string]any{"url": other.URL + "/crm", "segredo": hookSecret}), http.StatusOK, "admin")
	// Only the admin sets the global webhook.
	expectError(t, e.do("PUT", "/api/webhook", token, map[string]any{"url": allowed.URL, "segredo": hookSecret}), http.StatusForbidden, "forbidden", "global by empresa")
}

// TestWebhookBodyIsTheWebSocketFrame runs a customer's message through the
// sandbox and the pipeline: the empresa's webhook and the global one get
// the very frame the WebSocket got, plus entregaId, seq and criadoEm.
func TestWebhookBodyIsTheWebSocketFrame(t *testing.T) {
	own, global := newHookReceiver(t, 200), newHookReceiver(t, 200)
	e := newWebhookEnv(t, own.hostPort())
	sid, token := e.connected("Loja A", "Civic")
	_, _ = e.connected("Loja B", "City")
	expectStatus(t, e.do("PUT", "/api/empresas/"+sid+"/webhook", token, map[string]any{"url": own.URL, "segredo": hookSecret,
		"eventos": []string{"message", "lead"}}), http.StatusOK, "PUT own")
	expectStatus(t, e.do("PUT", "/api/webhook", adminToken, map[string]any{"url": global.URL, "segredo": "segredo-global-0123456789"}), http.StatusOK, "PUT global")

	ws, _, err := e.dialWS("?empresa_id="+sid, bearer(token))
	if err != nil {
		t.Fatal(err)
	}
	defer ws.Close()
	readEvent(t, ws) // the status snapshot
	e.customerSays(sid, cliente, "oi, tem civic?")
	var frame map[string]any
	for frame == nil || frame["direction"] != "in" {
		frame = readEvent(t, ws)
		if frame["type"] != "message" {
			frame = nil
		}
	}
	for name, rcv := range map[string]*hookReceiver{"own": own, "global": global} {
		var h hookRequest
		for h.body == nil || h.body["direction"] != "in" {
			h = rcv.next(t, "message")
		}
		if h.header.Get("X-VendeAI-Evento") != "message" || h.header.Get("X-VendeAI-Entrega") != h.body["entregaId"] ||
			!strings.HasPrefix(h.header.Get("X-VendeAI-Assinatura"), "t=") || h.header.Get("User-Agent") != "VendeAI/test" {
			t.Errorf("%s: headers %v", name, h.header)
		}
		for _, k := range []string{"entregaId", "seq", "criadoEm"} {
			if h.body[k] == nil {
				t.Errorf("%s: no %s in %s", name, k, h.raw)
			}
			delete(h.body, k)
		}
		got, _ := json.Marshal(h.body)
		want, _ := json.Marshal(frame)
		if string(got) != string(want) {
			t.Errorf("%s webhook body without the delivery fields:\n%s\nWebSocket frame:\n%s", name, got, want)
		}
	}
	// B's messages went to the global webhook only.
	e.customerSays("2", cliente, "tem city?")
	h := global.next(t, "message")
	for h.body["empresaId"] != float64(2) {
		h = global.next(t, "message")
	}
	r := e.do("GET", "/api/empresas/2/webhook/entregas", adminToken, nil)
	for _, d := range r.body["entregas"].([]any) {
		if d.(map[string]any)["destino"] != "global" {
			t.Errorf("B has a delivery to another webhook: %v", d)
		}
	}
}

func TestDeliveryLogAndReplayRoutes(t *testing.T) {
	rcv := newHookReceiver(t, 400)
	e := newWebhookEnv(t, rcv.hostPort())
	sid, token := e.connected("Loja A", "Civic")
	_, tokenB := e.createEmpresa("Loja B")
	base := "/api/empresas/" + sid + "/webhook"
	expectStatus(t, e.do("PUT", base, token, map[string]any{"url": rcv.URL, "segredo": hookSecret, "eventos": []string{"message"}}), http.StatusOK, "PUT")
	// The bot stays silent: the customer's message is the one event.
	expectStatus(t, e.do("POST", "/api/bot/toggle", token, map[string]any{"empresaId": json.Number(sid), "botAtivo": false}), http.StatusOK, "bot off")

	e.customerSays(sid, cliente, "oi")
	first := rcv.next(t, "message")
	var failed map[string]any
	for failed == nil { // the attempt is recorded right after the answer
		r := e.do("GET", base+"/entregas?status=falhou", token, nil)
		expectStatus(t, r, http.StatusOK, "log")
		if list := r.body["entregas"].([]any); len(list) > 0 {
			failed = list[0].(map[string]any)
		}
	}
	if failed["id"] != first.body["entregaId"] || failed["ultimoCodigo"] != float64(400) || failed["tentativas"] != float64(1) ||
		failed["evento"] != "message" || failed["destino"] != "empresa" || failed["proximaTentativa"] != nil || failed["entregueEm"] != nil {
		t.Errorf("failed delivery: %v", failed)
	}

	rcv.answer(200)
	r := e.do("POST", base+"/entregas/"+failed["id"].(string)+"/reenviar", token, nil)
	expectStatus(t, r, http.StatusOK, "replay")
	d, _ := r.body["entrega"].(map[string]any)
	if d["status"] != "entregue" || d["tentativas"] != float64(2) || d["entregueEm"] == nil {
		t.Errorf("replayed: %s", r.raw)
	}
	if again := rcv.next(t, "message"); again.body["entregaId"] != first.body["entregaId"] || string(again.raw) != string(first.raw) {
		t.Errorf("the replay is another delivery")
	}
	// The test route: a ping, answered with how it went.
	r = e.do("POST", base+"/testar", token, nil)
	expectStatus(t, r, http.StatusOK, "testar")
	if d, _ := r.body["entrega"].(map[string]any); d["evento"] != "ping" || d["status"] != "entregue" || d["ultimoCodigo"] != float64(200) {
		t.Errorf("testar: %s", r.raw)
	}
	rcv.next(t, "ping")

	r = e.do("GET", base+"/entregas?limit=1", token, nil)
	if r.body["total"] != float64(2) || len(r.body["entregas"].([]any)) != 1 || r.body["entregas"].([]any)[0].(map[string]any)["evento"] != "ping" {
		t.Errorf("log page: %s", r.raw)
	}
	for _, q := range []string{"?status=talvez", "?destino=outro", "?limit=-1", "?offset=x"} {
		expectError(t, e.do("GET", base+"/entregas"+q, token, nil), http.StatusBadRequest, "invalid", q)
	}
	expectError(t, e.do("GET", base+"/entregas?destino=global", token, nil), http.StatusForbidden, "forbidden", "global log by empresa")
	for _, bad := range []string{"abc", "..%2F1", strings.Repeat("a", 300)} {
		expectError(t, e.do("POST", base+"/entregas/"+bad+"/reenviar", token, nil), http.StatusBadRequest, "invalid", "replay "+bad)
	}
	expectError(t, e.do("POST", base+"/entregas/"+app.NewDeliveryID()+"/reenviar", token, nil), http.StatusNotFound, "not_found", "replay unknown")
	expectError(t, e.do("POST", base+"/entregas/"+failed["id"].(string)+"/reenviar", tokenB, nil), http.StatusForbidden, "forbidden", "replay by another empresa")

	// Metrics count the attempts and the pending ones.
	res := e.do("GET", "/metrics", adminToken, nil)
	for _, want := range []string{`vendeai_webhook_deliveries_total{result="falhou"} 1`, `vendeai_webhook_deliveries_total{result="entregue"} 2`,
		"vendeai_webhook_pending 0", "vendeai_webhook_delivery_duration_seconds_count 3"} {
		if !strings.Contains(res.raw, want) {
			t.Errorf("/metrics lacks %q", want)
		}
	}
}

func TestGlobalWebhookRoutes(t *testing.T) {
	rcv := newHookReceiver(t, 200)
	e := newWebhookEnv(t, "")
	r := e.do("GET", "/api/webhook", adminToken, nil)
	if r.status != http.StatusOK || r.body["webhook"] != nil {
		t.Errorf("GET before any: %s", r.raw)
	}
	expectError(t, e.do("POST", "/api/webhook/testar", adminToken, nil), http.StatusNotFound, "not_found", "test before any")
	expectError(t, e.do("DELETE", "/api/webhook", adminToken, nil), http.StatusNotFound, "not_found", "DELETE before any")
	expectError(t, e.do("PUT", "/api/webhook", adminToken, map[string]any{"url": rcv.URL}), http.StatusBadRequest, "invalid", "no secret")
	r = e.do("PUT", "/api/webhook", adminToken, map[string]any{"url": rcv.URL, "segredo": hookSecret, "eventos": []string{"status", "bot_toggle"}})
	expectStatus(t, r, http.StatusOK, "PUT")
	if strings.Contains(r.raw, hookSecret) {
		t.Error("the secret is shown")
	}
	r = e.do("POST", "/api/webhook/testar", adminToken, nil)
	if d, _ := r.body["entrega"].(map[string]any); r.status != http.StatusOK || d["status"] != "entregue" || d["seq"] != float64(0) {
		t.Errorf("testar: %s", r.raw)
	}
	if h := rcv.next(t, "ping"); h.body["empresaId"] != float64(0) {
		t.Errorf("global ping: %s", h.raw)
	}
	// A bot toggle of any empresa reaches it.
	id, token := e.createEmpresa("Loja A")
	expectStatus(t, e.do("POST", "/api/bot/toggle", token, map[string]any{"empresaId": id, "botAtivo": false}), http.StatusOK, "toggle")
	if h := rcv.next(t, "bot_toggle"); h.body["empresaId"] != float64(id) || h.body["botAtivo"] != false {
		t.Errorf("bot_toggle: %s", h.raw)
	}
	expectStatus(t, e.do("DELETE", "/api/webhook", adminToken, nil), http.StatusOK, "DELETE")
	if r := e.do("GET", "/api/webhook", adminToken, nil); r.body["webhook"] != nil {
		t.Errorf("after DELETE: %s", r.raw)
	}
}
