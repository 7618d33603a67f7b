package api_test

import (
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

func TestCreateEmpresaValidates(t *testing.T) {
	e := newEnv(t)
	for name, body := range map[string]any{
		"nome missing":   map[string]any{},
		"nome blank":     map[string]any{"nome": "   "},
		"nome too long":  map[string]any{"nome": strings.Repeat("a", 121)},
		"bad pausa":      map[string]any{"nome": "X", "pausaHumanoHoras": 0},
		"negative id":    map[string]any{"nome": "X", "id": -1},
		"huge id":        map[string]any{"nome": "X", "id": 99999999999},
		"nome not text":  map[string]any{"nome": 12},
		"id fractional":  map[string]any{"nome": "X", "id": 1.5},
		"botAtivo text":  map[string]any{"nome": "X", "botAtivo": "sim"},
		"malformed json": `{"nome": "X"`,
		"array body":     `[1,2]`,
		"empty body":     ``,
	} {
		r := e.do("POST", "/api/empresas", adminToken, body)
		if r.status != http.StatusBadRequest || r.body["success"] != false || r.str("error") == "" {
			t.Errorf("%s: %d %s, want 400 with a message", name, r.status, r.raw)
		}
	}
	if r := e.do("POST", "/api/empresas", adminToken, map[string]any{"nome": 12}); !strings.Contains(r.str("error"), "nome") {
		t.Errorf("a wrong type should name the field: %s", r.raw)
	}
	if r := e.do("GET", "/api/empresas", adminToken, nil); r.body["total"] != float64(0) {
		t.Errorf("bad input created something: %s", r.raw)
	}
	entries, _ := os.ReadDir(filepath.Join(e.dataDir, "tenants"))
	if len(entries) != 0 {
		t.Errorf("bad input left %d tenant folders", len(entries))
	}
}

func TestCreateEmpresaWithIDAndDefaults(t *testing.T) {
	e := newEnv(t)
	r := e.do("POST", "/api/empresas", adminToken, map[string]any{"nome": "Loja RJ", "id": 7, "campoDesconhecido": 1})
	expectStatus(t, r, http.StatusCreated, "create")
	emp := r.body["empresa"].(map[string]any)
	if emp["id"] != float64(7) || emp["botAtivo"] != true || emp["nicho"] != "veiculos" || emp["pausaHumanoHoras"] != float64(24) {
		t.Errorf("created %v", emp)
	}
	if !strings.HasPrefix(r.str("token"), "vdemp_") {
		t.Errorf("token %q", r.str("token"))
	}
	if _, err := os.Stat(filepath.Join(e.dataDir, "tenants", "empresa_7", "empresa.db")); err != nil {
		t.Errorf("tenant DB: %v", err)
	}
	expectError(t, e.do("POST", "/api/empresas", adminToken, map[string]any{"nome": "Outra", "id": 7}),
		http.StatusConflict, "conflict", "id in use")
	// The empresa token sees its own empresa, and only that.
	own := e.do("GET", "/api/empresas/7", r.str("token"), nil)
	expectStatus(t, own, http.StatusOK, "own get")
	if got := own.body["empresa"].(map[string]any); got["nome"] != "Loja RJ" || got["criadoEm"] == nil {
		t.Errorf("own get %s", own.raw)
	}
}

func TestPatchEmpresa(t *testing.T) {
	e := newEnv(t)
	id, token := e.createEmpresa("Loja A")
	path := "/api/empresas/" + itoa(id)
	r := e.do("PATCH", path, token, map[string]any{"nome": "Loja A Centro", "botAtivo": false, "mensagemBoasVindas": "Olá!"})
	expectStatus(t, r, http.StatusOK, "patch")
	emp := r.body["empresa"].(map[string]any)
	if emp["nome"] != "Loja A Centro" || emp["botAtivo"] != false || emp["mensagemBoasVindas"] != "Olá!" {
		t.Errorf("patched %v", emp)
	}
	expectError(t, e.do("PATCH", path, token, map[string]any{"nome": ""}), http.StatusBadRequest, "invalid", "empty nome")
	expectError(t, e.do("PATCH", path, token, map[string]any{"pausaHumanoHoras": "x"}), http.StatusBadRequest, "invalid_json", "wrong type")
	if got := e.do("GET", path, token, nil).body["empresa"].(map[string]any); got["nome"] != "Loja A Centro" {
		t.Errorf("bad patch changed the empresa: %v", got)
	}
}

func TestDeleteKeepsDataInRemoved(t *testing.T) {
	e := newEnv(t)
	id, token := e.createEmpresa("Loja A")
	r := e.do("DELETE", "/api/empresas/"+itoa(id), adminToken, nil)
	expectStatus(t, r, http.StatusOK, "delete")
	if _, err := os.Stat(filepath.Join(e.dataDir, "tenants", "empresa_1")); !os.IsNotExist(err) {
		t.Errorf("tenant folder still in tenants/: %v", err)
	}
	removed, _ := filepath.Glob(filepath.Join(e.dataDir, "removed", "empresa_1-*", "empresa.db"))
	if len(removed) != 1 {
		t.Fatalf("removed folder: %v", removed)
	}
	expectError(t, e.do("GET", "/api/empresas/1", adminToken, nil), http.StatusNotFound, "not_found", "after delete")
	expectError(t, e.do("GET", "/api/empresas/1", token, nil), http.StatusUnauthorized, "unauthorized", "token after delete")
	expectError(t, e.do("DELETE", "/api/empresas/1", adminToken, nil), http.StatusNotFound, "not_found", "delete twice")
	// A new empresa never takes the removed one's id or folder.
	if id2, _ := e.createEmpresa("Loja B"); id2 == id {
		t.Errorf("new empresa reused id %d", id)
	}
}

func TestRotateToken(t *testing.T) {
	e := newEnv(t)
	id, old := e.createEmpresa("Loja A")
	r := e.do("POST", "/api/empresas/"+itoa(id)+"/token", adminToken, nil)
	expectStatus(t, r, http.StatusOK, "rotate")
	fresh := r.str("token")
	if fresh == "" || fresh == old {
		t.Fatalf("new token %q", fresh)
	}
	expectError(t, e.do("GET", "/api/bot/config/1", old, nil), http.StatusUnauthorized, "unauthorized", "old token")
	expectStatus(t, e.do("GET", "/api/bot/config/1", fresh, nil), http.StatusOK, "new token")
	expectError(t, e.do("POST", "/api/empresas/999/token", adminToken, nil), http.StatusNotFound, "not_found", "unknown")
}

func TestToggleAndConfigSurviveRestart(t *testing.T) {
	e := newEnv(t)
	id, token := e.createEmpresa("Loja A")
	r := e.do("POST", "/api/bot/toggle", token, map[string]any{"empresaId": id, "botAtivo": false})
	expectStatus(t, r, http.StatusOK, "toggle")
	if r.body["empresaId"] != float64(id) || r.body["botAtivo"] != false {
		t.Errorf("toggle body %s", r.raw)
	}
	r = e.do("PUT", "/api/bot/config/1", token, map[string]any{
		"mensagemBoasVindas": "Bem-vindo à Loja A!", "mensagemFinanciamento": "Financiamos em 48x.", "pausaHumanoHoras": 12, "nicho": "motos"})
	expectStatus(t, r, http.StatusOK, "put config")

	for name, body := range map[string]any{
		"pausa zero":      map[string]any{"pausaHumanoHoras": 0},
		"pausa too big":   map[string]any{"pausaHumanoHoras": 100000},
		"pausa text":      map[string]any{"pausaHumanoHoras": "12"},
		"change id":       map[string]any{"empresaId": 2},
		"mensagem longa":  map[string]any{"mensagemBoasVindas": strings.Repeat("x", 2001)},
		"toggle no flag":  nil,
		"config is array": `[]`,
	} {
		if name == "toggle no flag" {
			r = e.do("POST", "/api/bot/toggle", token, map[string]any{"empresaId": id})
		} else {
			r = e.do("PUT", "/api/bot/config/1", token, body)
		}
		if r.status != http.StatusBadRequest {
			t.Errorf("%s: %d %s, want 400", name, r.status, r.raw)
		}
	}

	e.reopen()
	r = e.do("GET", "/api/bot/config/1", token, nil)
	expectStatus(t, r, http.StatusOK, "config after restart")
	if r.body["botAtivo"] != false || r.body["pausaHumanoHoras"] != float64(12) || r.body["nicho"] != "motos" ||
		r.body["mensagemBoasVindas"] != "Bem-vindo à Loja A!" || r.body["mensagemFinanciamento"] != "Financiamos em 48x." {
		t.Errorf("after restart: %s", r.raw)
	}
}

func TestBodyLimit(t *testing.T) {
	e := newEnv(t)
	big := `{"nome":"` + strings.Repeat("a", 1<<20) + `"}`
	expectError(t, e.do("POST", "/api/empresas", adminToken, big), http.StatusRequestEntityTooLarge, "too_large", "1 MiB body")
}

func itoa(n int) string { return strconv.Itoa(n) }
