package main

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
)

// TestPanelWebhook: a dealer aims the empresa's webhook at its CRM from the
// panel (a host off VENDEAI_WEBHOOK_HOSTS is refused with the reason),
// tests it, sees a failed test in the delivery log, replays it, and sees a
// customer's message arrive in the log as it is delivered.
func TestPanelWebhook(t *testing.T) {
	chromiumPath(t)
	var answer atomic.Int32
	answer.Store(http.StatusBadRequest)
	got := make(chan string, 100)
	crm := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		io.Copy(io.Discard, r.Body)
		got <- r.Header.Get("X-VendeAI-Evento")
		w.WriteHeader(int(answer.Load()))
	}))
	defer crm.Close()

	dir := t.TempDir()
	cfg, err := parseServeFlags([]string{"-addr", "127.0.0.1:0", "-data", filepath.Join(dir, "data"), "-whatsapp", "sandbox",
		"-webhook-hosts", strings.TrimPrefix(crm.URL, "http://"), "-webhook-backoff", "50ms"}, func(string) string { return "" }, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	m := NewMain(cfg, slog.New(slog.DiscardHandler))
	if err := m.Run(context.Background()); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { m.Close() })
	raw, err := os.ReadFile(filepath.Join(cfg.DataDir, "admin.token"))
	if err != nil {
		t.Fatal(err)
	}
	p := newPanelBrowser(t, m, strings.TrimSpace(string(raw)))
	id, token := p.empresa("Loja Webhook")
	p.connected(id, "5521999990009")
	p.login(token)
	page := fmt.Sprintf("/painel/empresas/%d/webhook", id)
	p.open(page, `!!document.querySelector('#wh-url')`)
	p.waitText(".entregas .vazio", "Nenhuma entrega ainda")

	// A host the operator did not allow: the API's reason, and nothing saved.
	p.fill("#wh-url", "http://10.0.0.1:8080/hook")
	p.clickText("Gerar segredo")
	p.wait(`document.querySelector('#wh-segredo').value.length === 48`)
	p.clickText("Salvar")
	p.waitText("form .erro", "VENDEAI_WEBHOOK_HOSTS")
	p.screen("webhook-host-recusado")
	if r := p.api("GET", fmt.Sprintf("/api/empresas/%d/webhook", id), token, nil); r["webhook"] != nil {
		t.Fatalf("a refused URL was saved: %v", r)
	}

	p.fill("#wh-url", crm.URL+"/vendeai")
	p.clickText("Salvar")
	p.waitText(".aviso", "Webhook salvo")
	if w := p.api("GET", fmt.Sprintf("/api/empresas/%d/webhook", id), token, nil)["webhook"].(map[string]any); w["url"] != crm.URL+"/vendeai" || w["segredoDefinido"] != true {
		t.Errorf("saved webhook: %v", w)
	}

	// The CRM refuses the test; the log shows it failed; a replay, once the
	// CRM is fixed, delivers it.
	p.clickText("Testar")
	p.waitText("[data-teste=falhou]", "HTTP 400")
	if ev := <-got; ev != "ping" {
		t.Errorf("the test sent %q", ev)
	}
	p.waitText(".entrega .ent-falhou", "falhou")
	p.screen("webhook-teste-falhou")
	answer.Store(http.StatusNoContent)
	p.clickText("Reenviar")
	p.waitText(".aviso", "Reenviada e entregue")
	p.waitText(".entrega .ent-entregue", "entregue")
	<-got

	// A customer writes: the delivery shows up in the log by itself.
	p.api("POST", fmt.Sprintf("/api/sandbox/%d/inbound", id), p.admin, map[string]any{"from": "5511900000009", "text": "oi", "pushName": "Ana"})
	p.waitText(".entrega strong", "Mensagens")
	p.wait(`[...document.querySelectorAll('.entrega')].some(e => e.textContent.includes('Mensagens') && e.querySelector('.ent-entregue'))`)
	p.screen("webhook")
	if problems := p.eval(a11yCheck).([]any); len(problems) > 0 {
		t.Errorf("webhook screen: %v", problems)
	}
	p.noErrors()
}
