package main

import (
	"fmt"
	"regexp"
	"testing"
)

// TestPanelScopeAndTypedURLs: an empresa token sees its own screens, and a
// clear "sem acesso" with none of the data for the admin's list and for
// another empresa's addresses, typed or linked.
func TestPanelScopeAndTypedURLs(t *testing.T) {
	p := newPanel(t)
	a, tokenA := p.empresa("Loja Alfa")
	b, _ := p.empresa("Loja Beta Segredo")
	p.login(tokenA)
	p.wait(fmt.Sprintf(`location.pathname === '/painel/empresas/%d'`, a))
	p.waitText(".topo h1", "Loja Alfa")
	p.screen("visao-geral-empresa")
	for _, path := range []string{"/painel/empresas", fmt.Sprintf("/painel/empresas/%d", b),
		fmt.Sprintf("/painel/empresas/%d/estoque", b), fmt.Sprintf("/painel/empresas/%d/conversas/5511987654321", b)} {
		p.open(path, `!!document.querySelector('main h1')`)
		p.waitText("main h1", "Sem acesso")
		if body := p.text("body"); regexp.MustCompile(`Beta|Segredo`).MatchString(body) {
			t.Errorf("%s shows another empresa's data: %s", path, body)
		}
	}
	p.screen("sem-acesso")
	p.open(fmt.Sprintf("/painel/empresas/%d/estoque", a), `!!document.querySelector('table.estoque')`)
	p.open("/painel/qualquer/coisa", `!!document.querySelector('main h1')`)
	p.waitText("main h1", "Página não encontrada")

	// The admin goes anywhere; an unknown empresa says so.
	p.open("/painel/sair", `document.body.innerText.includes('Você saiu')`)
	p.login(p.admin)
	p.open(fmt.Sprintf("/painel/empresas/%d/configuracoes", b), `!!document.querySelector('#cfg-nome')`)
	p.open("/painel/empresas/999", `!!document.querySelector('main h1')`)
	p.waitText("main h1", "Empresa não encontrada")
	p.noErrors()
}

// TestPanelLinksWhatsAppByQR: "Conectar" shows the QR large with its
// countdown; the sandbox phone scans it and "Conectado" appears live, with
// the number, without a reload.
func TestPanelLinksWhatsAppByQR(t *testing.T) {
	p := newPanel(t)
	id, _ := p.empresa("Loja QR")
	p.login(p.admin)
	p.open(fmt.Sprintf("/painel/empresas/%d/whatsapp", id), `!!document.querySelector('.status-grande .badge')`)
	p.waitText(".status-grande", "Desconectado")
	p.screen("whatsapp-desconectado")
	p.eval(`window.__semRecarregar = true`)
	p.clickText("Conectar")
	p.wait(`!!document.querySelector('figure.qr img[src^="data:image/png;base64,"]')`)
	p.waitText(".contagem", "Expira em")
	if w := p.eval(`document.querySelector('figure.qr img').getBoundingClientRect().width`).(float64); w < 250 {
		t.Errorf("QR %.0f px wide at 360 px: want it large", w)
	}
	p.screen("whatsapp-qr")
	p.api("POST", fmt.Sprintf("/api/sandbox/%d/scan", id), p.admin, map[string]any{"phone": "5521999990001"})
	p.waitText(".status-grande", "Conectado")
	p.waitText(".numero", "+55 (21) 99999-0001")
	p.waitText(".topo-empresa .badge", "Conectado")
	if p.eval(`window.__semRecarregar === true && !document.querySelector('figure.qr')`) != true {
		t.Error("the page reloaded, or the QR stayed after the link")
	}
	p.screen("whatsapp-conectado")

	// A fault reads in Portuguese; Desconectar asks first.
	p.api("POST", fmt.Sprintf("/api/sandbox/%d/fault", id), p.admin, map[string]any{"kind": "stream_replaced"})
	p.waitText(".status-grande", "número aberto em outro aparelho (440)")
	p.clickText("Desconectar")
	p.wait(`!!document.querySelector('dialog[open]')`)
	p.screen("whatsapp-confirmar")
	p.eval(`[...document.querySelectorAll('dialog[open] button')].find(b => b.textContent.trim() === 'Desconectar').click()`)
	p.waitText(".status-grande", "Desconectado")
	p.noErrors()
}

// TestPanelPairingCode: "Conectar com código" asks for the phone and shows
// the pairing code.
func TestPanelPairingCode(t *testing.T) {
	p := newPanel(t)
	id, token := p.empresa("Loja Código")
	p.login(token)
	p.open(fmt.Sprintf("/painel/empresas/%d/whatsapp", id), `!!document.querySelector('.status-grande .badge')`)
	p.clickText("Conectar com código")
	p.fill("#wa-telefone", "55 21 99999-0002")
	p.clickText("Pedir código")
	p.wait(`/^[0-9A-Z]{4}-[0-9A-Z]{4}$/.test((document.querySelector('.codigo')||{}).textContent||'')`)
	p.waitText(".codigo-pareamento", "+55 (21) 99999-0002")
	p.screen("whatsapp-codigo")
	p.noErrors()
}
