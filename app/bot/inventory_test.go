package bot_test

import (
	"context"
	"slices"
	"sort"
	"strings"
	"time"

	"vendeai/app"
	"vendeai/app/bot"
)

// memInventory is an in-memory app.VehicleSearcher with the semantics the
// SQLite inventory implements: Marca/Modelo equal after folding and
// removing hyphens and spaces; Status "" means disponivel only.
type memInventory struct {
	vs []*app.Vehicle
}

func (m *memInventory) FindVehicles(_ context.Context, f app.VehicleFilter) ([]*app.Vehicle, int, error) {
	var out []*app.Vehicle
	for _, v := range m.vs {
		if matches(v, f) {
			c := *v
			out = append(out, &c)
		}
	}
	// The real store's orders (storage/sqlite FindVehicles), ties included:
	// ascending orders break ties by id, descending ones and the default
	// ("recentes", newest first) by id descending.
	sort.Slice(out, func(i, j int) bool {
		a, b := out[i], out[j]
		switch f.Ordem {
		case app.OrdemPreco:
			return a.Preco < b.Preco || a.Preco == b.Preco && a.ID < b.ID
		case app.OrdemPrecoDesc:
			return a.Preco > b.Preco || a.Preco == b.Preco && a.ID > b.ID
		case app.OrdemAno:
			return a.AnoModelo < b.AnoModelo || a.AnoModelo == b.AnoModelo && a.ID < b.ID
		case app.OrdemAnoDesc:
			return a.AnoModelo > b.AnoModelo || a.AnoModelo == b.AnoModelo && a.ID > b.ID
		case app.OrdemKm:
			return a.Km < b.Km || a.Km == b.Km && a.ID < b.ID
		}
		return a.CriadoEm.After(b.CriadoEm) || a.CriadoEm.Equal(b.CriadoEm) && a.ID > b.ID
	})
	total := len(out)
	limit := f.Limit
	if limit == 0 {
		limit = app.DefaultVehicleLimit
	}
	if f.Offset < len(out) {
		out = out[f.Offset:]
	} else {
		out = nil
	}
	if len(out) > limit {
		out = out[:limit]
	}
	return out, total, nil
}

func matches(v *app.Vehicle, f app.VehicleFilter) bool {
	switch f.Status {
	case "":
		if v.Status != app.VehicleDisponivel {
			return false
		}
	case app.VehicleStatusTodos:
	default:
		if v.Status != f.Status {
			return false
		}
	}
	eq := func(a, b string) bool { return b == "" || bot.NameKey(a) == bot.NameKey(b) }
	if !eq(v.Marca, f.Marca) || !eq(v.Modelo, f.Modelo) || !eq(v.Categoria, f.Categoria) ||
		!eq(v.Combustivel, f.Combustivel) || f.Cor != "" && !slices.Contains(app.CorKeys(f.Cor), app.SearchKey(v.Cor)) {
		return false
	}
	if len(f.Modelos) > 0 {
		ok := false
		for _, m := range f.Modelos {
			ok = ok || bot.NameKey(v.Modelo) == bot.NameKey(m)
		}
		if !ok {
			return false
		}
	}
	if f.CilindradasMin != 0 && v.Cilindradas < f.CilindradasMin || f.CilindradasMax != 0 && v.Cilindradas > f.CilindradasMax {
		return false
	}
	if len(f.Cambios) > 0 {
		ok := false
		for _, c := range f.Cambios {
			ok = ok || app.Fold(v.Cambio) == c
		}
		if !ok {
			return false
		}
	}
	if f.AnoMin != 0 && v.AnoModelo < f.AnoMin || f.AnoMax != 0 && v.AnoModelo > f.AnoMax {
		return false
	}
	if f.PrecoMin != 0 && v.Preco < f.PrecoMin || f.PrecoMax != 0 && v.Preco > f.PrecoMax {
		return false
	}
	if f.KmMax != nil && v.Km > *f.KmMax {
		return false
	}
	if f.Q != "" && !strings.Contains(app.Fold(v.Marca+" "+v.Modelo+" "+v.Versao+" "+v.Descricao), app.Fold(f.Q)) {
		return false
	}
	if len(f.IDs) > 0 {
		ok := false
		for _, id := range f.IDs {
			ok = ok || id == v.ID
		}
		return ok
	}
	return true
}

func (m *memInventory) FindVehicleByID(_ context.Context, id int64) (*app.Vehicle, error) {
	for _, v := range m.vs {
		if v.ID == id {
			c := *v
			return &c, nil
		}
	}
	return nil, app.Errorf(app.ENOTFOUND, "veículo não encontrado")
}

func (m *memInventory) Vocabulary(context.Context) (app.Vocabulary, error) {
	var voc app.Vocabulary
	seenMarca, seenModelo := map[string]bool{}, map[string]bool{}
	for _, v := range m.vs {
		if !seenMarca[v.Marca] {
			seenMarca[v.Marca] = true
			voc.Marcas = append(voc.Marcas, v.Marca)
		}
		if k := v.Marca + "|" + v.Modelo; !seenModelo[k] {
			seenModelo[k] = true
			voc.Modelos = append(voc.Modelos, app.ModelName{Marca: v.Marca, Modelo: v.Modelo})
		}
	}
	return voc, nil
}

const (
	disp = app.VehicleDisponivel
	res  = app.VehicleReservado
	sold = app.VehicleVendido
)

// fixtureEpoch is when the fixture's first car was added; each next id one
// minute later, as the SQLite parity test creates them.
var fixtureEpoch = time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)

func car(id int64, marca, modelo, versao string, fab, mod int, reais int64, km int, comb, cambio, cat, cor, status string) *app.Vehicle {
	return &app.Vehicle{ID: id, CriadoEm: fixtureEpoch.Add(time.Duration(id-1) * time.Minute), Codigo: "C" + marca[:2] + modelo[:1], Marca: marca, Modelo: modelo, Versao: versao,
		AnoFabricacao: fab, AnoModelo: mod, Preco: app.Centavos(reais * 100), Km: km, Combustivel: comb,
		Cambio: cambio, Categoria: cat, Cor: cor, Status: status,
		Fotos: []string{"https://fotos.example/" + modelo + "-1.jpg", "https://fotos.example/" + modelo + "-2.jpg"}}
}

// fixture is one dealer's inventory, sold and reserved cars included: ids
// of those must never reach a customer.
func fixture() *memInventory {
	return &memInventory{vs: []*app.Vehicle{
		car(1, "Honda", "Civic", "EXL", 2020, 2021, 115900, 35000, "flex", "cvt", "sedan", "Prata", disp),
		car(2, "Honda", "Civic", "Touring", 2022, 2022, 159900, 12000, "flex", "cvt", "sedan", "Preto", disp),
		car(3, "Honda", "HR-V", "EX", 2019, 2019, 98900, 61000, "flex", "cvt", "suv", "Branco", disp),
		car(4, "Honda", "Fit", "LX", 2016, 2016, 62900, 88000, "flex", "manual", "hatch", "Cinza", sold),
		car(5, "Volkswagen", "T-Cross", "Highline", 2021, 2022, 129900, 28000, "flex", "automatico", "suv", "Cinza", disp),
		car(6, "Volkswagen", "Amarok", "V6 Highline", 2020, 2020, 229900, 70000, "diesel", "automatico", "picape", "Preto", disp),
		car(7, "Volkswagen", "Amarok", "Trendline", 2018, 2018, 149900, 110000, "diesel", "manual", "picape", "Branco", res),
		car(8, "Volkswagen", "Gol", "1.0", 2018, 2019, 45900, 72000, "flex", "manual", "hatch", "Branco", disp),
		car(9, "Chevrolet", "Onix", "LT 1.0 Turbo", 2021, 2021, 72900, 40000, "flex", "automatico", "hatch", "Vermelho", disp),
		car(10, "Chevrolet", "Onix", "LS", 2019, 2019, 55900, 65000, "flex", "manual", "hatch", "Prata", disp),
		car(11, "Chevrolet", "S10", "LTZ", 2019, 2020, 169900, 90000, "diesel", "automatico", "picape", "Prata", disp),
		car(12, "Toyota", "Corolla", "XEi", 2020, 2021, 119900, 40000, "flex", "cvt", "sedan", "Branco", sold),
		car(13, "Toyota", "Hilux", "SRV", 2021, 2021, 239900, 50000, "diesel", "automatico", "picape", "Prata", disp),
		car(14, "Jeep", "Compass", "Longitude", 2021, 2022, 139900, 30000, "flex", "automatico", "suv", "Preto", disp),
		car(15, "Jeep", "Renegade", "Sport", 2019, 2019, 84900, 55000, "flex", "automatizado", "suv", "Vermelho", disp),
		car(16, "Fiat", "Toro", "Volcano", 2022, 2022, 159900, 25000, "diesel", "automatico", "picape", "Cinza", res),
		car(17, "Fiat", "Mobi", "Like", 2020, 2020, 49900, 38000, "flex", "manual", "hatch", "Branco", disp),
		car(18, "Hyundai", "HB20", "Comfort", 2020, 2020, 64900, 45000, "flex", "manual", "hatch", "Prata", disp),
		car(19, "BYD", "Dolphin", "EV", 2024, 2024, 149800, 5000, "eletrico", "automatico", "hatch", "Azul", disp),
		car(20, "Nissan", "Kicks", "SV", 2021, 2021, 99900, 33000, "flex", "cvt", "suv", "Branco", res),
		car(21, "Peugeot", "208", "Griffe", 2022, 2023, 89900, 20000, "flex", "automatico", "hatch", "Cinza", disp),
		car(22, "Chevrolet", "Onix", "Premier", 2023, 2023, 99900, 9000, "flex", "automatico", "hatch", "Branco", sold),
	}}
}

// unavailable are the fixture's sold and reserved ids.
var unavailable = map[int64]bool{4: true, 7: true, 12: true, 16: true, 20: true, 22: true}
