package leadcsv_test

import (
	"bytes"
	"encoding/csv"
	"strings"
	"testing"
	"time"

	"vendeai/app"
	"vendeai/app/leadcsv"
)

func TestEncode(t *testing.T) {
	t0 := time.Date(2026, 6, 1, 15, 30, 0, 0, time.UTC)
	wrote := t0.Add(time.Hour)
	leads := []*app.Lead{
		{Phone: "5521987654321", JID: "552187654321@s.whatsapp.net", Nome: `=HYPERLINK("http://evil.example";"x")`, Status: app.LeadAgendado,
			Origem:          &app.Origem{Tipo: app.OrigemAnuncio, Titulo: "+Civic; 2021 \"top\"", URL: "https://fb.me/x", AnuncioID: "120210"},
			PrimeiroContato: t0, UltimoContato: wrote, UltimaMensagemCliente: &wrote, Mensagens: 4, Interesse: []int64{3, 5},
			Visita: &app.Visita{Dia: "sábado", Periodo: "manhã", Veiculo: "Civic"}, BotAtivo: true},
		{Phone: "5511912345678", Nome: "-1.500,00", Status: app.LeadNovo, Origem: &app.Origem{Tipo: app.OrigemLoja},
			PrimeiroContato: t0, UltimoContato: t0},
		{Phone: "5511955554444", Nome: "@Bia\tx", Status: app.LeadNovo, Origem: &app.Origem{Tipo: app.OrigemLink, Texto: "-Olá, vim pelo site"},
			PrimeiroContato: t0, UltimoContato: t0},
	}
	var buf bytes.Buffer
	if err := leadcsv.Encode(&buf, leads); err != nil {
		t.Fatal(err)
	}
	out := buf.Bytes()
	if !bytes.HasPrefix(out, []byte{0xEF, 0xBB, 0xBF}) || !bytes.Contains(out, []byte("\r\n")) {
		t.Fatalf("no BOM or CRLF: %q", out[:40])
	}
	r := csv.NewReader(bytes.NewReader(out[3:]))
	r.Comma = ';'
	rows, err := r.ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 4 || strings.Join(rows[0], ";") != strings.Join(leadcsv.Header, ";") {
		t.Fatalf("rows = %q", rows)
	}
	col := func(row int, name string) string {
		for i, h := range leadcsv.Header {
			if h == name {
				return rows[row][i]
			}
		}
		t.Fatalf("no column %s", name)
		return ""
	}
	for _, c := range []struct {
		row       int
		col, want string
	}{
		{1, "telefone", "5521987654321"}, {1, "whatsapp", "552187654321"}, {1, "nome", `'=HYPERLINK("http://evil.example";"x")`},
		{1, "origem", "anuncio"}, {1, "anuncio_titulo", "'+Civic; 2021 \"top\""}, {1, "anuncio_id", "120210"},
		{1, "primeiro_contato", "01/06/2026 12:30"}, {1, "ultima_mensagem_cliente", "01/06/2026 13:30"}, {1, "interesse", "3|5"},
		{1, "visita", "sábado manhã (Civic)"}, {1, "bot_ativo", "true"}, {1, "mensagens", "4"},
		{2, "nome", "-1.500,00"}, {2, "origem", "loja"}, {2, "whatsapp", ""}, {2, "ultima_mensagem_cliente", ""},
		{3, "nome", "'@Bia\tx"}, {3, "link_texto", "'-Olá, vim pelo site"},
	} {
		if got := col(c.row, c.col); got != c.want {
			t.Errorf("row %d %s = %q, want %q", c.row, c.col, got, c.want)
		}
	}
}
