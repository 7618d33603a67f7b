package api_test

import (
	"context"
	"encoding/json"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/gorilla/websocket"

	"vendeai/app"
)

func (e *env) dialWS(query string, header http.Header) (*websocket.Conn, *http.Response, error) {
	url := "ws" + strings.TrimPrefix(e.server.URL, "http") + "/ws" + query
	return websocket.DefaultDialer.Dial(url, header)
}

func bearer(token string) http.Header { return http.Header{"Authorization": {"Bearer " + token}} }

// readEvent reads the next event frame, failing after a second.
func readEvent(t *testing.T, c *websocket.Conn) map[string]any {
	t.Helper()
	c.SetReadDeadline(time.Now().Add(time.Second))
	_, data, err := c.ReadMessage()
	if err != nil {
		t.Fatalf("read event: %v", err)
	}
	var ev map[string]any
	if err := json.Unmarshal(data, &ev); err != nil {
		t.Fatalf("event %s: %v", data, err)
	}
	return ev
}

func TestWebSocketAccess(t *testing.T) {
	e := newEnv(t)
	a, tokenA := e.createEmpresa("Loja A")
	_, tokenB := e.createEmpresa("Loja B")
	for name, tc := range map[string]struct {
		query  string
		header http.Header
		status int
	}{
		"no token":               {"?empresa_id=1", nil, http.StatusUnauthorized},
		"wrong token":            {"?empresa_id=1&token=vdemp_x", nil, http.StatusUnauthorized},
		"B token on A":           {"?empresa_id=1&token=" + tokenB, nil, http.StatusForbidden},
		"B header on A":          {"?empresa_id=1", bearer(tokenB), http.StatusForbidden},
		"bad id":                 {"?empresa_id=abc&token=" + adminToken, nil, http.StatusBadRequest},
		"foreign origin":         {"?empresa_id=1&token=" + tokenA, http.Header{"Origin": {"http://evil.example"}}, http.StatusForbidden},
		"own token query":        {"?empresa_id=1&token=" + tokenA, nil, http.StatusSwitchingProtocols},
		"own token header":       {"?empresa_id=1", bearer(tokenA), http.StatusSwitchingProtocols},
		"own token subprotocol":  {"?empresa_id=1", http.Header{"Sec-WebSocket-Protocol": {"bearer, " + tokenA}}, http.StatusSwitchingProtocols},
		"admin, every empresa":   {"?token=" + adminToken, nil, http.StatusSwitchingProtocols},
		"allowed origin":         {"?empresa_id=1&token=" + tokenA, http.Header{"Origin": {"http://crm.example"}}, http.StatusSwitchingProtocols},
		"own token, id left out": {"?token=" + tokenA, nil, http.StatusSwitchingProtocols},
	} {
		conn, res, err := e.dialWS(tc.query, tc.header)
		if res == nil {
			t.Fatalf("%s: %v", name, err)
		}
		if res.StatusCode != tc.status {
			t.Errorf("%s: status %d, want %d", name, res.StatusCode, tc.status)
		}
		if conn != nil {
			conn.Close()
		}
	}
	_ = a
}

func TestWebSocketIsolatesEmpresas(t *testing.T) {
	e := newEnv(t)
	a, tokenA := e.createEmpresa("Loja A")
	b, tokenB := e.createEmpresa("Loja B")
	connA, _, err := e.dialWS("?empresa_id=1", bearer(tokenA))
	if err != nil {
		t.Fatal(err)
	}
	defer connA.Close()
	connB, _, err := e.dialWS("?empresa_id=2", bearer(tokenB))
	if err != nil {
		t.Fatal(err)
	}
	defer connB.Close()
	all, _, err := e.dialWS("", bearer(adminToken))
	if err != nil {
		t.Fatal(err)
	}
	defer all.Close()
	waitClients(t, e, 3)

	// A's events, then B's: each socket sees only its own; the admin sees both.
	e.hub.Publish(app.Event{Type: app.EventQR, EmpresaID: a, Data: app.QREvent{QR: "segredo-de-A"}})
	e.do("POST", "/api/bot/toggle", tokenB, map[string]any{"empresaId": b, "botAtivo": false})

	if ev := readEvent(t, connA); ev["type"] != "qr" || ev["empresaId"] != float64(a) || ev["qr"] != "segredo-de-A" {
		t.Errorf("A got %v", ev)
	}
	if ev := readEvent(t, connB); ev["type"] != "bot_toggle" || ev["empresaId"] != float64(b) || ev["botAtivo"] != false {
		t.Errorf("B got %v (must never see A's QR)", ev)
	}
	if ev := readEvent(t, all); ev["empresaId"] != float64(a) {
		t.Errorf("admin first event %v", ev)
	}
	if ev := readEvent(t, all); ev["empresaId"] != float64(b) {
		t.Errorf("admin second event %v", ev)
	}
	// Nothing else is queued for A.
	connA.SetReadDeadline(time.Now().Add(100 * time.Millisecond))
	if _, data, err := connA.ReadMessage(); err == nil {
		t.Errorf("A received another empresa's event: %s", data)
	}
}

func TestSlowWebSocketIsDroppedWithoutBlocking(t *testing.T) {
	e := newEnv(t)
	_, tokenA := e.createEmpresa("Loja A")
	slow, _, err := e.dialWS("?empresa_id=1", bearer(tokenA)) // never reads
	if err != nil {
		t.Fatal(err)
	}
	defer slow.Close()
	waitClients(t, e, 1)
	big := strings.Repeat("x", 16<<10)
	done := make(chan struct{})
	go func() {
		for i := 0; i < 1000; i++ { // far past the buffer and the socket's own buffers
			e.hub.Publish(app.Event{Type: app.EventMessage, EmpresaID: 1, Data: app.MessageEvent{Text: big}})
		}
		close(done)
	}()
	// A blocked Publish never returns (the socket never reads); the bound
	// only has to outlast 1,000 encodings of 16 KB under -race on a CI
	// machine that also runs the panel's browser tests.
	select {
	case <-done:
	case <-time.After(30 * time.Second):
		t.Fatal("Publish blocked on a slow socket")
	}
	waitClients(t, e, 0)
}

func TestHubCloseSendsCloseFrame(t *testing.T) {
	e := newEnv(t)
	_, tokenA := e.createEmpresa("Loja A")
	conn, _, err := e.dialWS("?empresa_id=1", bearer(tokenA))
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	waitClients(t, e, 1)
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	closed := make(chan error, 1)
	go func() { closed <- e.hub.Close(ctx) }()
	conn.SetReadDeadline(time.Now().Add(2 * time.Second))
	_, _, err = conn.ReadMessage()
	if !websocket.IsCloseError(err, websocket.CloseGoingAway) {
		t.Errorf("read after shutdown: %v, want a going-away close frame", err)
	}
	if err := <-closed; err != nil {
		t.Errorf("hub close: %v", err)
	}
	// A socket opened after shutdown is refused.
	if _, res, _ := e.dialWS("?empresa_id=1", bearer(tokenA)); res == nil || res.StatusCode != http.StatusServiceUnavailable {
		t.Errorf("dial after close: %v", res)
	}
}

// waitClients waits until the hub holds n sockets (registration happens in
// the handler, just before the upgrade completes).
func waitClients(t *testing.T, e *env, n int) {
	t.Helper()
	deadline := time.Now().Add(2 * time.Second)
	for e.hub.Clients() != n {
		if time.Now().After(deadline) {
			t.Fatalf("hub has %d clients, want %d", e.hub.Clients(), n)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

func TestEventFramesHaveOneKeyEach(t *testing.T) {
	e := newEnv(t)
	_, token := e.createEmpresa("Loja A")
	conn, _, err := e.dialWS("?empresa_id=1", bearer(token))
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	waitClients(t, e, 1)
	e.hub.Publish(app.Event{Type: app.EventStatus, EmpresaID: 1, Data: app.SessionStatus{EmpresaID: 1, Status: app.StateQR}})
	conn.SetReadDeadline(time.Now().Add(time.Second))
	_, frame, err := conn.ReadMessage()
	if err != nil {
		t.Fatal(err)
	}
	if n := strings.Count(string(frame), `"empresaId"`); n != 1 || !strings.Contains(string(frame), `"type":"status"`) {
		t.Errorf("frame %s: empresaId %d times", frame, n)
	}
}
