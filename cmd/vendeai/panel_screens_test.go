package main

import (
	"fmt"
	"os"
	"testing"
)

// a11yCheck is what every screen must meet at 360 px: nothing wider than
// the phone, a label for every field, a name for every button.
const a11yCheck = `(() => {
  const problems = [];
  if (document.documentElement.scrollWidth > window.innerWidth + 1) problems.push('página mais larga que a tela: ' + document.documentElement.scrollWidth);
  for (const el of document.querySelectorAll('input:not([type=hidden]), select, textarea')) {
    if (!(el.labels && el.labels.length) && !el.getAttribute('aria-label')) problems.push('campo sem rótulo: ' + (el.id || el.name || el.outerHTML.slice(0, 60)));
  }
  for (const el of document.querySelectorAll('button, a[href]')) {
    if (!(el.textContent.trim() || el.getAttribute('aria-label'))) problems.push('botão ou link sem nome: ' + el.outerHTML.slice(0, 60));
  }
  if (document.querySelector('[onclick],[onerror],[onload],[onsubmit],[oninput],[onchange]')) problems.push('atributo de evento inline');
  return problems;
})()`

// TestPanelEveryScreen opens every screen at 360 px as the admin: each one
// renders, fits the phone, labels its fields, and throws no JavaScript
// error. The settings show the API's message beside the field.
func TestPanelEveryScreen(t *testing.T) {
	p := newPanel(t)
	id, _ := p.empresa("Loja Telas")
	p.connected(id, "5521999990004")
	p.api("POST", fmt.Sprintf("/api/sandbox/%d/inbound", id), p.admin, map[string]any{"from": "5511900000001", "text": "oi", "pushName": "Ana"})
	p.login(p.admin)
	base := fmt.Sprintf("/painel/empresas/%d", id)
	screens := []struct{ name, path, ready string }{
		{"empresas", "/painel/empresas", `!!document.querySelector('tr[data-empresa]')`},
		{"visao-geral", base, `!!document.querySelector('.numeros dd')`},
		{"whatsapp", base + "/whatsapp", `!!document.querySelector('.numero')`},
		{"estoque", base + "/estoque", `!!document.querySelector('table.estoque')`},
		{"conversas", base + "/conversas", `!!document.querySelector('ul.leads a.lead')`},
		{"conversa", base + "/conversas/5511900000001", `!!document.querySelector('.mensagens .msg')`},
		{"simulador", base + "/simulador", `!!document.querySelector('#sim-texto')`},
		{"configuracoes", base + "/configuracoes", `!!document.querySelector('#cfg-nome')`},
		{"webhook", base + "/webhook", `!!document.querySelector('#wh-url') && !!document.querySelector('.entregas')`},
		{"nao-encontrada", "/painel/empresas/abc", `!!document.querySelector('main h1')`},
	}
	for _, s := range screens {
		p.open(s.path, s.ready)
		p.screen(s.name)
		if problems := p.eval(a11yCheck).([]any); len(problems) > 0 {
			t.Errorf("%s: %v", s.name, problems)
		}
		// Keyboard: Tab reaches a control of the page.
		p.eval(`document.activeElement && document.activeElement.blur()`)
		p.must(chromedpTab())
		if tag := p.eval(`document.activeElement.tagName`); tag == "BODY" {
			t.Errorf("%s: Tab reaches nothing", s.name)
		}
	}
	// The overview counts today's messages and leads.
	p.open(base, `document.querySelector('[data-campo=recebidas]') && document.querySelector('[data-campo=recebidas]').textContent === '1'`)

	p.open(base+"/configuracoes", `!!document.querySelector('#cfg-nome')`)
	p.fill("#cfg-pausaHumanoHoras", "0")
	p.clickText("Salvar")
	p.waitText("#cfg-pausaHumanoHoras-erro", "pausaHumanoHoras deve estar entre 1 e")
	p.screen("configuracoes-erro")
	p.fill("#cfg-pausaHumanoHoras", "12")
	p.fill("#cfg-mensagemBoasVindas", "Olá! Bem-vindo à Loja Telas.")
	p.clickText("Salvar")
	p.waitText(".aviso", "Configurações salvas")
	cfg := p.api("GET", fmt.Sprintf("/api/bot/config/%d", id), p.admin, nil)
	if cfg["pausaHumanoHoras"] != 12.0 || cfg["mensagemBoasVindas"] != "Olá! Bem-vindo à Loja Telas." {
		t.Errorf("config after saving: %v", cfg)
	}
	if os.Getenv("VENDEAI_PANEL_DOCS") != "" {
		writeDocScreenshots(p)
	}
	p.noErrors()
}
