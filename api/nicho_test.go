package api_test

import (
	"io"
	"net/http"
	"strings"
	"testing"
)

func motoBody(codigo, categoria string, cc int) map[string]any {
	return map[string]any{"codigo": codigo, "marca": "Honda", "modelo": "CG 160", "versao": "Fan",
		"anoFabricacao": 2022, "anoModelo": 2022, "preco": 16900, "km": 12000, "combustivel": "flex",
		"cambio": "manual", "categoria": categoria, "cor": "Vermelha", "cilindradas": cc}
}

// TestNichoMotos: the inventory's categories, filters and CSV follow the
// empresa's niche.
func TestNichoMotos(t *testing.T) {
	e := newEnv(t)
	_, carToken := e.createEmpresa("Loja de Carros")
	r := e.do("POST", "/api/empresas", adminToken, map[string]any{"nome": "Moto Point", "nicho": "motos"})
	expectStatus(t, r, http.StatusCreated, "create motos empresa")
	motoToken := r.str("token")
	motos := "/api/empresas/2/veiculos"

	r = e.do("POST", motos, motoToken, motoBody("M1", "Scooter", 160))
	expectStatus(t, r, http.StatusCreated, "moto")
	if v := r.body["veiculo"].(map[string]any); v["categoria"] != "scooter" || v["cilindradas"] != float64(160) {
		t.Errorf("moto %v", v)
	}
	expectStatus(t, e.do("POST", motos, motoToken, motoBody("M2", "sport", 300)), http.StatusCreated, "synonym of esportiva")
	expectError(t, e.do("POST", motos, motoToken, motoBody("M3", "sedan", 160)), http.StatusBadRequest, "invalid", "car category on motos")
	expectError(t, e.do("POST", motos, motoToken, motoBody("M4", "street", 99999)), http.StatusBadRequest, "invalid", "absurd cilindradas")
	expectError(t, e.do("POST", "/api/empresas/1/veiculos", carToken, motoBody("C1", "scooter", 160)), http.StatusBadRequest, "invalid", "moto category on cars")

	if r := e.do("GET", motos+"?categoria=scooter&cilindradasMin=150&cilindradasMax=170", motoToken, nil); r.body["total"] != float64(1) {
		t.Errorf("scooter 150-170 cc: %s", r.raw)
	}
	if r := e.do("GET", motos+"?cilindradasMin=200", motoToken, nil); r.body["total"] != float64(1) {
		t.Errorf("200 cc and up: %s", r.raw)
	}
	expectError(t, e.do("GET", "/api/empresas/1/veiculos?categoria=scooter", carToken, nil), http.StatusBadRequest, "invalid", "moto filter on cars")
	expectError(t, e.do("GET", motos+"?cilindradasMin=-1", motoToken, nil), http.StatusBadRequest, "invalid", "negative cc")

	csv := "marca;modelo;anoFabricacao;anoModelo;preco;combustivel;cambio;categoria;cilindradas\n" +
		"Yamaha;NMax;2021;2021;17500;flex;automatico;scooter;155\n"
	r = e.upload(motos+"/import", motoToken, "text/csv", []byte(csv))
	expectStatus(t, r, http.StatusOK, "moto CSV")
	r = e.upload("/api/empresas/1/veiculos/import", carToken, "text/csv", []byte(csv))
	expectError(t, r, http.StatusUnprocessableEntity, "invalid_csv", "moto CSV on cars")

	req, _ := http.NewRequest("GET", e.server.URL+motos+"/export", nil)
	req.Header.Set("Authorization", "Bearer "+motoToken)
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	raw, err := io.ReadAll(res.Body)
	if err != nil {
		t.Fatal(err)
	}
	if first := strings.SplitN(string(raw), "\r\n", 2)[0]; !strings.HasSuffix(first, ";cilindradas") || !strings.Contains(string(raw), ";155\r\n") {
		t.Errorf("moto export: %q", raw)
	}
	expectError(t, e.do("PATCH", "/api/empresas/2", motoToken, map[string]any{"nicho": "barcos"}), http.StatusBadRequest, "invalid", "unknown niche")
}

// TestLojaConfig: the store information, as a block and as flat fields.
func TestLojaConfig(t *testing.T) {
	e := newEnv(t)
	_, token := e.createEmpresa("Loja A")
	r := e.do("PUT", "/api/bot/config/1", token, map[string]any{"loja": map[string]any{"telefone": "(21) 3333-4444",
		"site": "https://loja.example", "horario": "bloco"}, "endereco": "Av. Brasil, 1000", "horario": "Seg a sex 8h-18h"})
	expectStatus(t, r, http.StatusOK, "put loja")
	loja := r.body["loja"].(map[string]any)
	if loja["endereco"] != "Av. Brasil, 1000" || loja["horario"] != "Seg a sex 8h-18h" || loja["telefone"] != "(21) 3333-4444" || loja["site"] != "https://loja.example" {
		t.Errorf("loja %v", loja)
	}
	r = e.do("PUT", "/api/bot/config/1", token, map[string]any{"formasPagamento": "Pix e cartão"})
	if loja := r.body["loja"].(map[string]any); loja["formasPagamento"] != "Pix e cartão" || loja["endereco"] != "Av. Brasil, 1000" {
		t.Errorf("a flat field must change only itself: %v", loja)
	}
	expectError(t, e.do("PUT", "/api/bot/config/1", token, map[string]any{"loja": map[string]any{"site": "javascript:alert(1)"}}),
		http.StatusBadRequest, "invalid", "bad site")
	expectError(t, e.do("PUT", "/api/bot/config/1", token, map[string]any{"endereco": strings.Repeat("a", 501)}),
		http.StatusBadRequest, "invalid", "long endereco")
	if r := e.do("GET", "/api/bot/config/1", token, nil); r.body["loja"].(map[string]any)["endereco"] != "Av. Brasil, 1000" {
		t.Errorf("config after bad puts: %s", r.raw)
	}
}
