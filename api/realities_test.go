package api_test

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"io"
	"net/http"
	"strings"
	"testing"
)

// WhatsApp as it really is (issue 12), end to end through the sandbox.

// sentTo lists the numbers the empresa's messages went to, in order.
func (e *env) sentTo(sid string) []string {
	e.t.Helper()
	var to []string
	for _, m := range e.do("GET", "/api/sandbox/"+sid+"/outbox", adminToken, nil).body["mensagens"].([]any) {
		to = append(to, m.(map[string]any)["to"].(string))
	}
	return to
}

func (e *env) leadList(sid, query string) (float64, []map[string]any) {
	e.t.Helper()
	r := e.do("GET", "/api/empresas/"+sid+"/leads"+query, adminToken, nil)
	if r.status != http.StatusOK {
		e.t.Fatalf("leads%s: %s", query, r.raw)
	}
	var leads []map[string]any
	for _, l := range r.body["leads"].([]any) {
		leads = append(leads, l.(map[string]any))
	}
	return r.body["total"].(float64), leads
}

func (e *env) register(sid string, contato map[string]any) {
	e.t.Helper()
	if r := e.do("POST", "/api/sandbox/"+sid+"/contatos", adminToken, contato); r.status != http.StatusCreated {
		e.t.Fatalf("register %v: %s", contato, r.raw)
	}
}

// TestNinthDigitBothWays: a customer whose account is older than the ninth
// digit writes from 12 digits; the CRM writes to the 13-digit form; it is
// one lead, and every message goes to the exact account. The other way: a
// number the CRM wrote to first, then the customer answers. And a number
// without WhatsApp gets nothing.
func TestNinthDigitBothWays(t *testing.T) {
	e := newSandboxEnv(t)
	a, token := e.connected("Loja BH", "Civic")
	send := func(to, text string) response {
		return e.do("POST", "/api/empresas/"+a+"/mensagens", token, map[string]any{"to": to, "text": text})
	}

	e.customerSays(a, "553188887777", "oi, tem civic?")
	expectStatus(t, send("5531988887777", "Oi! Aqui é o Carlos, da loja."), http.StatusCreated, "CRM to the 13-digit form")
	if to := e.sentTo(a); len(to) < 2 || strings.Join(to, ",") != strings.Repeat("553188887777,", len(to)-1)+"553188887777" {
		t.Errorf("messages went to %v, want all to the account's 553188887777", to)
	}
	total, leads := e.leadList(a, "")
	if total != 1 || leads[0]["phone"] != "5531988887777" || leads[0]["jid"] != "553188887777@s.whatsapp.net" {
		t.Fatalf("leads = %v (total %v), want one, canonical, with the account's JID", leads, total)
	}
	for _, form := range []string{"553188887777", "5531988887777", "+55 (31) 98888-7777"} {
		r := e.do("GET", "/api/empresas/"+a+"/leads/"+strings.NewReplacer(" ", "%20", "(", "%28", ")", "%29", "+", "%2B").Replace(form)+"/mensagens", token, nil)
		if r.status != http.StatusOK || r.body["phone"] != "5531988887777" || r.body["total"].(float64) < 3 {
			t.Errorf("messages by %s: %s", form, r.raw)
		}
	}

	// The CRM writes first to a 12-digit account, given its 13-digit form;
	// the customer answers: still one lead.
	e.register(a, map[string]any{"phone": "5521987654321", "semNono": true})
	expectStatus(t, send("5521987654321", "Seu Onix chegou!"), http.StatusCreated, "first message to a 12-digit account")
	if to := e.sentTo(a); to[len(to)-1] != "552187654321" {
		t.Errorf("first message went to %s", to[len(to)-1])
	}
	e.customerSays(a, "552187654321", "que ótimo, posso ver amanhã?")
	if total, _ := e.leadList(a, ""); total != 2 {
		t.Errorf("%v leads, want 2 (one per person)", total)
	}
	l := e.do("GET", "/api/empresas/"+a+"/leads/552187654321", token, nil).body["lead"].(map[string]any)
	if l["phone"] != "5521987654321" || l["jid"] != "552187654321@s.whatsapp.net" || l["origem"].(map[string]any)["tipo"] != "loja" ||
		l["ultimaMensagemCliente"] == nil {
		t.Errorf("lead the store wrote first = %v", l)
	}

	// A number without WhatsApp: 404, nothing sent, no lead.
	before := len(e.sentTo(a))
	expectError(t, send("5511955550000", "oi"), http.StatusNotFound, "nao_esta_no_whatsapp", "number without WhatsApp")
	if len(e.sentTo(a)) != before {
		t.Error("something was sent to a number without WhatsApp")
	}
	expectError(t, e.do("GET", "/api/empresas/"+a+"/leads/5511955550000", token, nil), http.StatusNotFound, "not_found", "no lead for it")
	if !strings.Contains(e.do("GET", "/metrics", adminToken, nil).raw, `vendeai_send_refused_total{code="nao_esta_no_whatsapp",empresa_id="`+a+`"} 1`) {
		t.Error("the refusal is not counted")
	}
}

// TestNewContactLimit: the CRM may write first to limiteNovosContatosDia
// contacts; the next is 429 and nothing leaves. Writing again to one
// already counted, or to a customer who wrote, is no new contact.
func TestNewContactLimit(t *testing.T) {
	e := newSandboxEnv(t)
	a, token := e.connected("Loja SP", "Civic")
	if r := e.do("GET", "/api/bot/config/"+a, token, nil); r.body["limiteNovosContatosDia"] != float64(30) {
		t.Errorf("default limit: %s", r.raw)
	}
	for _, bad := range []any{-1, 1001, "dez"} {
		if r := e.do("PUT", "/api/bot/config/"+a, token, map[string]any{"limiteNovosContatosDia": bad}); r.status != http.StatusBadRequest {
			t.Errorf("limiteNovosContatosDia %v: %s", bad, r.raw)
		}
	}
	expectStatus(t, e.do("PUT", "/api/bot/config/"+a, token, map[string]any{"limiteNovosContatosDia": 2}), http.StatusOK, "set the limit")
	send := func(to string) response {
		return e.do("POST", "/api/empresas/"+a+"/mensagens", token, map[string]any{"to": to, "text": "Olá! Temos novidades."})
	}
	for i := range 3 {
		e.register(a, map[string]any{"phone": fmt.Sprintf("551199000000%d", i)})
	}
	expectStatus(t, send("5511990000000"), http.StatusCreated, "first new contact")
	expectStatus(t, send("5511990000001"), http.StatusCreated, "second new contact")
	before := len(e.sentTo(a))
	r := send("5511990000002")
	expectError(t, r, http.StatusTooManyRequests, "limite_novos_contatos", "third new contact")
	if !strings.Contains(r.str("error"), "24 horas") || len(e.sentTo(a)) != before {
		t.Errorf("over the limit: %s; sent %d -> %d", r.raw, before, len(e.sentTo(a)))
	}
	expectStatus(t, send("5511990000000"), http.StatusCreated, "again to a contact already counted")
	e.customerSays(a, "5511990000009", "oi")
	expectStatus(t, send("5511990000009"), http.StatusCreated, "to a customer who wrote")
	if !strings.Contains(e.do("GET", "/metrics", adminToken, nil).raw, `vendeai_send_refused_total{code="limite_novos_contatos",empresa_id="`+a+`"} 1`) {
		t.Error("the refusal is not counted")
	}
}

// TestWhatsApp463: WhatsApp refusing the store's first message is 409
// whatsapp_restricao, in Portuguese, counted; once the customer writes,
// the conversation flows.
func TestWhatsApp463(t *testing.T) {
	e := newSandboxEnv(t)
	a, token := e.connected("Loja RJ", "Civic")
	e.register(a, map[string]any{"phone": "5521966665555", "restricao463": true})
	before := len(e.sentTo(a))
	r := e.do("POST", "/api/empresas/"+a+"/mensagens", token, map[string]any{"to": "5521966665555", "text": "Olá!"})
	expectError(t, r, http.StatusConflict, "whatsapp_restricao", "463")
	if !strings.Contains(r.str("error"), "cliente escrever primeiro") || len(e.sentTo(a)) != before {
		t.Errorf("463: %s; sent %d -> %d", r.raw, before, len(e.sentTo(a)))
	}
	if !strings.Contains(e.do("GET", "/metrics", adminToken, nil).raw, `vendeai_send_refused_total{code="whatsapp_restricao",empresa_id="`+a+`"} 1`) {
		t.Error("the 463 is not counted")
	}
	e.customerSays(a, "5521966665555", "oi, vi o anúncio")
	expectStatus(t, e.do("POST", "/api/empresas/"+a+"/mensagens", token, map[string]any{"to": "5521966665555", "text": "Olá!"}),
		http.StatusCreated, "after the customer wrote")
}

// TestLeadOrigemAndExport: an ad's context, a wa.me link and a plain first
// message end up as the lead's origem; the leads filter and the CSV export
// show them, and a customer's text never runs as a formula in Excel.
func TestLeadOrigemAndExport(t *testing.T) {
	e := newSandboxEnv(t)
	a, token := e.connected("Loja POA", "Civic")
	_, tokenB := e.createEmpresa("Loja B")
	ad := map[string]any{"titulo": "Civic 2021 com garantia", "url": "https://fb.me/civic", "anuncioId": "120210000000001", "midia": "video", "plataforma": "instagram"}
	e.customerSends(a, map[string]any{"from": "5551999990001", "text": "Olá! Quero mais informações.", "pushName": "=HYPERLINK(\"http://x\")", "anuncio": ad})
	e.customerSends(a, map[string]any{"from": "5551999990002", "text": "Olá, vim pelo site da loja", "link": true})
	e.customerSays(a, "5551999990003", "tem civic?")
	// A later ad click changes nothing: the first message decided.
	e.customerSends(a, map[string]any{"from": "5551999990003", "text": "e esse?", "anuncio": map[string]any{"anuncioId": "999"}})

	for _, c := range []struct {
		query string
		want  float64
	}{{"?origem=anuncio", 1}, {"?origem=link", 1}, {"?origem=direto", 1}, {"?origem=loja", 0}, {"", 3}} {
		if total, _ := e.leadList(a, c.query); total != c.want {
			t.Errorf("leads%s: %v, want %v", c.query, total, c.want)
		}
	}
	_, leads := e.leadList(a, "?origem=anuncio")
	o := leads[0]["origem"].(map[string]any)
	if o["tipo"] != "anuncio" || o["titulo"] != ad["titulo"] || o["url"] != ad["url"] || o["anuncioId"] != ad["anuncioId"] ||
		o["midia"] != "video" || o["plataforma"] != "instagram" {
		t.Errorf("ad origem = %v", o)
	}
	if _, leads := e.leadList(a, "?origem=link"); leads[0]["origem"].(map[string]any)["texto"] != "Olá, vim pelo site da loja" {
		t.Errorf("link origem = %v", leads[0]["origem"])
	}
	expectError(t, e.do("GET", "/api/empresas/"+a+"/leads?origem=tv", token, nil), http.StatusBadRequest, "invalid", "unknown origem")

	res, body := e.get(t, "/api/empresas/"+a+"/leads/export", token)
	if res.StatusCode != http.StatusOK || !strings.HasPrefix(res.Header.Get("Content-Type"), "text/csv") ||
		!strings.Contains(res.Header.Get("Content-Disposition"), "leads-empresa_"+a+"-") || !bytes.HasPrefix(body, []byte{0xEF, 0xBB, 0xBF}) {
		t.Fatalf("export: %d %v %q", res.StatusCode, res.Header, body[:min(len(body), 60)])
	}
	rows := readCSV(t, body)
	if len(rows) != 4 || rows[0][0] != "telefone" || rows[0][4] != "origem" {
		t.Fatalf("export rows = %q", rows)
	}
	byPhone := map[string][]string{}
	for _, row := range rows[1:] {
		byPhone[row[0]] = row
	}
	adRow := byPhone["5551999990001"]
	if adRow == nil || adRow[2] != `'=HYPERLINK("http://x")` || adRow[4] != "anuncio" || adRow[5] != "Civic 2021 com garantia" || adRow[7] != "120210000000001" {
		t.Errorf("the ad's row = %q", adRow)
	}
	if row := byPhone["5551999990002"]; row == nil || row[4] != "link" || row[8] != "Olá, vim pelo site da loja" {
		t.Errorf("the link's row = %q", row)
	}
	if _, body := e.get(t, "/api/empresas/"+a+"/leads/export?origem=anuncio", token); len(readCSV(t, body)) != 2 {
		t.Errorf("export filtered by origem: %q", body)
	}
	expectError(t, e.do("GET", "/api/empresas/"+a+"/leads/export?origem=tv", token, nil), http.StatusBadRequest, "invalid", "export bad origem")
	expectError(t, e.do("GET", "/api/empresas/"+a+"/leads/export?status=vip", token, nil), http.StatusBadRequest, "invalid", "export bad status")
	expectError(t, e.do("GET", "/api/empresas/"+a+"/leads/export", tokenB, nil), http.StatusForbidden, "forbidden", "B exports A's leads")
	expectError(t, e.do("GET", "/api/empresas/"+a+"/leads/export", "", nil), http.StatusUnauthorized, "unauthorized", "no token")

	if r := e.do("GET", "/api/empresas/"+a+"/leads/unificacoes", token, nil); r.status != http.StatusOK || r.body["total"] != float64(0) {
		t.Errorf("unificacoes of a new empresa: %s", r.raw)
	}
}

// TestSandboxRealitiesBadInput: the sandbox's new fields refuse what
// WhatsApp could not send, with a clear 400, and change nothing.
func TestSandboxRealitiesBadInput(t *testing.T) {
	e := newSandboxEnv(t)
	a, token := e.connected("Loja A", "Civic")
	contatos := "/api/sandbox/" + a + "/contatos"
	for name, body := range map[string]any{
		"no phone":          map[string]any{"semNono": true},
		"bad phone":         map[string]any{"phone": "abc"},
		"landline semNono":  map[string]any{"phone": "551133334444", "semNono": true},
		"foreign semNono":   map[string]any{"phone": "14155552671", "semNono": true},
		"semNono as string": map[string]any{"phone": "5511987654321", "semNono": "sim"},
	} {
		if r := e.do("POST", contatos, adminToken, body); r.status != http.StatusBadRequest {
			t.Errorf("contatos %s: %d %s", name, r.status, r.raw)
		}
	}
	expectError(t, e.do("POST", contatos, adminToken, "{"), http.StatusBadRequest, "invalid_json", "contatos bad JSON")
	expectError(t, e.do("POST", contatos, token, map[string]any{"phone": cliente}), http.StatusForbidden, "forbidden", "contatos with an empresa token")
	expectError(t, e.do("POST", "/api/sandbox/99999/contatos", adminToken, map[string]any{"phone": cliente}), http.StatusNotFound, "not_found", "unknown empresa")
	r := e.do("POST", contatos, adminToken, map[string]any{"phone": "+55 31 98888-7777", "semNono": true})
	if c, _ := r.body["contato"].(map[string]any); r.status != http.StatusCreated || c["phone"] != "5531988887777" || c["jid"] != "553188887777@s.whatsapp.net" {
		t.Errorf("register semNono: %s", r.raw)
	}

	inbound := "/api/sandbox/" + a + "/inbound"
	for name, ad := range map[string]any{
		"empty ad":    map[string]any{},
		"bad midia":   map[string]any{"anuncioId": "1", "midia": "gif"},
		"long titulo": map[string]any{"titulo": strings.Repeat("a", 201)},
		"ad as text":  "anuncio",
	} {
		if r := e.do("POST", inbound, adminToken, map[string]any{"from": cliente, "text": "oi", "anuncio": ad}); r.status != http.StatusBadRequest {
			t.Errorf("inbound %s: %d %s", name, r.status, r.raw)
		}
	}
	if total, _ := e.leadList(a, ""); total != 0 {
		t.Errorf("refused inbounds made %v leads", total)
	}
}

func readCSV(t *testing.T, body []byte) [][]string {
	t.Helper()
	r := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(body, []byte{0xEF, 0xBB, 0xBF})))
	r.Comma = ';'
	rows, err := r.ReadAll()
	if err != nil {
		t.Fatalf("CSV: %v in %q", err, body)
	}
	return rows
}

// get fetches path raw (a CSV), with its headers.
func (e *env) get(t *testing.T, path, token string) (*http.Response, []byte) {
	t.Helper()
	req, _ := http.NewRequest("GET", e.server.URL+path, nil)
	req.Header.Set("Authorization", "Bearer "+token)
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	body, err := io.ReadAll(res.Body)
	if err != nil {
		t.Fatal(err)
	}
	return res, body
}
