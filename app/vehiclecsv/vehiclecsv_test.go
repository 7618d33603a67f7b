package vehiclecsv_test

import (
	"bytes"
	"errors"
	"reflect"
	"strings"
	"testing"

	"golang.org/x/text/encoding/charmap"

	"vendeai/app"
	"vendeai/app/vehiclecsv"
)

func rowErrors(t *testing.T, err error) []vehiclecsv.RowError {
	t.Helper()
	var e *app.Error
	if !errors.As(err, &e) || e.Code != app.EINVALIDCSV {
		t.Fatalf("err = %v, want invalid_csv", err)
	}
	rs, ok := e.Details.([]vehiclecsv.RowError)
	if !ok {
		t.Fatalf("details = %T, want []RowError", e.Details)
	}
	return rs
}

func TestDecodeSemicolonBOMBrazilianNumbers(t *testing.T) {
	in := "\ufeffCódigo;Marca;Modelo;Versão;Ano_Fabricacao;anoModelo;Preço;KM;Combustível;Câmbio;Categoria;Cor;Fotos;Status;Descrição\r\n" +
		"A1;Honda;HR-V;EXL;2022;2023;R$ 115.900,00;35.000;Flex;Automático;SUV;Prata;https://f.example/1.jpg | https://f.example/2.jpg;Disponível;Único dono\r\n" +
		"A2;Fiat;Strada;Freedom;2021;2021;89.990,90;12.345 km;Álcool;manual;Pickup;Branca;;vendida;\"Cabine dupla; aro 15\"\"\"\r\n" +
		";;;;;;;;;;;;;;\r\n" + // blank rows are skipped
		"A3;Chevrolet;Onix;LT;2020;2021;72000;0;gasolina;Mecânico;Hatchback;;;;\r\n"
	vs, err := vehiclecsv.Decode(strings.NewReader(in))
	if err != nil {
		t.Fatal(err)
	}
	if len(vs) != 3 {
		t.Fatalf("got %d vehicles, want 3", len(vs))
	}
	a1, a2, a3 := vs[0], vs[1], vs[2]
	want1 := &app.Vehicle{Codigo: "A1", Marca: "Honda", Modelo: "HR-V", Versao: "EXL", AnoFabricacao: 2022, AnoModelo: 2023,
		Preco: 11590000, Km: 35000, Combustivel: "flex", Cambio: "automatico", Categoria: "suv", Cor: "Prata",
		Fotos: []string{"https://f.example/1.jpg", "https://f.example/2.jpg"}, Status: "disponivel", Descricao: "Único dono"}
	if !reflect.DeepEqual(a1, want1) {
		t.Errorf("row 1 = %+v\nwant %+v", a1, want1)
	}
	if a2.Preco != 8999090 || a2.Km != 12345 || a2.Combustivel != "etanol" || a2.Categoria != "picape" ||
		a2.Status != "vendido" || a2.Descricao != `Cabine dupla; aro 15"` || len(a2.Fotos) != 0 {
		t.Errorf("row 2 = %+v", a2)
	}
	if a3.Preco != 7200000 || a3.Cambio != "manual" || a3.Categoria != "hatch" || a3.Status != "disponivel" || a3.Km != 0 {
		t.Errorf("row 3 = %+v", a3)
	}
}

func TestDecodeCommaQuotedAndAnoColumn(t *testing.T) {
	in := "sku,fabricante,modelo,ano,valor,quilometragem,combustivel,transmissao,carroceria,extra\n" +
		"X9,Toyota,Corolla,2020/2021,\"R$ 115.900,50\",\"35.000\",Híbrido,CVT,Sedã,ignorada\n" +
		"X10,Toyota,Yaris,2022,\"80.000\",0,flex,automática,hatch,\n"
	vs, err := vehiclecsv.Decode(strings.NewReader(in))
	if err != nil {
		t.Fatal(err)
	}
	if len(vs) != 2 || vs[0].Codigo != "X9" || vs[0].AnoFabricacao != 2020 || vs[0].AnoModelo != 2021 ||
		vs[0].Preco != 11590050 || vs[0].Km != 35000 || vs[0].Combustivel != "hibrido" || vs[0].Categoria != "sedan" ||
		vs[1].AnoFabricacao != 2022 || vs[1].AnoModelo != 2022 || vs[1].Preco != 8000000 || vs[1].Cambio != "automatico" {
		t.Errorf("vehicles = %+v %+v", vs[0], vs[1])
	}
}

func TestDecodeWindows1252(t *testing.T) {
	utf := "marca;modelo;anoFabricacao;anoModelo;preco;combustivel;cambio;categoria;descricao\r\n" +
		"Citroën;C3;2019;2020;55.000;Flex;Automático;Hatch;Revisões em dia\r\n"
	in, err := charmap.Windows1252.NewEncoder().String(utf)
	if err != nil {
		t.Fatal(err)
	}
	vs, err := vehiclecsv.Decode(strings.NewReader(in))
	if err != nil {
		t.Fatal(err)
	}
	if vs[0].Marca != "Citroën" || vs[0].Cambio != "automatico" || vs[0].Descricao != "Revisões em dia" {
		t.Errorf("vehicle = %+v", vs[0])
	}
}

func TestDecodeThreeBadRowsAllListed(t *testing.T) {
	in := "codigo;marca;modelo;anoFabricacao;anoModelo;preco;km;combustivel;cambio;categoria\n" +
		"G1;Fiat;Argo;2022;2023;70.000;10;flex;manual;hatch\n" +
		"B1;Fiat;Mobi;2022;2023;dez mil;10;flex;manual;hatch\n" + // line 3: preco
		"G2;Fiat;Cronos;2022;2022;80.000;0;flex;manual;sedan\n" +
		"B2;;Toro;2022;2025;90.000;0;diesel;automatico;picape\n" + // line 5: marca and anoModelo
		"G3;Fiat;Pulse;2023;2023;95.000;0;flex;cvt;suv\n" +
		"G1;Fiat;Fastback;2023;2023;120.000;0;flex;foguete;suv\n" // line 7: codigo repeated, cambio
	_, err := vehiclecsv.Decode(strings.NewReader(in))
	rs := rowErrors(t, err)
	want := []vehiclecsv.RowError{
		{Linha: 3, Campo: "preco"}, {Linha: 5, Campo: "marca"}, {Linha: 5, Campo: "anoModelo"},
		{Linha: 7, Campo: "cambio"}, {Linha: 7, Campo: "codigo"},
	}
	if len(rs) != len(want) {
		t.Fatalf("row errors = %+v, want %d", rs, len(want))
	}
	for i, w := range want {
		if rs[i].Linha != w.Linha || rs[i].Campo != w.Campo || rs[i].Erro == "" {
			t.Errorf("error %d = %+v, want line %d field %s", i, rs[i], w.Linha, w.Campo)
		}
	}
	if msg := app.ErrorMessage(err); !strings.Contains(msg, "3 linhas") {
		t.Errorf("message = %q, want it to count 3 rows", msg)
	}
}

func TestDecodeListsAtMost100Errors(t *testing.T) {
	var b strings.Builder
	b.WriteString("marca;modelo;anoFabricacao;anoModelo;preco;combustivel;cambio;categoria\n")
	for i := 0; i < 150; i++ {
		b.WriteString("Fiat;Uno;2010;2010;0;flex;manual;hatch\n")
	}
	_, err := vehiclecsv.Decode(strings.NewReader(b.String()))
	if rs := rowErrors(t, err); len(rs) != vehiclecsv.MaxListedErrors || rs[99].Linha != 101 {
		t.Errorf("listed %d errors (last %+v), want 100", len(rs), rs[len(rs)-1])
	}
	if !strings.Contains(app.ErrorMessage(err), "150 linhas") {
		t.Errorf("message = %q", app.ErrorMessage(err))
	}
}

func TestDecodeHeaderProblems(t *testing.T) {
	_, err := vehiclecsv.Decode(strings.NewReader("marca;modelo;preco;Marca\nFiat;Uno;1000;Fiat\n"))
	rs := rowErrors(t, err)
	fields := map[string]bool{}
	for _, r := range rs {
		fields[r.Campo] = r.Linha == 1
	}
	for _, f := range []string{"marca", "anoFabricacao", "anoModelo", "combustivel", "cambio", "categoria"} {
		if !fields[f] {
			t.Errorf("no header error for %s in %+v", f, rs)
		}
	}
	for _, empty := range []string{"", "\ufeff", " \r\n"} {
		if _, err := vehiclecsv.Decode(strings.NewReader(empty)); !app.IsCode(err, app.EINVALIDCSV) {
			t.Errorf("empty file %q: err = %v", empty, err)
		}
	}
	vs, err := vehiclecsv.Decode(strings.NewReader(strings.Join(vehiclecsv.Header, ";") + "\r\n"))
	if err != nil || len(vs) != 0 {
		t.Errorf("header only: %v, %v; want an empty inventory", vs, err)
	}
}

func TestDecodeLimits(t *testing.T) {
	var b bytes.Buffer
	b.WriteString("marca;modelo;anoFabricacao;anoModelo;preco;combustivel;cambio;categoria\n")
	row := "Fiat;Uno;2010;2010;10000;flex;manual;hatch\n"
	for i := 0; i < app.MaxImportRows; i++ {
		b.WriteString(row)
	}
	vs, err := vehiclecsv.Decode(bytes.NewReader(b.Bytes()))
	if err != nil || len(vs) != app.MaxImportRows {
		t.Fatalf("%d rows: got %d, %v", app.MaxImportRows, len(vs), err)
	}
	b.WriteString(row)
	if _, err := vehiclecsv.Decode(bytes.NewReader(b.Bytes())); !app.IsCode(err, app.ETOOLARGE) {
		t.Errorf("%d rows: err = %v, want too_large", app.MaxImportRows+1, err)
	}
	big := bytes.Repeat([]byte("x"), app.MaxImportBytes+1)
	if _, err := vehiclecsv.Decode(bytes.NewReader(big)); !app.IsCode(err, app.ETOOLARGE) {
		t.Errorf("over 20 MiB: err = %v, want too_large", err)
	}
}

func TestEncodeDecodeRoundTrip(t *testing.T) {
	vs := []*app.Vehicle{
		{Codigo: "A1", Marca: "Honda", Modelo: "HR-V", Versao: "EXL", AnoFabricacao: 2022, AnoModelo: 2023,
			Preco: 11590050, Km: 35000, Combustivel: "flex", Cambio: "automatico", Categoria: "suv", Cor: "Prata",
			Fotos: []string{"https://f.example/1.jpg", "https://f.example/2.jpg?x=1;y=2"}, Status: "reservado",
			Descricao: "Único dono; revisado\n\"impecável\", aro 17\""},
		{Marca: "Fiat", Modelo: "Uno", AnoFabricacao: 1950, AnoModelo: 1951, Preco: 1, Km: 0,
			Combustivel: "gnv", Cambio: "manual", Categoria: "outro", Fotos: []string{}, Status: "vendido"},
	}
	var buf bytes.Buffer
	if err := vehiclecsv.Encode(&buf, vs); err != nil {
		t.Fatal(err)
	}
	out := buf.String()
	if !strings.HasPrefix(out, "\ufeffcodigo;marca;modelo;versao;anoFabricacao;anoModelo;preco;km;combustivel;cambio;categoria;cor;fotos;status;descricao\r\n") {
		t.Errorf("header = %q", strings.SplitN(out, "\n", 2)[0])
	}
	if !strings.Contains(out, ";115900,50;35000;") || !strings.Contains(out, ";0,01;0;") {
		t.Errorf("prices not in Brazilian form: %q", out)
	}
	back, err := vehiclecsv.Decode(&buf)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(back, vs) {
		for i := range vs {
			t.Errorf("round trip %d:\n got %+v\nwant %+v", i, back[i], vs[i])
		}
	}
}

// TestDecodeNeverFailsAsInternal: whatever bytes a dealer uploads, the
// answer is invalid_csv (422), never an internal error.
func TestDecodeNeverFailsAsInternal(t *testing.T) {
	for _, in := range []string{"sep=\"\nmarca;modelo\n", "sep=\x00\nmarca\n", "sep=\r\nmarca\n", "sep=x\nmarca\n", "\"\n", "a;\"b\n"} {
		_, err := vehiclecsv.Decode(strings.NewReader(in))
		if code := app.ErrorCode(err); code != app.EINVALIDCSV {
			t.Errorf("Decode(%q): %v (code %q), want invalid_csv", in, err, code)
		}
	}
	vs, err := vehiclecsv.Decode(strings.NewReader("sep=|\nmarca|modelo|anoFabricacao|anoModelo|preco|combustivel|cambio|categoria\nFiat|Mobi|2022|2023|59900|flex|manual|hatch\n"))
	if err != nil || len(vs) != 1 {
		t.Errorf("sep=| : %v, %v", vs, err)
	}
}
