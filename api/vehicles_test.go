package api_test

import (
	"bytes"
	"io"
	"mime/multipart"
	"net/http"
	"strings"
	"testing"
)

func carro(codigo, modelo string, preco float64) map[string]any {
	return map[string]any{"codigo": codigo, "marca": "Honda", "modelo": modelo, "versao": "EXL",
		"anoFabricacao": 2020, "anoModelo": 2021, "preco": preco, "km": 35000,
		"combustivel": "Flex", "cambio": "Automático", "categoria": "SEDAN", "cor": "Prata",
		"fotos": []string{"https://fotos.example/1.jpg"}}
}

func (e *env) upload(path, token, contentType string, body []byte) response {
	e.t.Helper()
	req, _ := http.NewRequest("POST", e.server.URL+path, bytes.NewReader(body))
	req.Header.Set("Authorization", "Bearer "+token)
	req.Header.Set("Content-Type", contentType)
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		e.t.Fatal(err)
	}
	defer res.Body.Close()
	raw, _ := io.ReadAll(res.Body)
	r := response{status: res.StatusCode, raw: string(raw)}
	jsonUnmarshal(raw, &r.body)
	return r
}

func TestVehicleCRUD(t *testing.T) {
	e := newEnv(t)
	_, token := e.createEmpresa("Loja A")
	base := "/api/empresas/1/veiculos"

	r := e.do("POST", base, token, carro("A1", "Civic", 115900.5))
	expectStatus(t, r, http.StatusCreated, "create")
	v := r.body["veiculo"].(map[string]any)
	if v["cambio"] != "automatico" || v["categoria"] != "sedan" || v["combustivel"] != "flex" || v["preco"] != 115900.5 || v["status"] != "disponivel" {
		t.Errorf("created %v", v)
	}
	id := itoa(int(v["id"].(float64)))
	expectError(t, e.do("POST", base, token, carro("A1", "City", 90000)), http.StatusConflict, "conflict", "duplicate codigo")

	r = e.do("PATCH", base+"/"+id, token, map[string]any{"status": "vendido", "id": 999})
	expectStatus(t, r, http.StatusOK, "patch")
	if v := r.body["veiculo"].(map[string]any); v["status"] != "vendido" || v["modelo"] != "Civic" || itoa(int(v["id"].(float64))) != id {
		t.Errorf("patched %v", v)
	}
	// A sold car leaves the default listing (disponivel) but not "todos".
	if r := e.do("GET", base, token, nil); r.body["total"] != float64(0) {
		t.Errorf("default listing after sale: %s", r.raw)
	}
	if r := e.do("GET", base+"?status=todos", token, nil); r.body["total"] != float64(1) {
		t.Errorf("status=todos: %s", r.raw)
	}

	whole := carro("A1", "Civic Touring", 150000)
	r = e.do("PUT", base+"/"+id, token, whole)
	expectStatus(t, r, http.StatusOK, "put")
	if v := r.body["veiculo"].(map[string]any); v["modelo"] != "Civic Touring" || v["status"] != "disponivel" {
		t.Errorf("put %v", v)
	}
	expectError(t, e.do("PUT", base+"/"+id, token, map[string]any{"marca": "Honda"}), http.StatusBadRequest, "invalid", "partial put")

	for name, body := range map[string]map[string]any{
		"no marca":       {"marca": ""},
		"old year":       {"anoFabricacao": 1900, "anoModelo": 1900},
		"model year gap": {"anoFabricacao": 2018, "anoModelo": 2021},
		"zero price":     {"preco": 0},
		"negative km":    {"km": -1},
		"bad cambio":     {"cambio": "semi"},
		"bad foto":       {"fotos": []string{"ftp://x"}},
		"bad status":     {"status": "perdido"},
	} {
		b := carro("", "Fit", 50000)
		for k, v := range body {
			b[k] = v
		}
		r := e.do("POST", base, token, b)
		if r.status != http.StatusBadRequest || r.body["success"] != false {
			t.Errorf("%s: %d %s", name, r.status, r.raw)
		}
	}
	expectError(t, e.do("POST", base, token, map[string]any{"preco": "caro"}), http.StatusBadRequest, "invalid_json", "price as text")
	for _, bad := range []string{"abc", "0", "-3", "1.5", "99999999999999999999"} {
		expectError(t, e.do("GET", base+"/"+bad, token, nil), http.StatusBadRequest, "invalid_id", "veiculoId "+bad)
	}
	expectError(t, e.do("GET", base+"/999", token, nil), http.StatusNotFound, "not_found", "unknown vehicle")
	expectError(t, e.do("GET", base+"?ordem=cor", token, nil), http.StatusBadRequest, "invalid", "bad ordem")
	expectError(t, e.do("GET", base+"?precoMin=abc", token, nil), http.StatusBadRequest, "invalid", "bad precoMin")

	expectStatus(t, e.do("DELETE", base+"/"+id, token, nil), http.StatusOK, "delete")
	expectError(t, e.do("DELETE", base+"/"+id, token, nil), http.StatusNotFound, "not_found", "delete twice")
}

const csvFile = "\uFEFFcodigo;marca;modelo;versao;ano_fabricacao;Ano Modelo;preço;km;combustível;câmbio;categoria;cor;fotos;status\r\n" +
	"C1;Honda;Civic;EXL;2020;2021;R$ 115.900,00;35.000;Flex;Automático;Sedã;Prata;https://f.example/1.jpg|https://f.example/2.jpg;disponivel\r\n" +
	"C2;Jeep;Compass;Longitude;2021;2021;139.900;42.000;Diesel;automatico;SUV;Branco;;reservado\r\n"

func TestImportExportRoundTrip(t *testing.T) {
	e := newEnv(t)
	_, token := e.createEmpresa("Loja A")
	base := "/api/empresas/1/veiculos"

	r := e.upload(base+"/import", token, "text/csv", []byte(csvFile))
	expectStatus(t, r, http.StatusOK, "import")
	if r.body["inseridos"] != float64(2) || r.body["atualizados"] != float64(0) {
		t.Errorf("import %s", r.raw)
	}
	list := e.do("GET", base+"?status=todos&ordem=preco", token, nil)
	vs := list.body["veiculos"].([]any)
	if len(vs) != 2 || vs[0].(map[string]any)["preco"] != 115900.0 || vs[1].(map[string]any)["km"] != 42000.0 {
		t.Fatalf("after import %s", list.raw)
	}

	// Export, then import the export as a multipart upload: nothing changes.
	req, _ := http.NewRequest("GET", e.server.URL+base+"/export", nil)
	req.Header.Set("Authorization", "Bearer "+token)
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	exported, _ := io.ReadAll(res.Body)
	res.Body.Close()
	if res.StatusCode != 200 || !bytes.HasPrefix(exported, []byte("\uFEFFcodigo;marca;modelo")) ||
		!strings.Contains(res.Header.Get("Content-Disposition"), "attachment") {
		t.Fatalf("export %d %q", res.StatusCode, exported[:min(60, len(exported))])
	}
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	fw, _ := mw.CreateFormFile("arquivo", "estoque.csv")
	fw.Write(exported)
	mw.Close()
	r = e.upload(base+"/import", token, mw.FormDataContentType(), body.Bytes())
	expectStatus(t, r, http.StatusOK, "re-import")
	if r.body["inseridos"] != float64(0) || r.body["atualizados"] != float64(2) {
		t.Errorf("re-import %s", r.raw)
	}
	again := e.do("GET", base+"?status=todos&ordem=preco", token, nil)
	if again.raw != list.raw {
		t.Errorf("round trip changed the inventory:\nbefore %s\nafter  %s", list.raw, again.raw)
	}

	// Replace mode: only what the file holds remains.
	one := "codigo;marca;modelo;anoFabricacao;anoModelo;preco;combustivel;cambio;categoria\nC9;Fiat;Mobi;2022;2023;59900;flex;manual;hatch\n"
	r = e.upload(base+"/import?modo=substituir", token, "text/csv", []byte(one))
	if r.body["inseridos"] != float64(1) || r.body["removidos"] != float64(2) {
		t.Errorf("replace %s", r.raw)
	}
	expectError(t, e.upload(base+"/import?modo=apagar", token, "text/csv", []byte(one)), http.StatusBadRequest, "invalid", "bad modo")
}

func TestImportRejectsBadRowsAndWritesNothing(t *testing.T) {
	e := newEnv(t)
	_, token := e.createEmpresa("Loja A")
	base := "/api/empresas/1/veiculos"
	e.upload(base+"/import", token, "text/csv", []byte(csvFile))

	bad := "codigo;marca;modelo;anoFabricacao;anoModelo;preco;combustivel;cambio;categoria\n" +
		"N1;Fiat;Mobi;2022;2023;59900;flex;manual;hatch\n" +
		"N2;Fiat;Argo;2022;2023;caro;flex;manual;hatch\n" +
		"N3;;Pulse;2022;2023;99900;flex;manual;suv\n" +
		"N4;VW;Polo;2022;2023;89900;flex;manual;hatch\n" +
		"N5;VW;Nivus;2022;2030;109900;flex;manual;suv\n"
	r := e.upload(base+"/import", token, "text/csv", []byte(bad))
	expectError(t, r, http.StatusUnprocessableEntity, "invalid_csv", "bad rows")
	erros, _ := r.body["erros"].([]any)
	lines := map[float64]bool{}
	for _, er := range erros {
		m := er.(map[string]any)
		lines[m["linha"].(float64)] = true
		if m["campo"] == "" || m["erro"] == "" {
			t.Errorf("row error without campo or erro: %v", m)
		}
	}
	if len(lines) != 3 || !lines[3] || !lines[4] || !lines[6] {
		t.Errorf("listed lines %v, want 3, 4 and 6: %s", lines, r.raw)
	}
	if r := e.do("GET", base+"?status=todos", token, nil); r.body["total"] != float64(2) {
		t.Errorf("inventory changed by a refused import: %s", r.raw)
	}
	expectError(t, e.upload(base+"/import", token, "text/csv", nil), http.StatusUnprocessableEntity, "invalid_csv", "empty file")
	huge := bytes.Repeat([]byte("x"), 21<<20)
	expectError(t, e.upload(base+"/import", token, "text/csv", huge), http.StatusRequestEntityTooLarge, "too_large", "21 MiB")
}

// TestInventoriesAreIsolated: two empresas with the same codigos never see
// each other's vehicles, whatever the route or token.
func TestInventoriesAreIsolated(t *testing.T) {
	e := newEnv(t)
	_, tokenA := e.createEmpresa("Loja A")
	_, tokenB := e.createEmpresa("Loja B")
	ra := e.do("POST", "/api/empresas/1/veiculos", tokenA, carro("X1", "Civic", 100000))
	rb := e.do("POST", "/api/empresas/2/veiculos", tokenB, carro("X1", "HR-V", 130000))
	expectStatus(t, rb, http.StatusCreated, "same codigo in another empresa")
	idA := itoa(int(ra.body["veiculo"].(map[string]any)["id"].(float64)))

	if r := e.do("GET", "/api/empresas/2/veiculos?q=civic", tokenB, nil); r.body["total"] != float64(0) {
		t.Errorf("B sees A's Civic: %s", r.raw)
	}
	if r := e.do("GET", "/api/empresas/2/veiculos", adminToken, nil); !strings.Contains(r.raw, "HR-V") || strings.Contains(r.raw, "Civic") {
		t.Errorf("admin listing of B: %s", r.raw)
	}
	for _, m := range []string{"GET", "PATCH", "DELETE"} {
		expectError(t, e.do(m, "/api/empresas/1/veiculos/"+idA, tokenB, map[string]any{"status": "vendido"}), http.StatusForbidden, "forbidden", "B on A's vehicle "+m)
	}
	// Vehicle ids are per empresa: B's id 1 is B's own car, never A's.
	if r := e.do("GET", "/api/empresas/2/veiculos/"+idA, tokenB, nil); strings.Contains(r.raw, "Civic") {
		t.Errorf("B reached A's vehicle by id: %s", r.raw)
	}
	expectError(t, e.upload("/api/empresas/1/veiculos/import?modo=substituir", tokenB, "text/csv", []byte(csvFile)),
		http.StatusForbidden, "forbidden", "B imports into A")
	if r := e.do("GET", "/api/empresas/1/veiculos", tokenA, nil); r.body["total"] != float64(1) || !strings.Contains(r.raw, "Civic") {
		t.Errorf("A's inventory after B's attempts: %s", r.raw)
	}
}
