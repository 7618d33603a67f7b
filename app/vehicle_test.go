package app_test

import (
	"encoding/json"
	"errors"
	"net/url"
	"strings"
	"testing"
	"time"

	"vendeai/app"
)

var testNow = time.Date(2026, 6, 1, 12, 0, 0, 0, time.UTC)

func validVehicle() *app.Vehicle {
	return &app.Vehicle{Codigo: "A1", Marca: "Honda", Modelo: "HR-V", Versao: "EXL", Cor: "Prata",
		AnoFabricacao: 2022, AnoModelo: 2023, Preco: 11590000, Km: 35000, Combustivel: "flex",
		Cambio: "cvt", Categoria: "suv", Fotos: []string{"https://fotos.example/1.jpg"}}
}

func TestCentavosJSONExact(t *testing.T) {
	for in, want := range map[string]app.Centavos{
		`115900`: 11590000, `115900.5`: 11590050, `115900.50`: 11590050, `0.1`: 10, `0.29`: 29,
		`1234567.89`: 123456789, `1.159e5`: 11590000, `1E2`: 10000, `99999999.99`: 9999999999, `0`: 0,
		`-10.5`: -1050, `12.300`: 1230, `5e-2`: 5,
	} {
		var got app.Centavos
		if err := json.Unmarshal([]byte(in), &got); err != nil || got != want {
			t.Errorf("Unmarshal(%s) = %d, %v; want %d", in, got, err, want)
		}
	}
	for _, bad := range []string{`1.234`, `"115900"`, `true`, `0.001`, `1e999999999`, `1e-3`, `[1]`} {
		var got app.Centavos
		if err := json.Unmarshal([]byte(bad), &got); err == nil {
			t.Errorf("Unmarshal(%s) = %d, want an error", bad, got)
		}
	}
	for c, want := range map[app.Centavos]string{11590000: "115900", 11590050: "115900.5", 11590055: "115900.55", 5: "0.05", 0: "0"} {
		b, err := json.Marshal(c)
		if err != nil || string(b) != want {
			t.Errorf("Marshal(%d) = %s, %v; want %s", c, b, err, want)
		}
		var back app.Centavos
		if err := json.Unmarshal(b, &back); err != nil || back != c {
			t.Errorf("round trip of %d gave %d, %v", c, back, err)
		}
	}
	// Inside a vehicle: the wire name and the number form.
	var v app.Vehicle
	if err := json.Unmarshal([]byte(`{"preco": 89990.9}`), &v); err != nil || v.Preco != 8999090 {
		t.Errorf("vehicle preco = %d, %v", v.Preco, err)
	}
}

func TestParseReais(t *testing.T) {
	for in, want := range map[string]app.Centavos{
		"R$ 115.900,00": 11590000, "115.900": 11590000, "115900": 11590000, "115900,5": 11590050,
		"115900.50": 11590050, "1.500": 150000, "R$\u00a089.990,90": 8999090, " 1.234.567,89 ": 123456789,
		"0,99": 99, "-100": -10000,
	} {
		if got, err := app.ParseReais(in); err != nil || got != want {
			t.Errorf("ParseReais(%q) = %d, %v; want %d", in, got, err, want)
		}
	}
	for _, bad := range []string{"", "abc", "1,2,3", "1.2.3", "115.9000", "1,234", "R$", "12a", "1.234.56"} {
		if got, err := app.ParseReais(bad); !app.IsCode(err, app.EINVALID) {
			t.Errorf("ParseReais(%q) = %d, %v; want invalid", bad, got, err)
		}
	}
	if got := app.Centavos(11590050).BR(); got != "115900,50" {
		t.Errorf("BR = %q", got)
	}
	for in, want := range map[string]int{"35.000": 35000, "35000": 35000, "0": 0, "1.234.567": 1234567} {
		if got, err := app.ParseGroupedInt(in); err != nil || got != want {
			t.Errorf("ParseGroupedInt(%q) = %d, %v", in, got, err)
		}
	}
	for _, bad := range []string{"", "-1", "35,5", "3.50", "x"} {
		if _, err := app.ParseGroupedInt(bad); err == nil {
			t.Errorf("ParseGroupedInt(%q) accepted", bad)
		}
	}
}

func TestCanonical(t *testing.T) {
	for _, c := range []struct{ field, in, want string }{
		{app.FieldCambio, "Automático", "automatico"}, {app.FieldCambio, "automática", "automatico"},
		{app.FieldCambio, "CVT", "cvt"}, {app.FieldCambio, "Automatizado", "automatizado"},
		{app.FieldCategoria, "SUV", "suv"}, {app.FieldCategoria, "Sedã", "sedan"},
		{app.FieldCategoria, "pickup", "picape"}, {app.FieldCategoria, "Pick-Up", "picape"},
		{app.FieldCategoria, "Utilitário", "utilitario"},
		{app.FieldCombustivel, "Elétrico", "eletrico"}, {app.FieldCombustivel, "Híbrido", "hibrido"},
		{app.FieldCombustivel, "álcool", "etanol"}, {app.FieldCombustivel, "GNV", "gnv"},
		{app.FieldStatus, "Disponível", "disponivel"}, {app.FieldStatus, "VENDIDO", "vendido"},
	} {
		if got, ok := app.Canonical(c.field, c.in); !ok || got != c.want {
			t.Errorf("Canonical(%s, %q) = %q, %v; want %q", c.field, c.in, got, ok, c.want)
		}
	}
	for _, c := range []struct{ field, in string }{{app.FieldCambio, "foguete"}, {app.FieldCategoria, ""}, {app.FieldStatus, "todos"}} {
		if got, ok := app.Canonical(c.field, c.in); ok {
			t.Errorf("Canonical(%s, %q) = %q, want unknown", c.field, c.in, got)
		}
	}
	if got := app.SearchKey("HR-V"); got != "hrv" {
		t.Errorf("SearchKey(HR-V) = %q", got)
	}
}

func TestVehicleNormalize(t *testing.T) {
	v := &app.Vehicle{Codigo: "  A1 ", Marca: " Volks  wagen ", Modelo: "Gol", Cambio: "Automático", Categoria: "SUV",
		Combustivel: "Elétrico", Descricao: " linha 1\r\nlinha 2 ", Fotos: []string{" https://x.example/a|b.jpg ", "", "  "}}
	v.Normalize()
	if v.Codigo != "A1" || v.Marca != "Volks wagen" || v.Cambio != "automatico" || v.Categoria != "suv" ||
		v.Combustivel != "eletrico" || v.Status != "disponivel" || v.Descricao != "linha 1\nlinha 2" {
		t.Errorf("Normalize = %+v", v)
	}
	if len(v.Fotos) != 1 || v.Fotos[0] != "https://x.example/a%7Cb.jpg" {
		t.Errorf("fotos = %q", v.Fotos)
	}
}

// TestVehicleValidate covers each rule: one broken field at a time must be
// reported, under its wire name, with code invalid.
func TestVehicleValidate(t *testing.T) {
	v := validVehicle()
	v.Normalize()
	if err := v.Validate(testNow); err != nil {
		t.Fatalf("valid vehicle: %v", err)
	}
	cases := []struct {
		field  string
		mutate func(v *app.Vehicle)
	}{
		{"codigo", func(v *app.Vehicle) { v.Codigo = strings.Repeat("x", 61) }},
		{"marca", func(v *app.Vehicle) { v.Marca = "" }},
		{"marca", func(v *app.Vehicle) { v.Marca = strings.Repeat("á", 61) }},
		{"modelo", func(v *app.Vehicle) { v.Modelo = "" }},
		{"modelo", func(v *app.Vehicle) { v.Modelo = strings.Repeat("m", 61) }},
		{"versao", func(v *app.Vehicle) { v.Versao = strings.Repeat("v", 121) }},
		{"descricao", func(v *app.Vehicle) { v.Descricao = strings.Repeat("d", 2001) }},
		{"anoFabricacao", func(v *app.Vehicle) { v.AnoFabricacao = 0 }},
		{"anoFabricacao", func(v *app.Vehicle) { v.AnoFabricacao = 1949; v.AnoModelo = 1950 }},
		{"anoFabricacao", func(v *app.Vehicle) { v.AnoFabricacao = 2028; v.AnoModelo = 2027 }},
		{"anoModelo", func(v *app.Vehicle) { v.AnoModelo = 0 }},
		{"anoModelo", func(v *app.Vehicle) { v.AnoFabricacao = 2027; v.AnoModelo = 2028 }}, // past next year
		{"anoModelo", func(v *app.Vehicle) { v.AnoModelo = 2024 }},                         // two years after
		{"anoModelo", func(v *app.Vehicle) { v.AnoModelo = 2021 }},                         // before fabricação
		{"preco", func(v *app.Vehicle) { v.Preco = 0 }},
		{"preco", func(v *app.Vehicle) { v.Preco = -1 }},
		{"km", func(v *app.Vehicle) { v.Km = -1 }},
		{"combustivel", func(v *app.Vehicle) { v.Combustivel = "" }},
		{"combustivel", func(v *app.Vehicle) { v.Combustivel = "carvão" }},
		{"cambio", func(v *app.Vehicle) { v.Cambio = "sequencial" }},
		{"categoria", func(v *app.Vehicle) { v.Categoria = "trator" }},
		{"fotos", func(v *app.Vehicle) { v.Fotos = []string{"ftp://x.example/a.jpg"} }},
		{"fotos", func(v *app.Vehicle) { v.Fotos = []string{"foto.jpg"} }},
		{"status", func(v *app.Vehicle) { v.Status = "perdido" }},
	}
	for _, c := range cases {
		v := validVehicle()
		c.mutate(v)
		v.Normalize()
		err := v.Validate(testNow)
		var e *app.Error
		if !errors.As(err, &e) || e.Code != app.EINVALID {
			t.Errorf("%s: err = %v, want invalid", c.field, err)
			continue
		}
		ps, _ := e.Details.([]app.FieldError)
		if len(ps) != 1 || ps[0].Field != c.field || e.Message == "" {
			t.Errorf("%s: problems = %+v, message %q", c.field, ps, e.Message)
		}
	}
	// Edges that are allowed.
	for _, mutate := range []func(v *app.Vehicle){
		func(v *app.Vehicle) { v.AnoFabricacao, v.AnoModelo = 1950, 1950 },
		func(v *app.Vehicle) { v.AnoFabricacao, v.AnoModelo = 2027, 2027 },
		func(v *app.Vehicle) { v.AnoFabricacao, v.AnoModelo = 2026, 2027 },
		func(v *app.Vehicle) { v.Km = 0; v.Codigo = ""; v.Versao = ""; v.Cor = ""; v.Fotos = nil },
		func(v *app.Vehicle) { v.Preco = 1; v.Status = "Reservado"; v.Cambio = "Automático" },
		func(v *app.Vehicle) { v.Descricao = strings.Repeat("ç", 2000); v.Marca = strings.Repeat("é", 60) },
	} {
		v := validVehicle()
		mutate(v)
		v.Normalize()
		if err := v.Validate(testNow); err != nil {
			t.Errorf("valid vehicle %+v rejected: %v", v, err)
		}
	}
}

func TestParseVehicleFilter(t *testing.T) {
	q, _ := url.ParseQuery("q=hrv&marca=Honda&categoria=SUV&cambio=Automático,cvt&combustivel=Flex&anoMin=2020&anoMax=2024" +
		"&precoMin=80.000&precoMax=150000,50&kmMax=50.000&status=todos&ordem=-preco&limit=500&offset=10")
	f, err := app.ParseVehicleFilter(q)
	if err != nil {
		t.Fatal(err)
	}
	if f.Q != "hrv" || f.Marca != "Honda" || f.Categoria != "suv" || len(f.Cambios) != 2 || f.Cambios[0] != "automatico" ||
		f.Combustivel != "flex" || f.AnoMin != 2020 || f.AnoMax != 2024 || f.PrecoMin != 8000000 || f.PrecoMax != 15000050 ||
		f.KmMax == nil || *f.KmMax != 50000 || f.Status != "todos" || f.Ordem != "-preco" || f.Limit != 200 || f.Offset != 10 {
		t.Errorf("filter = %+v", f)
	}
	f, err = app.ParseVehicleFilter(url.Values{})
	if err != nil || f.Status != "disponivel" || f.Limit != 50 || f.Ordem != "recentes" || f.KmMax != nil {
		t.Errorf("defaults = %+v, %v", f, err)
	}
	for _, bad := range []string{"anoMin=abc", "precoMax=dez", "kmMax=-1", "ordem=cor", "categoria=trator",
		"cambio=foguete", "status=perdido", "limit=0", "offset=-1", "anoMin=2024&anoMax=2020", "precoMin=1,234.5"} {
		q, _ := url.ParseQuery(bad)
		if _, err := app.ParseVehicleFilter(q); !app.IsCode(err, app.EINVALID) {
			t.Errorf("%s: err = %v, want invalid", bad, err)
		}
	}
}
