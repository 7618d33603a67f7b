package main

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptrace"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/gorilla/websocket"
)

// TestGracefulShutdown stops the appliance while a request is in flight and
// a WebSocket is open: the request completes, the socket gets a close
// frame, the stores close (a new appliance opens the same data dir) and no
// goroutine is left behind.
func TestGracefulShutdown(t *testing.T) {
	baseline := runtime.NumGoroutine()
	dir := t.TempDir()
	cfg := testConfig(t, dir)
	cfg.WhatsApp, cfg.AdminToken = "sandbox", "vdadm_shutdown-test"
	m := NewMain(cfg, slog.New(slog.DiscardHandler))
	if err := m.Run(context.Background()); err != nil {
		t.Fatal(err)
	}
	base := "http://" + m.Addr()
	do := func(method, path, body string) *http.Response {
		req, _ := http.NewRequest(method, base+path, strings.NewReader(body))
		req.Header.Set("Authorization", "Bearer "+cfg.AdminToken)
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		return res
	}
	res := do("POST", "/api/empresas", `{"nome":"Loja"}`)
	res.Body.Close()
	if res.StatusCode != http.StatusCreated {
		t.Fatalf("create: %d", res.StatusCode)
	}

	ws, _, err := websocket.DefaultDialer.Dial("ws://"+m.Addr()+"/ws?empresa_id=1&token="+cfg.AdminToken, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer ws.Close()
	if _, _, err := ws.ReadMessage(); err != nil { // the status snapshot: the socket is served
		t.Fatal(err)
	}

	// An import whose handler is reading its body when the shutdown starts:
	// with "Expect: 100-continue" the server asks for the body only once the
	// handler reads it, so Got100Continue says the request is in flight.
	body, writer := io.Pipe()
	handling := make(chan struct{})
	trace := &httptrace.ClientTrace{Got100Continue: func() { close(handling) }}
	req, _ := http.NewRequestWithContext(httptrace.WithClientTrace(context.Background(), trace), "POST",
		base+"/api/empresas/1/veiculos/import", body)
	req.Header.Set("Authorization", "Bearer "+cfg.AdminToken)
	req.Header.Set("Content-Type", "text/csv")
	req.Header.Set("Expect", "100-continue")
	client := &http.Client{Transport: &http.Transport{ExpectContinueTimeout: time.Minute}}
	answered := make(chan *http.Response, 1)
	go func() {
		res, err := client.Do(req)
		if err != nil {
			t.Error(err)
			close(answered)
			return
		}
		answered <- res
	}()
	select {
	case <-handling:
	case <-time.After(5 * time.Second):
		t.Fatal("the import never reached its handler")
	}

	closed := make(chan error, 1)
	go func() { closed <- m.Close() }()

	// The socket hears the server leave.
	ws.SetReadDeadline(time.Now().Add(5 * time.Second))
	if _, _, err := ws.ReadMessage(); !websocket.IsCloseError(err, websocket.CloseGoingAway) {
		t.Errorf("websocket at shutdown: %v, want a going-away close frame", err)
	}
	// The request in flight is allowed to finish.
	io.WriteString(writer, "codigo;marca;modelo;anoFabricacao;anoModelo;preco;combustivel;cambio;categoria\n")
	io.WriteString(writer, "A1;Fiat;Mobi;2022;2023;59900;flex;manual;hatch\n")
	writer.Close()
	if res := <-answered; res == nil || res.StatusCode != http.StatusOK {
		t.Errorf("in-flight import: %v", res)
	} else {
		res.Body.Close()
	}
	if err := <-closed; err != nil {
		t.Fatalf("close: %v", err)
	}

	// The stores are closed: a new appliance takes the same data dir, and
	// the import that was in flight is there.
	again := NewMain(cfg, slog.New(slog.DiscardHandler))
	if err := again.Run(context.Background()); err != nil {
		t.Fatalf("reopen after shutdown: %v", err)
	}
	base = "http://" + again.Addr()
	res = do("GET", "/api/empresas/1/veiculos", "")
	data, _ := io.ReadAll(res.Body)
	res.Body.Close()
	if !strings.Contains(string(data), "Mobi") {
		t.Errorf("after restart: %s", data)
	}
	again.Close()
	http.DefaultClient.CloseIdleConnections()
	client.CloseIdleConnections()

	deadline := time.Now().Add(5 * time.Second)
	for runtime.NumGoroutine() > baseline {
		if time.Now().After(deadline) {
			buf := make([]byte, 1<<20)
			t.Fatalf("%d goroutines left after shutdown (baseline %d):\n%s", runtime.NumGoroutine(), baseline, buf[:runtime.Stack(buf, true)])
		}
		time.Sleep(10 * time.Millisecond)
	}
}
