package sqlite_test

import (
	"bytes"
	"context"
	"reflect"
	"strings"
	"testing"
	"time"

	"vendeai/app"
	"vendeai/app/vehiclecsv"
	"vendeai/storage/sqlite"
)

// clock returns a DB clock that starts at a fixed instant and moves one
// second per call, so criadoEm orders vehicles deterministically.
func clock() func() time.Time {
	t := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
	return func() time.Time { t = t.Add(time.Second); return t }
}

func vehicle(codigo, marca, modelo string, ano int, preco app.Centavos, km int) *app.Vehicle {
	return &app.Vehicle{Codigo: codigo, Marca: marca, Modelo: modelo, AnoFabricacao: ano, AnoModelo: ano,
		Preco: preco, Km: km, Combustivel: "flex", Cambio: "manual", Categoria: "hatch"}
}

func codigos(vs []*app.Vehicle) string {
	cs := make([]string, len(vs))
	for i, v := range vs {
		cs[i] = v.Codigo
	}
	return strings.Join(cs, ",")
}

func all(t *testing.T, db *sqlite.DB) []*app.Vehicle {
	t.Helper()
	vs, err := db.AllVehicles(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return vs
}

func TestVehicleCRUD(t *testing.T) {
	ctx := context.Background()
	db := openTestDB(t)
	db.Now = clock()

	v := vehicle("A1", " Honda ", "HR-V", 2022, 11590050, 35000)
	v.Cambio, v.Categoria, v.Fotos = "Automático", "SUV", []string{"https://f.example/1.jpg"}
	if err := db.CreateVehicle(ctx, v); err != nil {
		t.Fatal(err)
	}
	if v.ID == 0 || v.CriadoEm.IsZero() || !v.CriadoEm.Equal(v.AtualizadoEm) || v.Marca != "Honda" || v.Cambio != "automatico" {
		t.Errorf("created = %+v", v)
	}
	got, err := db.FindVehicleByID(ctx, v.ID)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, v) {
		t.Errorf("FindVehicleByID = %+v\nwant %+v", got, v)
	}

	if err := db.CreateVehicle(ctx, vehicle("A1", "Fiat", "Uno", 2010, 100, 0)); !app.IsCode(err, app.ECONFLICT) {
		t.Errorf("duplicate codigo: err = %v, want conflict", err)
	}
	// Vehicles without codigo never conflict.
	for i := 0; i < 2; i++ {
		if err := db.CreateVehicle(ctx, vehicle("", "Fiat", "Uno", 2010, 100, 0)); err != nil {
			t.Errorf("vehicle without codigo %d: %v", i, err)
		}
	}
	if err := db.CreateVehicle(ctx, vehicle("Z", "", "Uno", 2010, 100, 0)); !app.IsCode(err, app.EINVALID) {
		t.Errorf("invalid vehicle: err = %v, want invalid", err)
	}

	other := vehicle("B2", "Fiat", "Argo", 2021, 7000000, 10)
	if err := db.CreateVehicle(ctx, other); err != nil {
		t.Fatal(err)
	}
	upd := *v
	upd.Preco, upd.Status, upd.CriadoEm = 10990000, "Reservado", time.Time{}
	if err := db.UpdateVehicle(ctx, &upd); err != nil {
		t.Fatal(err)
	}
	got, _ = db.FindVehicleByID(ctx, v.ID)
	if got.Preco != 10990000 || got.Status != "reservado" || !got.CriadoEm.Equal(v.CriadoEm) || !got.AtualizadoEm.After(v.AtualizadoEm) ||
		!upd.CriadoEm.Equal(v.CriadoEm) {
		t.Errorf("updated = %+v", got)
	}
	upd.Codigo = "B2"
	if err := db.UpdateVehicle(ctx, &upd); !app.IsCode(err, app.ECONFLICT) {
		t.Errorf("update to a used codigo: err = %v, want conflict", err)
	}
	missing := vehicle("C3", "Fiat", "Uno", 2010, 100, 0)
	missing.ID = 9999
	if err := db.UpdateVehicle(ctx, missing); !app.IsCode(err, app.ENOTFOUND) {
		t.Errorf("update missing: err = %v, want not_found", err)
	}
	if err := db.DeleteVehicle(ctx, v.ID); err != nil {
		t.Fatal(err)
	}
	if err := db.DeleteVehicle(ctx, v.ID); !app.IsCode(err, app.ENOTFOUND) {
		t.Errorf("delete twice: err = %v, want not_found", err)
	}
	if _, err := db.FindVehicleByID(ctx, v.ID); !app.IsCode(err, app.ENOTFOUND) {
		t.Errorf("find deleted: err = %v, want not_found", err)
	}
	// The codigo of a deleted vehicle is free again.
	if err := db.CreateVehicle(ctx, vehicle("A1", "Fiat", "Uno", 2010, 100, 0)); err != nil {
		t.Errorf("reuse of a deleted codigo: %v", err)
	}
}

// fixture is a small inventory whose filters and orderings the test below
// knows by heart. Vehicles are created in this order (criadoEm ascending).
func fixture(t *testing.T, db *sqlite.DB) {
	t.Helper()
	mk := func(codigo, marca, modelo, versao, cor string, ano int, preco app.Centavos, km int, comb, cambio, cat, status, desc string) {
		v := &app.Vehicle{Codigo: codigo, Marca: marca, Modelo: modelo, Versao: versao, Cor: cor, AnoFabricacao: ano,
			AnoModelo: ano, Preco: preco, Km: km, Combustivel: comb, Cambio: cambio, Categoria: cat, Status: status, Descricao: desc}
		if err := db.CreateVehicle(context.Background(), v); err != nil {
			t.Fatal(err)
		}
	}
	mk("HRV", "Honda", "HR-V", "EXL", "Prata", 2023, 11590000, 35000, "flex", "cvt", "suv", "", "Único dono")
	mk("CIV", "Honda", "Civic", "Touring", "Preto", 2021, 13500000, 40000, "gasolina", "automatico", "sedan", "", "")
	mk("ONX", "Chevrolet", "Onix", "LT", "Branco", 2020, 6500000, 60000, "flex", "manual", "hatch", "", "Ar-condicionado")
	mk("TRK", "Chevrolet", "Tracker", "Premier", "Azul", 2024, 14990000, 5000, "flex", "automatico", "suv", "", "")
	mk("STR", "Fiat", "Strada", "Volcano", "Vermelho", 2022, 9800000, 20000, "flex", "manual", "picape", "reservado", "Cabine dupla")
	mk("DOL", "BYD", "Dolphin", "", "Cinza", 2024, 14999000, 1000, "eletrico", "automatico", "hatch", "", "Elétrico com autonomia de 400 km")
	mk("GOL", "Volkswagen", "Gol", "1.0", "Prata", 2015, 3500000, 120000, "flex", "manual", "hatch", "vendido", "")
	mk("TCR", "VolksWagen", "T-Cross", "Highline", "Branco", 2023, 13200000, 15000, "flex", "automatico", "suv", "", "")
}

func TestFindVehiclesFiltersAndOrdering(t *testing.T) {
	ctx := context.Background()
	db := openTestDB(t)
	db.Now = clock()
	fixture(t, db)
	km := func(n int) *int { return &n }
	cases := []struct {
		name  string
		f     app.VehicleFilter
		want  string
		total int
	}{
		{"default: disponivel, recentes", app.VehicleFilter{}, "TCR,DOL,TRK,ONX,CIV,HRV", 6},
		{"todos", app.VehicleFilter{Status: "todos", Ordem: "preco"}, "GOL,ONX,STR,HRV,TCR,CIV,TRK,DOL", 8},
		{"status reservado", app.VehicleFilter{Status: "reservado"}, "STR", 1},
		{"vendido, accents", app.VehicleFilter{Status: "Vendido"}, "GOL", 1},
		{"q accent-insensitive", app.VehicleFilter{Q: "eletrico"}, "DOL", 1},
		{"q folded case", app.VehicleFilter{Q: "ÚNICO"}, "HRV", 1},
		{"q without hyphen", app.VehicleFilter{Q: "hrv"}, "HRV", 1},
		{"q with hyphen", app.VehicleFilter{Q: "t-cross"}, "TCR", 1},
		{"q words all required", app.VehicleFilter{Q: "honda preto"}, "CIV", 1},
		{"q over cor", app.VehicleFilter{Q: "prata", Status: "todos", Ordem: "ano"}, "GOL,HRV", 2},
		{"q nothing", app.VehicleFilter{Q: "ferrari"}, "", 0},
		{"marca folded", app.VehicleFilter{Marca: "volkswagen", Status: "todos", Ordem: "km"}, "TCR,GOL", 2},
		{"modelo ignores hyphen", app.VehicleFilter{Modelo: "hrv"}, "HRV", 1},
		{"modelo with space", app.VehicleFilter{Modelo: "T Cross"}, "TCR", 1},
		{"marca and modelo", app.VehicleFilter{Marca: "Honda", Modelo: "civic"}, "CIV", 1},
		{"categoria SUV", app.VehicleFilter{Categoria: "SUV", Ordem: "-preco"}, "TRK,TCR,HRV", 3},
		{"cambios any of", app.VehicleFilter{Cambios: []string{"Automático", "CVT"}, Ordem: "preco"}, "HRV,TCR,CIV,TRK,DOL", 5},
		{"combustivel", app.VehicleFilter{Combustivel: "Elétrico"}, "DOL", 1},
		{"cor", app.VehicleFilter{Cor: "branco", Ordem: "ano"}, "ONX,TCR", 2},
		{"anoMin anoMax", app.VehicleFilter{AnoMin: 2021, AnoMax: 2023, Ordem: "-ano"}, "TCR,HRV,CIV", 3},
		{"preco range", app.VehicleFilter{PrecoMin: 10000000, PrecoMax: 14000000, Ordem: "preco"}, "HRV,TCR,CIV", 3},
		{"kmMax", app.VehicleFilter{KmMax: km(15000), Ordem: "km"}, "DOL,TRK,TCR", 3},
		{"kmMax zero", app.VehicleFilter{KmMax: km(0)}, "", 0},
		{"ordem ano", app.VehicleFilter{Ordem: "ano"}, "ONX,CIV,HRV,TCR,TRK,DOL", 6},
		{"ordem -preco", app.VehicleFilter{Ordem: "-preco"}, "DOL,TRK,CIV,TCR,HRV,ONX", 6},
		{"page", app.VehicleFilter{Ordem: "preco", Limit: 2, Offset: 2}, "TCR,CIV", 6},
		{"page past the end", app.VehicleFilter{Ordem: "preco", Limit: 2, Offset: 10}, "", 6},
	}
	for _, c := range cases {
		vs, total, err := db.FindVehicles(ctx, c.f)
		if err != nil {
			t.Errorf("%s: %v", c.name, err)
			continue
		}
		if got := codigos(vs); got != c.want || total != c.total {
			t.Errorf("%s: got %s (total %d), want %s (total %d)", c.name, got, total, c.want, c.total)
		}
	}
	ids := []int64{}
	vs, _, _ := db.FindVehicles(ctx, app.VehicleFilter{Q: "honda"})
	for _, v := range vs {
		ids = append(ids, v.ID)
	}
	if got, _, _ := db.FindVehicles(ctx, app.VehicleFilter{IDs: ids[:1]}); len(got) != 1 || got[0].ID != ids[0] {
		t.Errorf("IDs filter = %s", codigos(got))
	}
	for _, bad := range []app.VehicleFilter{{Ordem: "cor"}, {Categoria: "trator"}, {Status: "perdido"}} {
		if _, _, err := db.FindVehicles(ctx, bad); !app.IsCode(err, app.EINVALID) {
			t.Errorf("filter %+v: err = %v, want invalid", bad, err)
		}
	}

	voc, err := db.Vocabulary(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(voc.Marcas, ","); got != "BYD,Chevrolet,Fiat,Honda,Volkswagen" {
		t.Errorf("marcas = %s", got)
	}
	if len(voc.Modelos) != 8 || voc.Modelos[0] != (app.ModelName{Marca: "BYD", Modelo: "Dolphin"}) {
		t.Errorf("modelos = %+v", voc.Modelos)
	}
	for _, m := range voc.Modelos {
		if (m.Modelo == "Gol" || m.Modelo == "T-Cross") && m.Marca != "Volkswagen" {
			t.Errorf("one spelling per marca expected, got %+v", m)
		}
	}
}

const importCSV = "\ufeffCódigo;Marca;Modelo;Versão;Ano Fabricação;ano_modelo;Preço;KM;Combustível;Câmbio;Categoria;Cor;Fotos;Status;Descrição\r\n" +
	"A1;Honda;HR-V;EXL;2022;2023;R$ 115.900,00;35.000;Flex;Automático;SUV;Prata;https://f.example/1.jpg|https://f.example/2.jpg;Disponível;Único dono\r\n" +
	"A2;Fiat;Strada;Volcano;2021;2022;98.000;20.000;flex;manual;Pickup;Vermelho;;;\r\n" +
	"A3;BYD;Dolphin;;2024;2024;149.990,90;1.000;Elétrico;automática;hatch;;;reservado;Elétrico\r\n"

func decodeString(t *testing.T, s string) []*app.Vehicle {
	t.Helper()
	vs, err := vehiclecsv.Decode(strings.NewReader(s))
	if err != nil {
		t.Fatal(err)
	}
	return vs
}

func TestImportSemicolonBOMBrazilianNumbers(t *testing.T) {
	ctx := context.Background()
	db := openTestDB(t)
	res, err := db.ImportVehicles(ctx, decodeString(t, importCSV), false)
	if err != nil {
		t.Fatal(err)
	}
	if res != (app.ImportResult{Inserted: 3}) {
		t.Errorf("result = %+v", res)
	}
	vs, total, err := db.FindVehicles(ctx, app.VehicleFilter{Status: "todos", Ordem: "preco"})
	if err != nil || total != 3 || codigos(vs) != "A2,A1,A3" {
		t.Fatalf("inventory = %s (%d), %v", codigos(vs), total, err)
	}
	a1 := vs[1]
	if a1.Preco != 11590000 || a1.Km != 35000 || a1.Cambio != "automatico" || a1.Categoria != "suv" ||
		len(a1.Fotos) != 2 || a1.Descricao != "Único dono" || a1.AnoModelo != 2023 {
		t.Errorf("A1 = %+v", a1)
	}
	if vs[0].Categoria != "picape" || vs[0].Status != "disponivel" || vs[2].Preco != 14999090 || vs[2].Combustivel != "eletrico" {
		t.Errorf("A2 = %+v, A3 = %+v", vs[0], vs[2])
	}
}

func TestImportBadRowsWritesNothing(t *testing.T) {
	ctx := context.Background()
	db := openTestDB(t)
	if _, err := db.ImportVehicles(ctx, decodeString(t, importCSV), false); err != nil {
		t.Fatal(err)
	}
	before := all(t, db)

	bad := "codigo;marca;modelo;anoFabricacao;anoModelo;preco;km;combustivel;cambio;categoria\n" +
		"A1;Honda;HR-V;2022;2023;99.000;1;flex;cvt;suv\n" +
		"N1;Fiat;Mobi;2022;2023;-5;10;flex;manual;hatch\n" +
		"N2;Fiat;Argo;2022;2022;80.000;0;flex;manual;hatch\n" +
		"N3;Fiat;Toro;1900;1900;90.000;0;diesel;automatico;picape\n" +
		"N4;Fiat;Pulse;2023;2023;95.000;0;querosene;cvt;suv\n"
	_, err := vehiclecsv.Decode(strings.NewReader(bad))
	if !app.IsCode(err, app.EINVALIDCSV) {
		t.Fatalf("err = %v, want invalid_csv", err)
	}
	rs := err.(*app.Error).Details.([]vehiclecsv.RowError)
	var lines []int
	for _, r := range rs {
		if len(lines) == 0 || lines[len(lines)-1] != r.Linha {
			lines = append(lines, r.Linha)
		}
	}
	if !reflect.DeepEqual(lines, []int{3, 5, 6}) {
		t.Errorf("bad lines = %v (%+v), want [3 5 6]", lines, rs)
	}
	if after := all(t, db); !reflect.DeepEqual(after, before) {
		t.Errorf("inventory changed by a refused file")
	}

	// The store itself refuses a batch with one bad vehicle as a whole,
	// even in replace mode.
	vs := []*app.Vehicle{vehicle("A1", "Honda", "HR-V", 2022, 1, 0), vehicle("N9", "Fiat", "Uno", 2010, 0, 0)}
	if _, err := db.ImportVehicles(ctx, vs, true); !app.IsCode(err, app.EINVALID) {
		t.Errorf("bad batch: err = %v, want invalid", err)
	}
	dup := []*app.Vehicle{vehicle("D", "Fiat", "Uno", 2010, 100, 0), vehicle("D", "Fiat", "Uno", 2010, 100, 0)}
	if _, err := db.ImportVehicles(ctx, dup, false); !app.IsCode(err, app.EINVALID) {
		t.Errorf("repeated codigo: err = %v, want invalid", err)
	}
	if after := all(t, db); !reflect.DeepEqual(after, before) {
		t.Errorf("inventory changed by a refused batch")
	}
}

func TestImportUpsertAndReplace(t *testing.T) {
	ctx := context.Background()
	db := openTestDB(t)
	db.Now = clock()
	for _, v := range []*app.Vehicle{vehicle("A1", "Fiat", "Uno", 2010, 1000000, 0), vehicle("A2", "Fiat", "Palio", 2011, 1200000, 0),
		vehicle("", "Fiat", "Mobi", 2020, 4000000, 0)} {
		if err := db.CreateVehicle(ctx, v); err != nil {
			t.Fatal(err)
		}
	}
	orig := all(t, db)

	res, err := db.ImportVehicles(ctx, []*app.Vehicle{vehicle("A1", "Fiat", "Uno", 2010, 900000, 0),
		vehicle("A3", "Fiat", "Argo", 2022, 7000000, 0)}, false)
	if err != nil {
		t.Fatal(err)
	}
	if res != (app.ImportResult{Inserted: 1, Updated: 1}) {
		t.Errorf("upsert result = %+v", res)
	}
	vs := all(t, db)
	if codigos(vs) != "A1,A2,,A3" || vs[0].ID != orig[0].ID || vs[0].Preco != 900000 ||
		!vs[0].CriadoEm.Equal(orig[0].CriadoEm) || !vs[0].AtualizadoEm.After(orig[0].AtualizadoEm) {
		t.Errorf("after upsert: %s, A1 = %+v", codigos(vs), vs[0])
	}

	res, err = db.ImportVehicles(ctx, []*app.Vehicle{vehicle("A3", "Fiat", "Argo", 2022, 7100000, 0),
		vehicle("A4", "Fiat", "Cronos", 2023, 9000000, 0), vehicle("", "Fiat", "Toro", 2023, 15000000, 0)}, true)
	if err != nil {
		t.Fatal(err)
	}
	if res != (app.ImportResult{Inserted: 2, Updated: 1, Removed: 3}) {
		t.Errorf("replace result = %+v", res)
	}
	vs = all(t, db)
	if codigos(vs) != "A3,A4," || vs[0].Preco != 7100000 || vs[2].Modelo != "Toro" {
		t.Errorf("after replace: %s %+v", codigos(vs), vs)
	}

	res, err = db.ImportVehicles(ctx, []*app.Vehicle{}, true)
	if err != nil || res != (app.ImportResult{Removed: 3}) || len(all(t, db)) != 0 {
		t.Errorf("replace with nothing: %+v, %v", res, err)
	}
}

func TestExportImportRoundTrip(t *testing.T) {
	ctx := context.Background()
	db := openTestDB(t)
	db.Now = clock()
	fixture(t, db)
	if _, err := db.ImportVehicles(ctx, decodeString(t, importCSV), false); err != nil {
		t.Fatal(err)
	}
	// Vehicles without codigo cannot be matched back: give the fixture's
	// text the hard cases instead.
	v, _ := db.FindVehicleByID(ctx, 1)
	v.Descricao = "Linha 1\n\"aspas\"; ponto e vírgula, vírgula"
	v.Fotos = []string{"https://f.example/a.jpg?x=1;y=2", "http://f.example/b.jpg"}
	if err := db.UpdateVehicle(ctx, v); err != nil {
		t.Fatal(err)
	}
	before := all(t, db)

	var buf bytes.Buffer
	if err := vehiclecsv.Encode(&buf, before); err != nil {
		t.Fatal(err)
	}
	exported := buf.String()
	back := decodeString(t, exported)
	res, err := db.ImportVehicles(ctx, back, true)
	if err != nil {
		t.Fatal(err)
	}
	if res != (app.ImportResult{Updated: len(before)}) {
		t.Errorf("re-import result = %+v, want %d atualizados only", res, len(before))
	}
	if after := all(t, db); !reflect.DeepEqual(after, before) {
		t.Errorf("re-import of the export changed the inventory")
	}

	// Into another empresa: same content, new ids and times.
	other := openTestDB(t)
	if _, err := other.ImportVehicles(ctx, decodeString(t, exported), false); err != nil {
		t.Fatal(err)
	}
	copied := all(t, other)
	for i := range before {
		a, b := *before[i], *copied[i]
		a.ID, a.CriadoEm, a.AtualizadoEm = 0, time.Time{}, time.Time{}
		b.ID, b.CriadoEm, b.AtualizadoEm = 0, time.Time{}, time.Time{}
		if !reflect.DeepEqual(a, b) {
			t.Errorf("copy %d:\n got %+v\nwant %+v", i, b, a)
		}
	}
	buf.Reset()
	if err := vehiclecsv.Encode(&buf, copied); err != nil || buf.String() != exported {
		t.Errorf("the copy exports differently (%v)", err)
	}
}

// TestVocabularyFollowsEveryWrite: the vocabulary is kept in memory for the
// assistant, and every kind of inventory write must show in it at once.
func TestVocabularyFollowsEveryWrite(t *testing.T) {
	ctx := context.Background()
	db := openTestDB(t)
	modelos := func() string {
		voc, err := db.Vocabulary(ctx)
		if err != nil {
			t.Fatal(err)
		}
		var names []string
		for _, m := range voc.Modelos {
			names = append(names, m.Modelo)
		}
		return strings.Join(names, ",")
	}
	if got := modelos(); got != "" {
		t.Fatalf("empty inventory: %q", got)
	}
	civic := &app.Vehicle{Marca: "Honda", Modelo: "Civic", AnoFabricacao: 2020, AnoModelo: 2021, Preco: 11590000,
		Combustivel: "flex", Cambio: "cvt", Categoria: "sedan"}
	if err := db.CreateVehicle(ctx, civic); err != nil {
		t.Fatal(err)
	}
	if got := modelos(); got != "Civic" {
		t.Errorf("after create: %q", got)
	}
	civic.Modelo = "City"
	if err := db.UpdateVehicle(ctx, civic); err != nil {
		t.Fatal(err)
	}
	if got := modelos(); got != "City" {
		t.Errorf("after update: %q", got)
	}
	if _, err := db.ImportVehicles(ctx, decodeString(t, importCSV), false); err != nil {
		t.Fatal(err)
	}
	if got := modelos(); got != "Dolphin,Strada,City,HR-V" {
		t.Errorf("after import: %q", got)
	}
	if err := db.DeleteVehicle(ctx, civic.ID); err != nil {
		t.Fatal(err)
	}
	if got := modelos(); got != "Dolphin,Strada,HR-V" {
		t.Errorf("after delete: %q", got)
	}
}
