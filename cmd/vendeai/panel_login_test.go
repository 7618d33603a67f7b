package main

import (
	"net/http"
	"strings"
	"testing"

	panelfiles "vendeai/api/panel"
)

// TestPanelLoginLogoutAndCookie: the admin pastes the token, lands on the
// empresas, holds only an HttpOnly SameSite=Strict cookie (the token is
// nowhere in the page's reach), and logs out.
func TestPanelLoginLogoutAndCookie(t *testing.T) {
	p := newPanel(t)
	p.empresa("Loja Centro")

	// "/" leads to the panel, and the panel to the login.
	p.open("/", `location.pathname === '/painel/entrar'`)
	p.fill("#token", "vdadm_errado")
	p.click("form button[type=submit]")
	p.waitText(".erro", "Token inválido")
	p.screen("entrar-erro")

	p.login(p.admin)
	p.wait(`location.pathname === '/painel/empresas' && !!document.querySelector('tr[data-empresa]')`)
	p.waitText("tr[data-empresa]", "Loja Centro")
	p.screen("empresas")

	var session bool
	for _, c := range p.cookies() {
		if c.Name != "vendeai_sessao" {
			continue
		}
		session = true
		if !c.HTTPOnly || c.SameSite != "Strict" || c.Path != "/" || c.Secure {
			t.Errorf("cookie %+v: want HttpOnly, SameSite=Strict, Path=/, not Secure over plain HTTP", c)
		}
		if strings.HasPrefix(c.Value, "vd") || strings.Contains(c.Value, p.admin) {
			t.Error("the cookie carries the token")
		}
	}
	if !session {
		t.Fatal("no vendeai_sessao cookie after the login")
	}
	stored := p.eval(`JSON.stringify([document.cookie, Object.entries(localStorage), Object.entries(sessionStorage)])`).(string)
	if strings.Contains(stored, "vendeai_sessao") || strings.Contains(stored, p.admin) || stored != `["",[],[]]` {
		t.Errorf("the page can read %s", stored)
	}

	// A reload keeps the session (the cookie), deep links included.
	p.open("/painel/empresas?q=centro", `!!document.querySelector('tr[data-empresa]')`)

	p.clickText("Sair")
	p.waitText("main", "Você saiu do painel")
	for _, c := range p.cookies() {
		if c.Name == "vendeai_sessao" {
			t.Errorf("cookie still set after logout: %+v", c)
		}
	}
	p.open("/painel/empresas", `location.pathname === '/painel/entrar'`)
	if got := p.eval(`location.search`); got != "?para=%2Fpainel%2Fempresas" {
		t.Errorf("login after logout remembers %v, want the page asked for", got)
	}
	p.noErrors()
}

// TestPanelHeaders: every panel response has the CSP, nosniff and
// no-referrer; assets are gzipped with ETags and revalidate with 304.
func TestPanelHeaders(t *testing.T) {
	p := newPanel(t)
	const csp = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'"
	h, err := panelfiles.New()
	if err != nil {
		t.Fatal(err)
	}
	a := h.AssetPath()
	for _, path := range []string{"/painel/", "/painel/empresas/7/conversas/5511987654321", a + "app.js", a + "app.css", a + "nao-existe.js"} {
		req, _ := http.NewRequest("GET", p.base+path, nil)
		req.Header.Set("Accept-Encoding", "gzip")
		res, err := http.DefaultTransport.RoundTrip(req)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		h := res.Header
		if h.Get("Content-Security-Policy") != csp || h.Get("X-Content-Type-Options") != "nosniff" || h.Get("Referrer-Policy") != "no-referrer" {
			t.Errorf("%s: headers %v", path, h)
		}
		wantStatus := http.StatusOK
		if strings.Contains(path, "nao-existe") {
			wantStatus = http.StatusNotFound
		} else if h.Get("Content-Encoding") != "gzip" || h.Get("ETag") == "" {
			t.Errorf("%s: Content-Encoding %q, ETag %q", path, h.Get("Content-Encoding"), h.Get("ETag"))
		}
		if res.StatusCode != wantStatus {
			t.Errorf("%s: status %d", path, res.StatusCode)
		}
		if etag := h.Get("ETag"); etag != "" {
			req.Header.Set("If-None-Match", etag)
			again, err := http.DefaultTransport.RoundTrip(req)
			if err != nil {
				t.Fatal(err)
			}
			again.Body.Close()
			if again.StatusCode != http.StatusNotModified {
				t.Errorf("%s with If-None-Match: %d, want 304", path, again.StatusCode)
			}
		}
	}
	// The browser sees the same policy on the page it runs.
	p.open("/painel/entrar", `!!document.querySelector('#token')`)
	blocked := p.eval(`new Promise(r => { const s = document.createElement('script'); s.textContent = 'window.__inline = 1'; document.body.append(s); setTimeout(() => r(window.__inline === undefined), 50); })`)
	if blocked != true {
		t.Error("an inline script ran: the CSP is not in force")
	}
	p.mu.Lock()
	p.errors = nil // the CSP's own refusal above is logged as an error
	p.mu.Unlock()
}
