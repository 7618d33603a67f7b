package main

import (
	"context"
	"fmt"
	"io"
	"net"
	"strings"
	"sync"
	"testing"

	"vendeai/app"
)

// TestPanelEmpresasAdmin: create (the token shown once, with a copy
// button), search, a new token (the old one's panel session ends), and
// delete confirmed by typing the name.
func TestPanelEmpresasAdmin(t *testing.T) {
	p := newPanel(t)
	p.empresa("Auto Center Sul")
	p.login(p.admin)
	p.wait(`!!document.querySelector('tr[data-empresa]')`)

	p.clickText("Nova empresa")
	p.fill("#nova-nome", "Garagem Nova")
	p.fill("#nova-id", "42")
	p.click("dialog[open] button[type=submit]")
	p.wait(`!!document.querySelector('dialog[open] input.token')`)
	token := p.eval(`document.querySelector('dialog[open] input.token').value`).(string)
	if !strings.HasPrefix(token, app.EmpresaTokenPrefix) {
		t.Fatalf("token shown %q", token)
	}
	p.waitText("dialog[open]", "não será mostrado de novo")
	p.waitText("dialog[open]", "Copiar")
	p.screen("empresa-criada")
	p.clickText("Já guardei")
	p.waitText("tr[data-empresa='42']", "Garagem Nova")
	if owner := p.api("GET", "/api/sessao", token, nil); owner["empresaId"] != 42.0 {
		t.Errorf("the token shown is not empresa 42's: %v", owner)
	}

	p.fill("#emp-busca", "garagem")
	p.wait(`location.search.includes('q=garagem') && document.querySelectorAll('tr[data-empresa]').length === 1`)

	// A second browser context is the dealer, logged in with that token.
	dealer := p.secondTab()
	dealer.login(token)
	dealer.wait(`location.pathname === '/painel/empresas/42'`)

	p.eval(`document.querySelector("tr[data-empresa='42'] button[aria-label^='Novo token']").click()`)
	p.clickText("Gerar novo token")
	p.wait(`!!document.querySelector('dialog[open] input.token') && document.querySelector('dialog[open] input.token').value !== ` + fmt.Sprintf("%q", token))
	p.clickText("Já guardei")
	// The dealer's next request finds the session over and goes to the login.
	dealer.open("/painel/empresas/42/estoque", `location.pathname === '/painel/entrar'`)

	p.eval(`document.querySelector("tr[data-empresa='42'] button[aria-label^='Excluir']").click()`)
	p.waitText("dialog[open]", "removed/")
	if p.eval(`document.querySelector('dialog[open] button[type=submit]').disabled`) != true {
		t.Error("delete enabled before the name was typed")
	}
	p.screen("excluir-empresa")
	p.fill("dialog[open] input", "Garagem Nova")
	p.click("dialog[open] button[type=submit]")
	p.wait(`!document.querySelector("tr[data-empresa='42']") && !document.querySelector('dialog[open]')`)
	p.noErrors()
}

// secondTab is another, separate browser profile on the same appliance.
func (p *panel) secondTab() *panel {
	other := newPanelBrowser(p.t, p.m, p.admin)
	return other
}

// TestPanelManyEmpresasPagedUnderBurst: the admin's list pages a large
// registry, and a burst of live status changes (every session starting at
// once) updates the visible rows and the counts without piling rows into
// the page.
func TestPanelManyEmpresasPagedUnderBurst(t *testing.T) {
	p := newPanel(t)
	const n = 120
	var wg sync.WaitGroup
	sem := make(chan struct{}, 4)
	for i := 1; i <= n; i++ {
		wg.Add(1)
		sem <- struct{}{}
		go func() {
			defer wg.Done()
			defer func() { <-sem }()
			if _, _, err := p.m.core.Tenants.CreateEmpresa(context.Background(), app.NewEmpresa{Nome: fmt.Sprintf("Loja %03d", i)}); err != nil {
				t.Error(err)
			}
		}()
	}
	wg.Wait()
	p.login(p.admin)
	p.wait(`document.querySelectorAll('tr[data-empresa]').length === 50`)
	p.waitText(".paginas", "1–50 de 120")
	p.clickText("Próxima ›")
	p.wait(`location.search.includes('offset=50') && !!document.querySelector("tr[data-empresa='51']")`)
	p.clickText("‹ Anterior")
	p.wait(`!!document.querySelector("tr[data-empresa='1']")`)

	// Every session starts at once: hundreds of live status and QR events.
	// Rows in view follow them, the counts cover every empresa, and the page
	// never holds more than one page of rows.
	p.eval(`window.__semRecarregar = true`)
	connectAll(t, p.m, n)
	p.wait(`[...document.querySelectorAll('tr[data-empresa] .badge')].every(e => e.textContent === 'Aguardando leitura do QR')`)
	p.waitText("nav.contagens", "120 aguardando leitura do qr")
	if rows := p.eval(`[document.querySelectorAll('tr[data-empresa]').length, window.__semRecarregar]`); fmt.Sprint(rows) != "[50 true]" {
		t.Errorf("rows and no reload: %v, want one page of 50", rows)
	}
	p.screen("empresas-muitas")
	p.noErrors()
}

// connectAll starts the sessions of empresas 1..n at once, as a restart of
// the appliance does.
func connectAll(t testing.TB, m *Main, n int) {
	t.Helper()
	var wg sync.WaitGroup
	for i := 1; i <= n; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if _, _, err := m.core.Tenants.Connect(context.Background(), i); err != nil {
				t.Error(err)
			}
		}()
	}
	wg.Wait()
}

// TestPanelReconnectsLiveEvents: when the connection drops, the panel shows
// "reconectando…", comes back by itself and catches up on what it missed.
func TestPanelReconnectsLiveEvents(t *testing.T) {
	p := newPanel(t)
	id, _ := p.empresa("Loja Rede")
	proxy := newCuttableProxy(t, p.m.Addr())
	p.base = "http://" + proxy.addr()
	p.login(p.admin)
	p.open(fmt.Sprintf("/painel/empresas/%d/whatsapp", id), `!!document.querySelector('.status-grande .badge')`)
	p.waitText(".status-grande", "Desconectado")

	proxy.cut(true)
	p.waitText(".faixa-reconexao", "reconectando…")
	p.screen("reconectando")
	// Meanwhile the session changes; the panel cannot hear it.
	p.api2("POST", fmt.Sprintf("/api/bot/connect/%d", id))
	proxy.cut(false)
	p.wait(`!document.querySelector('.faixa-reconexao')`)
	p.waitText(".status-grande", "Aguardando leitura do QR")
	p.noErrors()
}

// api2 calls the appliance directly, around the proxy.
func (p *panel) api2(method, path string) {
	p.t.Helper()
	base := p.base
	p.base = "http://" + p.m.Addr()
	defer func() { p.base = base }()
	p.api(method, path, p.admin, nil)
}

// cuttableProxy forwards loopback TCP to the appliance and can drop every
// connection and refuse new ones, as a flaky network would.
type cuttableProxy struct {
	ln     net.Listener
	target string
	mu     sync.Mutex
	down   bool
	conns  map[net.Conn]struct{}
}

func newCuttableProxy(t testing.TB, target string) *cuttableProxy {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	c := &cuttableProxy{ln: ln, target: target, conns: map[net.Conn]struct{}{}}
	done := make(chan struct{})
	go c.serve(done)
	t.Cleanup(func() {
		ln.Close()
		<-done
		c.cut(true)
	})
	return c
}

func (c *cuttableProxy) addr() string { return c.ln.Addr().String() }

func (c *cuttableProxy) serve(done chan struct{}) {
	defer close(done)
	for {
		client, err := c.ln.Accept()
		if err != nil {
			return
		}
		c.mu.Lock()
		if c.down {
			c.mu.Unlock()
			client.Close()
			continue
		}
		server, err := net.Dial("tcp", c.target)
		if err != nil {
			c.mu.Unlock()
			client.Close()
			continue
		}
		c.conns[client], c.conns[server] = struct{}{}, struct{}{}
		c.mu.Unlock()
		go pipe(client, server)
		go pipe(server, client)
	}
}

func pipe(dst, src net.Conn) {
	io.Copy(dst, src)
	dst.Close()
	src.Close()
}

// cut drops every open connection and refuses new ones (down), or lets
// them through again.
func (c *cuttableProxy) cut(down bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.down = down
	if down {
		for conn := range c.conns {
			conn.Close()
		}
		c.conns = map[net.Conn]struct{}{}
	}
}
