package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestPanelEstoqueImportAndEdit: a CSV with bad rows lists them (linha,
// campo, erro) and imports nothing; a good one fills the table in
// Brazilian formats; editing shows the API's message beside its field;
// status changes inline.
func TestPanelEstoqueImportAndEdit(t *testing.T) {
	p := newPanel(t)
	id, token := p.empresa("Loja Estoque")
	p.login(token)
	p.open(fmt.Sprintf("/painel/empresas/%d/estoque", id), `!!document.querySelector('table.estoque')`)
	p.waitText("table.estoque", "Nenhum veículo")

	dir := t.TempDir()
	header := "codigo;marca;modelo;versao;anoFabricacao;anoModelo;preco;km;combustivel;cambio;categoria;cor\n"
	bad := filepath.Join(dir, "ruim.csv")
	os.WriteFile(bad, []byte(header+
		"A1;Honda;Civic;EXL;2020;2021;R$ 115.900,00;35.000;flex;automatico;sedan;Prata\n"+
		"A2;;Onix;LT;2019;2019;60000;10000;flex;manual;hatch;Branco\n"+
		"A3;Fiat;Mobi;Like;2022;2023;-5;0;flex;voador;hatch;Azul\n"), 0o644)
	p.must(chromedpUpload("#imp-arquivo", bad))
	p.wait(`!!document.querySelector('table.erros-csv tbody tr')`)
	rows := p.eval(`[...document.querySelectorAll('table.erros-csv tbody tr')].map(r => [...r.cells].map(c => c.textContent).join('|'))`).([]any)
	joined := fmt.Sprint(rows)
	for _, want := range []string{"3|marca|", "4|preco|", "4|cambio|"} {
		if !strings.Contains(joined, want) {
			t.Errorf("erros table %v lacks %q", rows, want)
		}
	}
	p.waitText("table.estoque", "Nenhum veículo")
	p.screen("estoque-erros-csv")

	good := filepath.Join(dir, "bom.csv")
	os.WriteFile(good, []byte(header+
		"A1;Honda;Civic;EXL;2020;2021;R$ 115.900,00;35.000;flex;automatico;sedan;Prata\n"+
		"A2;Chevrolet;Onix;LT;2019;2019;60000;10000;flex;manual;hatch;Branco\n"), 0o644)
	p.must(chromedpUpload("#imp-arquivo", good))
	p.waitText(".aviso", "2 novos")
	p.waitText("table.estoque", "R$\u00a0115.900,00")
	p.waitText("table.estoque", "35.000 km")
	p.screen("estoque")

	// Filters live in the address.
	p.fill("#f-q", "civic")
	p.wait(`location.search.includes('q=civic') && document.querySelectorAll('table.estoque tbody tr').length === 1`)
	p.open(fmt.Sprintf("/painel/empresas/%d/estoque", id), `document.querySelectorAll('table.estoque tbody tr').length === 2`)

	// Edit: a bad price gets the API's message beside the field.
	p.eval(`[...document.querySelectorAll('table.estoque tbody tr')].find(r => r.textContent.includes('Civic')).querySelector('button').click()`)
	p.wait(`!!document.querySelector('dialog[open] #v-preco')`)
	p.fill("#v-preco", "0")
	p.fill("#v-cor", "Preto")
	p.click("dialog[open] button[type=submit]")
	p.waitText("#v-preco-erro", "preço deve ser maior que zero")
	if p.eval(`document.querySelector('#v-preco').getAttribute('aria-invalid')`) != "true" {
		t.Error("the price field is not marked invalid")
	}
	p.screen("estoque-editar-erro")
	p.fill("#v-preco", "109.900,00")
	p.click("dialog[open] button[type=submit]")
	p.wait(`!document.querySelector('dialog[open]')`)
	p.waitText("table.estoque", "R$\u00a0109.900,00")

	// Status inline.
	p.eval(`(() => { const s = [...document.querySelectorAll('table.estoque tbody tr')].find(r => r.textContent.includes('Onix')).querySelector('select'); s.value = 'vendido'; s.dispatchEvent(new Event('change', {bubbles: true})); })()`)
	p.wait(`[...document.querySelectorAll('table.estoque tbody tr')].find(r => r.textContent.includes('Onix')).querySelector('select').className === 'vst-vendido'`)
	list := p.api("GET", fmt.Sprintf("/api/empresas/%d/veiculos?status=vendido", id), token, nil)
	if list["total"] != float64(1) {
		t.Errorf("after the inline change, vendidos: %v", list["total"])
	}
	if v := p.api("GET", fmt.Sprintf("/api/empresas/%d/veiculos?q=civic", id), token, nil)["veiculos"].([]any)[0].(map[string]any); v["preco"] != 109900.0 || v["cor"] != "Preto" {
		t.Errorf("edited vehicle %v", v)
	}
	p.noErrors()
}
