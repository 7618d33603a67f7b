package api_test

import (
	"context"
	"net/http"
	"testing"
	"time"

	"vendeai/app"
)

// newSandboxEnv is the whole appliance in sandbox mode: sessions and the
// sales pipeline included.
func newSandboxEnv(t *testing.T) *env {
	t.Helper()
	e := &env{t: t, dataDir: t.TempDir(), sandbox: true}
	e.open()
	t.Cleanup(e.close)
	return e
}

// waitStatus polls the status route (bounded) until it reads want.
func (e *env) waitStatus(id string, token string, want string) response {
	e.t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for {
		r := e.do("GET", "/api/bot/status/"+id, token, nil)
		if r.str("status") == want {
			return r
		}
		if time.Now().After(deadline) {
			e.t.Fatalf("status of %s: %s, want %s", id, r.raw, want)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

func TestBotSessionRoutes(t *testing.T) {
	e := newSandboxEnv(t)
	id, token := e.createEmpresa("Loja Centro")
	_, other := e.createEmpresa("Outra Loja")
	sid := itoa(id)

	expectStatus(t, e.do("POST", "/api/bot/connect/"+sid, "", nil), http.StatusUnauthorized, "connect without token")
	expectStatus(t, e.do("POST", "/api/bot/connect/"+sid, other, nil), http.StatusForbidden, "connect with another empresa's token")
	r := e.do("POST", "/api/bot/connect/abc", adminToken, nil)
	expectStatus(t, r, http.StatusBadRequest, "connect with a bad id")
	if r.str("code") != app.EINVALIDID {
		t.Errorf("bad id code = %q", r.str("code"))
	}
	expectStatus(t, e.do("POST", "/api/bot/connect/999", adminToken, nil), http.StatusNotFound, "connect unknown empresa")

	r = e.do("POST", "/api/bot/connect/"+sid, token, nil)
	expectStatus(t, r, http.StatusAccepted, "connect")
	if r.body["success"] != true || r.body["empresaId"] != float64(id) {
		t.Fatalf("connect body = %s", r.raw)
	}
	e.waitStatus(sid, token, "qr")
	r = e.do("POST", "/api/bot/connect/"+sid, token, nil)
	expectStatus(t, r, http.StatusOK, "connect while waiting for the scan")
	if r.str("qr") == "" || len(r.str("qrImage")) < 30 || r.body["qrExpiresAt"] == nil {
		t.Fatalf("pending QR missing: %s", r.raw)
	}

	// Sandbox routes are the admin's.
	expectStatus(t, e.do("POST", "/api/sandbox/"+sid+"/scan", token, nil), http.StatusForbidden, "scan with an empresa token")
	expectStatus(t, e.do("POST", "/api/sandbox/"+sid+"/scan", "", nil), http.StatusUnauthorized, "scan without token")
	expectStatus(t, e.do("POST", "/api/sandbox/"+sid+"/scan", adminToken, map[string]any{"phone": "12"}), http.StatusBadRequest, "scan bad phone")
	r = e.do("POST", "/api/sandbox/"+sid+"/scan", adminToken, map[string]any{"phone": "5521999990001"})
	expectStatus(t, r, http.StatusOK, "scan")
	if r.str("status") != "connected" || r.str("phone") != "5521999990001" || r.body["connected"] != true {
		t.Fatalf("scan body = %s", r.raw)
	}
	expectStatus(t, e.do("POST", "/api/bot/connect/"+sid, token, nil), http.StatusOK, "connect when connected")

	// The toggle shows at once.
	e.do("POST", "/api/bot/toggle", token, map[string]any{"empresaId": id, "botAtivo": false})
	if r := e.do("GET", "/api/bot/status/"+sid, token, nil); r.body["botAtivo"] != false {
		t.Fatalf("status after toggle = %s", r.raw)
	}

	// Admin list with stats.
	expectStatus(t, e.do("GET", "/api/bot/sessions", token, nil), http.StatusForbidden, "sessions with an empresa token")
	r = e.do("GET", "/api/bot/sessions", adminToken, nil)
	expectStatus(t, r, http.StatusOK, "sessions")
	stats, _ := r.body["stats"].(map[string]any)
	if stats["total"] != float64(2) || stats["connected"] != float64(1) || stats["disconnected"] != float64(1) || stats["banned"] != float64(0) {
		t.Fatalf("stats = %v", r.body["stats"])
	}
	if list, _ := r.body["sessions"].([]any); len(list) != 2 {
		t.Fatalf("sessions = %s", r.raw)
	}

	// A customer writes; the outbox lists what the empresa sent (nothing yet).
	expectStatus(t, e.do("POST", "/api/sandbox/"+sid+"/inbound", adminToken, map[string]any{"from": "5511987654321", "text": "oi", "pushName": "João"}), http.StatusAccepted, "inbound")
	expectStatus(t, e.do("POST", "/api/sandbox/"+sid+"/inbound", adminToken, map[string]any{"from": "x", "text": "oi"}), http.StatusBadRequest, "inbound bad from")
	// The one phone rule: an 8-digit sender is refused, never taken and dropped later.
	expectError(t, e.do("POST", "/api/sandbox/"+sid+"/inbound", adminToken, map[string]any{"from": "21987654", "text": "oi"}),
		http.StatusBadRequest, "invalid", "inbound from 8 digits")
	expectStatus(t, e.do("POST", "/api/sandbox/"+sid+"/inbound", adminToken, "{"), http.StatusBadRequest, "inbound bad json")
	if _, err := e.tenants.Send(context.Background(), id, "5511987654321", "Olá!"); err != nil {
		t.Fatal(err)
	}
	r = e.do("GET", "/api/sandbox/"+sid+"/outbox", adminToken, nil)
	expectStatus(t, r, http.StatusOK, "outbox")
	if list, _ := r.body["mensagens"].([]any); len(list) != 1 || list[0].(map[string]any)["text"] != "Olá!" {
		t.Fatalf("outbox = %s", r.raw)
	}

	// Faults.
	expectStatus(t, e.do("POST", "/api/sandbox/"+sid+"/fault", adminToken, map[string]any{"kind": "meteor"}), http.StatusBadRequest, "unknown fault")
	expectStatus(t, e.do("POST", "/api/sandbox/"+sid+"/fault", adminToken, map[string]any{"kind": "stream_replaced"}), http.StatusAccepted, "fault")
	e.waitStatus(sid, token, "replaced")

	// Reconnect and pair-phone inputs.
	expectStatus(t, e.do("POST", "/api/bot/reconnect/"+sid+"?fresh=talvez", token, nil), http.StatusBadRequest, "reconnect bad fresh")
	expectStatus(t, e.do("POST", "/api/bot/reconnect/"+sid, token, nil), http.StatusAccepted, "reconnect")
	e.waitStatus(sid, token, "connected")
	r = e.do("POST", "/api/bot/pair-phone/"+sid, token, map[string]any{"phone": "55-21"})
	expectStatus(t, r, http.StatusBadRequest, "pair-phone bad phone")
	if r.str("code") != app.EINVALID {
		t.Errorf("pair-phone bad phone code = %q", r.str("code"))
	}
	expectStatus(t, e.do("POST", "/api/bot/pair-phone/"+sid, token, nil), http.StatusBadRequest, "pair-phone without body")

	// Disconnect logs out; a fresh reconnect then pairs by code.
	r = e.do("POST", "/api/bot/disconnect/"+sid, token, nil)
	expectStatus(t, r, http.StatusOK, "disconnect")
	if r.str("status") != "disconnected" || r.str("reason") != app.ReasonUserLogout || r.body["loggedIn"] != false {
		t.Fatalf("disconnect body = %s", r.raw)
	}
	r = e.do("POST", "/api/bot/pair-phone/"+sid, token, map[string]any{"phone": "5521999999999"})
	expectStatus(t, r, http.StatusOK, "pair-phone")
	if len(r.str("code")) != 9 {
		t.Fatalf("pair code = %s", r.raw)
	}
	expectStatus(t, e.do("POST", "/api/sandbox/"+sid+"/inbound", adminToken, map[string]any{"from": "5511987654321", "text": "oi"}), http.StatusConflict, "inbound while not connected")
}

func TestSandboxRoutesAbsentOutsideSandboxMode(t *testing.T) {
	e := newEnv(t) // no sandbox, no sessions
	id, _ := e.createEmpresa("Loja")
	for _, p := range []string{"/scan", "/inbound", "/fault"} {
		expectStatus(t, e.do("POST", "/api/sandbox/"+itoa(id)+p, adminToken, map[string]any{}), http.StatusNotFound, "sandbox route "+p)
	}
	expectStatus(t, e.do("GET", "/api/sandbox/"+itoa(id)+"/outbox", adminToken, nil), http.StatusNotFound, "outbox")
	expectStatus(t, e.do("GET", "/api/bot/status/"+itoa(id), adminToken, nil), http.StatusServiceUnavailable, "status without sessions")
}
