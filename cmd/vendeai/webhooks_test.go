package main

import (
	"bufio"
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// TestMain lets the test binary be the server itself: with
// VENDEAI_TEST_AS_SERVER=1 it runs main, so a test can start the appliance
// as a process of its own and kill it.
func TestMain(m *testing.M) {
	if os.Getenv("VENDEAI_TEST_AS_SERVER") == "1" {
		main()
		os.Exit(0)
	}
	os.Exit(m.Run())
}

// serverProcess is the appliance running as a child process.
type serverProcess struct {
	cmd  *exec.Cmd
	addr string
	done chan struct{}
}

func startServerProcess(t *testing.T, dataDir string, env ...string) *serverProcess {
	t.Helper()
	cmd := exec.Command(os.Args[0], "serve")
	cmd.Env = append(os.Environ(), "VENDEAI_TEST_AS_SERVER=1", "VENDEAI_DATA="+dataDir, "VENDEAI_ADDR=127.0.0.1:0",
		"VENDEAI_LOG_FORMAT=json", "VENDEAI_WHATSAPP=sandbox", "VENDEAI_ADMIN_TOKEN="+killAdmin)
	cmd.Env = append(cmd.Env, env...)
	stderr, err := cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	p := &serverProcess{cmd: cmd, done: make(chan struct{})}
	listening := make(chan string, 1)
	go func() { // read the log: the address, then drain it
		sc := bufio.NewScanner(stderr)
		for sc.Scan() {
			var line map[string]any
			if json.Unmarshal(sc.Bytes(), &line) == nil && line["msg"] == "VendeAI MULTI-TENANT ATIVO" {
				listening <- line["endereco"].(string)
			}
		}
		io.Copy(io.Discard, stderr)
	}()
	go func() { cmd.Wait(); close(p.done) }()
	t.Cleanup(func() { p.kill() })
	select {
	case p.addr = <-listening:
	case <-p.done:
		t.Fatal("the server process exited at start")
	case <-time.After(30 * time.Second):
		t.Fatal("the server process never listened")
	}
	return p
}

func (p *serverProcess) kill() {
	p.cmd.Process.Signal(syscall.SIGKILL)
	<-p.done
}

func (p *serverProcess) call(t *testing.T, method, path string, body any) (int, map[string]any) {
	t.Helper()
	data, _ := json.Marshal(body)
	req, _ := http.NewRequest(method, "http://"+p.addr+path, strings.NewReader(string(data)))
	req.Header.Set("Authorization", "Bearer "+killAdmin)
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	var out map[string]any
	json.NewDecoder(res.Body).Decode(&out)
	return res.StatusCode, out
}

const (
	killAdmin  = "vdadm_sigkill-test-admin"
	killSecret = "segredo-do-teste-de-queda"
)

// TestStoredMessagesReachTheWebhookAcrossAKill: the CRM's receiver is down
// while customers write; the server is killed with SIGKILL as messages
// still arrive; the receiver comes back, the server starts again, and every
// message that was stored is delivered, signed, each once at least.
func TestStoredMessagesReachTheWebhookAcrossAKill(t *testing.T) {
	// The receiver's address, with nothing listening on it for now.
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	receiverAddr := ln.Addr().String()
	ln.Close()

	dir := t.TempDir()
	backoff := "VENDEAI_WEBHOOK_BACKOFF=100ms"
	srv := startServerProcess(t, dir, backoff)
	if code, out := srv.call(t, "POST", "/api/empresas", map[string]any{"nome": "Loja", "botAtivo": false}); code != http.StatusCreated {
		t.Fatalf("create: %d %v", code, out)
	}
	if code, out := srv.call(t, "PUT", "/api/empresas/1/webhook", map[string]any{"url": "http://" + receiverAddr + "/crm",
		"segredo": killSecret, "eventos": []string{"message"}}); code != http.StatusOK {
		t.Fatalf("webhook: %d %v", code, out)
	}
	srv.call(t, "POST", "/api/bot/connect/1", nil)
	if code, out := srv.call(t, "POST", "/api/sandbox/1/scan", map[string]any{"phone": "5521999990001"}); code != http.StatusOK {
		t.Fatalf("scan: %d %v", code, out)
	}
	for deadline := time.Now().Add(10 * time.Second); ; {
		if _, st := srv.call(t, "GET", "/api/bot/status/1", nil); st["status"] == "connected" {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("never connected")
		}
		time.Sleep(20 * time.Millisecond)
	}

	// Customers write; the first messages are stored (and their deliveries
	// fail against the closed port) before the kill, the last ones race it.
	const total = 30
	for i := range total {
		if code, out := srv.call(t, "POST", "/api/sandbox/1/inbound", map[string]any{"from": fmt.Sprintf("55119876543%02d", i),
			"text": fmt.Sprintf("mensagem %d", i)}); code != http.StatusAccepted {
			t.Fatalf("inbound %d: %d %v", i, code, out)
		}
		if i == total/2 {
			waitFailedAttempt(t, srv)
		}
	}
	srv.kill()

	// The receiver is back, and so is the server.
	var mu sync.Mutex
	got := map[string][]string{} // text -> entregaIds
	arrived := make(chan struct{}, 1000)
	ln, err = net.Listen("tcp", receiverAddr)
	if err != nil {
		t.Fatalf("the receiver's port was taken meanwhile: %v", err)
	}
	receiver := &http.Server{Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		if err := verifySignature(r.Header.Get("X-VendeAI-Assinatura"), body); err != nil {
			t.Errorf("delivery %s: %v", r.Header.Get("X-VendeAI-Entrega"), err)
		}
		var ev map[string]any
		json.Unmarshal(body, &ev)
		mu.Lock()
		got[ev["text"].(string)] = append(got[ev["text"].(string)], ev["entregaId"].(string))
		mu.Unlock()
		arrived <- struct{}{}
	})}
	go receiver.Serve(ln)
	defer receiver.Shutdown(context.Background())

	srv = startServerProcess(t, dir, backoff)
	stored := map[string]bool{}
	for i := range total {
		code, out := srv.call(t, "GET", fmt.Sprintf("/api/empresas/1/leads/55119876543%02d/mensagens", i), nil)
		if code == http.StatusOK {
			for _, m := range out["mensagens"].([]any) {
				stored[m.(map[string]any)["text"].(string)] = true
			}
		}
	}
	if len(stored) < total/2 {
		t.Fatalf("only %d messages stored before the kill", len(stored))
	}
	deadline := time.After(30 * time.Second)
	for {
		mu.Lock()
		n := len(got)
		mu.Unlock()
		if n >= len(stored) {
			break
		}
		select {
		case <-arrived:
		case <-deadline:
			t.Fatalf("%d of %d stored messages delivered", n, len(stored))
		}
	}
	mu.Lock()
	defer mu.Unlock()
	for text := range stored {
		if len(got[text]) == 0 {
			t.Errorf("%q was stored but never delivered", text)
		}
	}
	for text, ids := range got {
		if !stored[text] {
			t.Errorf("%q delivered but not stored", text)
		}
		for _, id := range ids[1:] {
			if id != ids[0] {
				t.Errorf("%q delivered under two entregaIds", text)
			}
		}
	}
	t.Logf("%d of %d messages stored before the kill, all delivered after it", len(stored), total)
}

// waitFailedAttempt waits until a delivery has failed once against the
// closed port: the receiver is down while messages are stored.
func waitFailedAttempt(t *testing.T, srv *serverProcess) {
	t.Helper()
	for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		_, out := srv.call(t, "GET", "/api/empresas/1/webhook/entregas?status=pendente", nil)
		for _, d := range out["entregas"].([]any) {
			if d.(map[string]any)["tentativas"].(float64) > 0 {
				return
			}
		}
	}
	t.Fatal("no delivery ever failed against the closed port")
}

// verifySignature checks X-VendeAI-Assinatura as a receiver would.
func verifySignature(header string, body []byte) error {
	var ts, sig string
	for _, part := range strings.Split(header, ",") {
		if k, v, ok := strings.Cut(part, "="); ok && k == "t" {
			ts = v
		} else if ok && k == "v1" {
			sig = v
		}
	}
	mac := hmac.New(sha256.New, []byte(killSecret))
	mac.Write([]byte(ts + "." + string(body)))
	if !hmac.Equal([]byte(hex.EncodeToString(mac.Sum(nil))), []byte(sig)) {
		return fmt.Errorf("bad signature %q", header)
	}
	return nil
}

func TestWebhookSettings(t *testing.T) {
	env := map[string]string{"VENDEAI_WEBHOOK_HOSTS": "crm.example.com, 10.0.0.5:8080", "VENDEAI_WEBHOOK_BACKOFF": "30s"}
	cfg, err := parseServeFlags([]string{"-webhook-backoff", "2m"}, func(k string) string { return env[k] }, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	if cfg.WebhookHosts.String() != "crm.example.com,10.0.0.5:8080" || cfg.WebhookBackoff != 2*time.Minute {
		t.Errorf("hosts %q, backoff %s", cfg.WebhookHosts, cfg.WebhookBackoff)
	}
	if cfg, _ := parseServeFlags(nil, noEnv, io.Discard); cfg.WebhookBackoff != 10*time.Second || cfg.WebhookHosts.String() != "" {
		t.Errorf("defaults: %+v", cfg)
	}
	if cfg, _ := parseServeFlags(nil, func(k string) string { return map[string]string{"VENDEAI_WEBHOOK_BACKOFF": "5"}[k] }, io.Discard); cfg.WebhookBackoff != 5*time.Second {
		t.Errorf("whole seconds: %s", cfg.WebhookBackoff)
	}
	for _, bad := range []map[string]string{{"VENDEAI_WEBHOOK_HOSTS": "https://crm.example.com/"}, {"VENDEAI_WEBHOOK_HOSTS": "h:99999"},
		{"VENDEAI_WEBHOOK_BACKOFF": "depressa"}, {"VENDEAI_WEBHOOK_BACKOFF": "0"}, {"VENDEAI_WEBHOOK_BACKOFF": "2h"}, {"VENDEAI_WEBHOOK_BACKOFF": "-1s"}} {
		if _, err := parseServeFlags(nil, func(k string) string { return bad[k] }, io.Discard); err == nil || !strings.Contains(err.Error(), "VENDEAI_WEBHOOK") {
			t.Errorf("%v: %v", bad, err)
		}
	}
}
