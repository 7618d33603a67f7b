package main

import (
	"fmt"
	"os"
	"path/filepath"

	"github.com/chromedp/chromedp"
)

// writeDocScreenshots seeds a small store and writes the README's pictures
// of the main screens to docs/ (VENDEAI_PANEL_DOCS=1 go test -run
// TestPanelEveryScreen ./cmd/vendeai).
func writeDocScreenshots(p *panel) {
	t := p.t
	dir := filepath.Join("..", "..", "docs")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	for i, nome := range []string{"Auto Center Sul", "Garagem Avenida", "Motors Paulista", "Carros & Cia"} {
		id, token := p.empresa(nome)
		if i < 2 {
			p.connected(id, fmt.Sprintf("552199999%04d", i+10))
		}
		for _, v := range [][]any{{"HO1", "Honda", "Civic", "EXL", 2020, 2021, 115900, 35000, "automatico", "sedan", "Prata"},
			{"CH2", "Chevrolet", "Onix", "LT", 2019, 2019, 62900, 48000, "manual", "hatch", "Branco"},
			{"JE3", "Jeep", "Compass", "Longitude", 2022, 2022, 139900, 21000, "automatico", "suv", "Preto"},
			{"TO4", "Toyota", "Hilux", "SRV", 2021, 2021, 229900, 60000, "automatico", "picape", "Cinza"}} {
			p.api("POST", fmt.Sprintf("/api/empresas/%d/veiculos", id), token, map[string]any{"codigo": v[0], "marca": v[1], "modelo": v[2],
				"versao": v[3], "anoFabricacao": v[4], "anoModelo": v[5], "preco": v[6], "km": v[7], "combustivel": "flex",
				"cambio": v[8], "categoria": v[9], "cor": v[10]})
		}
		if i == 0 {
			for _, m := range [][2]string{{"5511987654321", "oi, tem SUV automático até 150 mil?"}, {"5521988887777", "quero ver o civic"}} {
				p.api("POST", fmt.Sprintf("/api/sandbox/%d/inbound", id), p.admin, map[string]any{"from": m[0], "text": m[1], "pushName": "Cliente " + m[0][9:]})
			}
		}
	}
	p.api("POST", "/api/bot/connect/4", p.admin, nil) // one waiting for its QR to be read
	shoot := func(name, path, ready string, w, h int64) {
		p.must(chromedp.EmulateViewport(w, h))
		p.open(path, ready)
		p.eval(`new Promise(r => setTimeout(r, 600))`) // bot replies and live updates settle
		shot, err := chromedp.Run(p.ctx, chromedp.FullScreenshot(100))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, name+".png"), shot, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	first := 2 // the first empresa seeded here (the test made one before)
	base := fmt.Sprintf("/painel/empresas/%d", first)
	shoot("painel-empresas", "/painel/empresas", `document.querySelectorAll('tr[data-empresa]').length >= 5`, 1200, 700)
	shoot("painel-visao-geral", base, `!!document.querySelector('.numeros dd')`, 1200, 620)
	shoot("painel-whatsapp-qr", "/painel/empresas/4/whatsapp", `!!document.querySelector('figure.qr img')`, 1200, 760)
	shoot("painel-estoque", base+"/estoque", `document.querySelectorAll('table.estoque tbody tr').length === 4`, 1200, 900)
	shoot("painel-conversa", base+"/conversas/5511987654321", `document.querySelectorAll('.mensagens .msg').length >= 2`, 1200, 900)
	shoot("painel-celular-conversas", base+"/conversas", `!!document.querySelector('ul.leads a.lead')`, 360, 740)
	p.must(chromedp.EmulateViewport(viewportWidth, viewportHeight))
}
