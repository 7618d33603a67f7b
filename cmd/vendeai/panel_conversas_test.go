package main

import (
	"fmt"
	"strings"
	"testing"
)

// TestPanelConversationLive: a customer writes and the lead appears on the
// list without a reload; the conversation shows new messages live; the
// store takes it over, writes, and gives it back to the bot. Hostile text
// (an <img onerror> message, a <b> pushName) is shown as text, never run.
func TestPanelConversationLive(t *testing.T) {
	p := newPanel(t)
	id, token := p.empresa("Loja Conversa")
	p.connected(id, "5521999990003")
	p.login(token)
	p.open(fmt.Sprintf("/painel/empresas/%d/conversas", id), `!!document.querySelector('ul.leads')`)
	p.waitText("ul.leads", "Nenhuma conversa")
	p.eval(`window.__semRecarregar = true`)

	const customer = "5511987654321"
	hostile := `<img src=x onerror="window.__xss=1">`
	p.api("POST", fmt.Sprintf("/api/sandbox/%d/inbound", id), p.admin, map[string]any{"from": customer, "text": hostile, "pushName": "<b>Zé</b>"})
	p.waitText("ul.leads .lead-nome", "<b>Zé</b>")
	p.screen("conversas")
	p.click("ul.leads a.lead")
	p.wait(`!!document.querySelector('.conversa-nome')`)
	p.waitText(".mensagens .msg-texto", hostile)
	p.screen("conversa")
	if got := p.eval(`[document.querySelector('.conversa-nome').textContent, document.querySelectorAll('.mensagens img, .conversa-nome b, .lead-nome b').length, window.__xss === undefined, window.__semRecarregar === true]`); fmt.Sprint(got) != "[<b>Zé</b> 0 true true]" {
		t.Errorf("hostile text: %v (want it as text, no element, no script run, no reload)", got)
	}

	// The bot answered the first message: both arrive live.
	p.api("POST", fmt.Sprintf("/api/sandbox/%d/inbound", id), p.admin, map[string]any{"from": customer, "text": "tem civic automático?"})
	p.waitText(".mensagens .msg.entrada", "tem civic automático?")
	p.wait(`document.querySelectorAll('.mensagens .msg.saida').length >= 1`)

	p.clickText("Assumir")
	p.waitText(".atendimento", "Com vendedor")
	p.fill("#msg-texto", "Olá! Aqui é o Carlos, da loja.")
	p.clickText("Enviar")
	p.waitText(".mensagens .msg.saida", "Olá! Aqui é o Carlos, da loja.")
	outbox := fmt.Sprint(p.api("GET", fmt.Sprintf("/api/sandbox/%d/outbox", id), p.admin, nil))
	if !strings.Contains(outbox, "Aqui é o Carlos") {
		t.Errorf("the store's message was not sent: %s", outbox)
	}
	p.clickText("Devolver ao robô")
	p.waitText(".atendimento", "Robô respondendo")

	// With WhatsApp down, sending reads "WhatsApp desconectado".
	p.api("POST", fmt.Sprintf("/api/bot/disconnect/%d", id), p.admin, nil)
	p.fill("#msg-texto", "Ainda está aí?")
	p.clickText("Enviar")
	p.waitText(".enviar .erro", "WhatsApp desconectado")
	p.screen("conversa-desconectado")

	// The list shows the lead with its status filter.
	p.open(fmt.Sprintf("/painel/empresas/%d/conversas?status=novo", id), `!!document.querySelector('ul.leads')`)
	p.noErrors()
}

// TestPanelSimulator: the simulator answers from the empresa's stock.
func TestPanelSimulator(t *testing.T) {
	p := newPanel(t)
	id, token := p.empresa("Loja Simulada")
	p.api("POST", fmt.Sprintf("/api/empresas/%d/veiculos", id), token, map[string]any{"codigo": "A1", "marca": "Honda",
		"modelo": "Civic", "versao": "EXL", "anoFabricacao": 2020, "anoModelo": 2021, "preco": 115900, "km": 35000,
		"combustivel": "flex", "cambio": "automatico", "categoria": "sedan"})
	p.login(token)
	p.open(fmt.Sprintf("/painel/empresas/%d/simulador", id), `!!document.querySelector('#sim-texto')`)
	p.fill("#sim-texto", "tem civic?")
	p.clickText("Enviar")
	p.waitText(".mensagens .msg.entrada .msg-texto", "Civic")
	p.screen("simulador")
	if leads := p.api("GET", fmt.Sprintf("/api/empresas/%d/leads", id), token, nil); leads["total"] != float64(0) {
		t.Errorf("the simulation made a lead: %v", leads)
	}
	p.noErrors()
}

// TestPanelLeadOrigemAndExport: the list tags a lead that came from an ad
// (with the ad's title) or a wa.me link, filters by origem, and its export
// button downloads the filtered CSV.
func TestPanelLeadOrigemAndExport(t *testing.T) {
	p := newPanel(t)
	id, token := p.empresa("Loja Origem")
	p.connected(id, "5521999990004")
	inbound := fmt.Sprintf("/api/sandbox/%d/inbound", id)
	p.api("POST", inbound, p.admin, map[string]any{"from": "5551999990001", "text": "Quero saber mais", "pushName": "Ana",
		"anuncio": map[string]any{"titulo": "Civic 2021 com garantia", "anuncioId": "120210000000001", "url": "https://fb.me/abc"}})
	p.api("POST", inbound, p.admin, map[string]any{"from": "5551999990002", "text": "Olá, vim pelo site", "pushName": "Bia", "link": true})
	p.api("POST", inbound, p.admin, map[string]any{"from": "5551999990003", "text": "oi", "pushName": "Caio"})
	p.login(token)
	p.open(fmt.Sprintf("/painel/empresas/%d/conversas", id), `!!document.querySelector('ul.leads')`)
	p.wait(`document.querySelectorAll('ul.leads li .lead').length === 3`)
	p.screen("conversas-origem")
	tags := p.eval(`[...document.querySelectorAll('ul.leads .lead')].map(a => a.querySelector('.lead-nome').textContent + '=' +
		(a.querySelector('.lead-origem') ? a.querySelector('.lead-origem').textContent : '')).sort().join(';')`)
	if tags != "Ana=Anúncio: Civic 2021 com garantia;Bia=Link wa.me;Caio=" {
		t.Errorf("origem tags: %v", tags)
	}

	p.clickText("Anúncio")
	p.wait(`document.querySelectorAll('ul.leads li .lead').length === 1`)
	p.waitText("ul.leads .lead-nome", "Ana")
	href := p.eval(`document.querySelector('a.exportar-leads').getAttribute('href')`)
	if href != fmt.Sprintf("/api/empresas/%d/leads/export?origem=anuncio", id) {
		t.Errorf("export link = %v", href)
	}
	// The button's download, with the panel's session cookie.
	csv := p.eval(`fetch(document.querySelector('a.exportar-leads').href, {credentials: 'same-origin'}).then(async r => r.status + ' ' + r.headers.get('Content-Type') + '\n' + await r.text())`)
	lines := strings.Split(fmt.Sprint(csv), "\n")
	if len(lines) < 3 || lines[0] != "200 text/csv; charset=utf-8" || !strings.Contains(lines[2], "5551999990001;") ||
		!strings.Contains(lines[2], ";anuncio;Civic 2021 com garantia;") || strings.Contains(fmt.Sprint(csv), "5551999990002") {
		t.Errorf("export download: %q", csv)
	}
	p.noErrors()
}
