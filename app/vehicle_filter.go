package app

import (
	"strconv"
	"strings"
)

// Orderings of a vehicle listing (VehicleFilter.Ordem).
const (
	OrdemPreco     = "preco"
	OrdemPrecoDesc = "-preco"
	OrdemAno       = "ano"
	OrdemAnoDesc   = "-ano"
	OrdemKm        = "km"
	OrdemRecentes  = "recentes"
)

// Ordens lists the accepted orderings.
var Ordens = []string{OrdemPreco, OrdemPrecoDesc, OrdemAno, OrdemAnoDesc, OrdemKm, OrdemRecentes}

// ParseVehicleFilter reads a listing's query string (url.Values is one of
// these maps): q, marca, modelo, categoria, cambio (repeatable or separated
// by commas), combustivel, cor, anoMin, anoMax, cilindradasMin,
// cilindradasMax, precoMin, precoMax (reais, in
// Brazilian or plain form), kmMax, status, ordem, limit, offset. Other keys
// are ignored. The result is normalized (see VehicleFilter.Normalize); a bad
// number or an unknown value is an *Error with code EINVALID naming the
// parameter.
func ParseVehicleFilter(q map[string][]string) (VehicleFilter, error) {
	get := func(k string) string {
		if vs := q[k]; len(vs) > 0 {
			return strings.TrimSpace(vs[0])
		}
		return ""
	}
	f := VehicleFilter{
		Q: get("q"), Marca: get("marca"), Modelo: get("modelo"), Categoria: get("categoria"),
		Combustivel: get("combustivel"), Cor: get("cor"), Status: get("status"), Ordem: get("ordem"),
	}
	for _, v := range q["cambio"] {
		for _, c := range strings.Split(v, ",") {
			if c = strings.TrimSpace(c); c != "" {
				f.Cambios = append(f.Cambios, c)
			}
		}
	}
	ints := []struct {
		key string
		dst *int
	}{{"anoMin", &f.AnoMin}, {"anoMax", &f.AnoMax}, {"limit", &f.Limit}, {"offset", &f.Offset},
		{"cilindradasMin", &f.CilindradasMin}, {"cilindradasMax", &f.CilindradasMax}}
	for _, p := range ints {
		if s := get(p.key); s != "" {
			n, err := strconv.Atoi(s)
			if err != nil || n < 0 {
				return f, Errorf(EINVALID, "%s deve ser um número inteiro não negativo: %q", p.key, truncate(s, 20))
			}
			*p.dst = n
		}
	}
	if f.Limit == 0 && get("limit") != "" {
		return f, Errorf(EINVALID, "limit deve ser entre 1 e %d", MaxVehicleLimit)
	}
	for _, p := range []struct {
		key string
		dst *Centavos
	}{{"precoMin", &f.PrecoMin}, {"precoMax", &f.PrecoMax}} {
		if s := get(p.key); s != "" {
			c, err := ParseReais(s)
			if err != nil || c < 0 {
				return f, Errorf(EINVALID, "%s deve ser um valor em reais, como 80000 ou 80.000,00: %q", p.key, truncate(s, 20))
			}
			*p.dst = c
		}
	}
	if s := get("kmMax"); s != "" {
		n, err := ParseGroupedInt(s)
		if err != nil {
			return f, Errorf(EINVALID, "kmMax deve ser um número inteiro não negativo: %q", truncate(s, 20))
		}
		f.KmMax = &n
	}
	// The empresa's store checks categoria against its own niche.
	if err := f.NormalizeIn(""); err != nil {
		return f, err
	}
	return f, nil
}

// Normalize checks f and puts it in the form the stores read: enumerated
// values canonical (so the assistant may pass "Automático" or "SUV"), status
// disponivel when empty, ordem recentes when empty, limit defaulted and
// capped at MaxVehicleLimit. Bad values: an *Error with code EINVALID.
func (f *VehicleFilter) Normalize() error { return f.NormalizeIn(NichoVeiculos) }

// NormalizeIn is Normalize for an empresa of nicho: categoria must be one
// of the niche's (any niche's when nicho is "").
func (f *VehicleFilter) NormalizeIn(nicho string) error {
	f.Q = strings.TrimSpace(f.Q)
	f.Marca = strings.TrimSpace(f.Marca)
	f.Modelo = strings.TrimSpace(f.Modelo)
	f.Cor = strings.TrimSpace(f.Cor)
	enum := func(param, field string, p *string, values []string) error {
		if *p == "" {
			return nil
		}
		c, ok := Canonical(field, *p)
		if !ok {
			return Errorf(EINVALID, "%s inválido: %q (use %s)", param, truncate(*p, 30), strings.Join(values, ", "))
		}
		*p = c
		return nil
	}
	if f.Categoria = strings.TrimSpace(f.Categoria); f.Categoria != "" {
		c, ok := CanonicalCategoria(nicho, f.Categoria)
		if !ok {
			valid := CategoriasOf(nicho)
			if nicho == "" {
				valid = append(append([]string{}, Categorias...), CategoriasMoto...)
			}
			return Errorf(EINVALID, "categoria inválida: %q (use %s)", truncate(f.Categoria, 30), strings.Join(valid, ", "))
		}
		f.Categoria = c
	}
	for i := range f.Modelos {
		f.Modelos[i] = strings.TrimSpace(f.Modelos[i])
	}
	if err := enum("combustivel", FieldCombustivel, &f.Combustivel, Combustiveis); err != nil {
		return err
	}
	cambios := make([]string, 0, len(f.Cambios))
	for i := range f.Cambios {
		c := f.Cambios[i]
		if err := enum("cambio", FieldCambio, &c, Cambios); err != nil {
			return err
		}
		if c != "" {
			cambios = append(cambios, c)
		}
	}
	f.Cambios = cambios
	switch s := strings.TrimSpace(f.Status); {
	case s == "":
		f.Status = VehicleDisponivel
	case Fold(s) == VehicleStatusTodos:
		f.Status = VehicleStatusTodos
	default:
		c, ok := Canonical(FieldStatus, s)
		if !ok {
			return Errorf(EINVALID, "status inválido: %q (use %s ou todos)", truncate(s, 30), strings.Join(VehicleStatuses, ", "))
		}
		f.Status = c
	}
	f.Ordem = strings.TrimSpace(f.Ordem)
	if f.Ordem == "" {
		f.Ordem = OrdemRecentes
	}
	valid := false
	for _, o := range Ordens {
		valid = valid || o == f.Ordem
	}
	if !valid {
		return Errorf(EINVALID, "ordem inválida: %q (use %s)", truncate(f.Ordem, 20), strings.Join(Ordens, ", "))
	}
	switch {
	case f.AnoMin < 0 || f.AnoMax < 0:
		return Errorf(EINVALID, "anoMin e anoMax não podem ser negativos")
	case f.AnoMax != 0 && f.AnoMin > f.AnoMax:
		return Errorf(EINVALID, "anoMin não pode ser maior que anoMax")
	case f.PrecoMin < 0 || f.PrecoMax < 0:
		return Errorf(EINVALID, "precoMin e precoMax não podem ser negativos")
	case f.PrecoMax != 0 && f.PrecoMin > f.PrecoMax:
		return Errorf(EINVALID, "precoMin não pode ser maior que precoMax")
	case f.CilindradasMin < 0 || f.CilindradasMax < 0:
		return Errorf(EINVALID, "cilindradasMin e cilindradasMax não podem ser negativos")
	case f.CilindradasMax != 0 && f.CilindradasMin > f.CilindradasMax:
		return Errorf(EINVALID, "cilindradasMin não pode ser maior que cilindradasMax")
	case f.KmMax != nil && *f.KmMax < 0:
		return Errorf(EINVALID, "kmMax não pode ser negativo")
	case f.Limit < 0:
		return Errorf(EINVALID, "limit deve ser entre 1 e %d", MaxVehicleLimit)
	case f.Offset < 0:
		return Errorf(EINVALID, "offset não pode ser negativo")
	}
	if f.Limit == 0 {
		f.Limit = DefaultVehicleLimit
	} else if f.Limit > MaxVehicleLimit {
		f.Limit = MaxVehicleLimit
	}
	return nil
}

// corPairs are the spellings of one colour: a car is "branco", a moto
// "branca", and the customer says either.
var corPairs = [][]string{{"branco", "branca"}, {"preto", "preta"}, {"vermelho", "vermelha"}, {"amarelo", "amarela"},
	{"dourado", "dourada"}, {"prata", "prateado", "prateada"}, {"roxo", "roxa"}, {"cinza", "cinzento", "cinzenta"},
	{"laranja", "alaranjado"}, {"bege", "begi"}}

// CorKeys returns the SearchKeys a colour filter matches: its own and the
// other gender's ("vermelho" finds "Vermelha").
func CorKeys(cor string) []string {
	k := SearchKey(cor)
	for _, pair := range corPairs {
		for _, p := range pair {
			if p == k {
				return pair
			}
		}
	}
	return []string{k}
}
