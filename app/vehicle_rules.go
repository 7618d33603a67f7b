package app

import (
	"net/url"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// Canonical enumerated values of a vehicle, as stored and as the API returns
// them.
var (
	Combustiveis    = []string{"flex", "gasolina", "etanol", "diesel", "eletrico", "hibrido", "gnv"}
	Cambios         = []string{"manual", "automatico", "cvt", "automatizado"}
	Categorias      = []string{"hatch", "sedan", "suv", "picape", "minivan", "utilitario", "esportivo", "outro"}
	VehicleStatuses = []string{VehicleDisponivel, VehicleReservado, VehicleVendido}
)

// Field names of the enumerated fields, as Canonical takes them.
const (
	FieldCombustivel = "combustivel"
	FieldCambio      = "cambio"
	FieldCategoria   = "categoria"
	FieldStatus      = "status"
)

// Limits of a vehicle's text fields, in characters.
const (
	MaxCodigoLength    = 60
	MaxMarcaLength     = 60
	MaxModeloLength    = 60
	MaxVersaoLength    = 120
	MaxCorLength       = 40
	MaxDescricaoLength = 2000
	MaxFotos           = 50
	MaxFotoURLLength   = 2048
	MinAnoVehicle      = 1950
)

// Limits of an inventory import.
const (
	MaxImportRows  = 100_000
	MaxImportBytes = 20 << 20
)

// enumSynonyms maps the enumKey of words people and dealer systems use to
// the canonical value. The canonical values themselves are added by init.
var enumSynonyms = map[string]map[string]string{
	FieldCombustivel: {
		"alcool": "etanol", "bicombustivel": "flex", "flexivel": "flex", "flex fuel": "flex",
		"gasolina e alcool": "flex", "gasolina alcool": "flex", "alcool gasolina": "flex", "gasolina etanol": "flex",
		"eletrica": "eletrico", "eletricidade": "eletrico", "hibrida": "hibrido", "gas natural": "gnv",
		"gasolina e gnv": "gnv", "flex e gnv": "gnv", "flex gnv": "gnv",
	},
	FieldCambio: {
		"automatica": "automatico", "auto": "automatico", "automatic": "automatico", "mecanico": "manual",
		"mecanica": "manual", "automatizada": "automatizado", "semiautomatico": "automatizado",
		"semi automatico": "automatizado", "cvt automatico": "cvt", "continuamente variavel": "cvt",
	},
	FieldCategoria: {
		"seda": "sedan", "sedans": "sedan", "hatchback": "hatch", "pickup": "picape", "pick up": "picape",
		"caminhonete": "picape", "picapes": "picape", "crossover": "suv", "utilitario esportivo": "suv",
		"van": "minivan", "monovolume": "minivan", "furgao": "utilitario", "esportiva": "esportivo",
		"esporte": "esportivo", "cupe": "esportivo", "coupe": "esportivo", "conversivel": "esportivo",
		"outros": "outro", "outra": "outro",
	},
	FieldStatus: {
		"disponiveis": "disponivel", "a venda": "disponivel", "reservada": "reservado",
		"vendida": "vendido",
	},
}

func init() {
	for field, values := range map[string][]string{FieldCombustivel: Combustiveis, FieldCambio: Cambios,
		FieldCategoria: Categorias, FieldStatus: VehicleStatuses} {
		for _, v := range values {
			enumSynonyms[field][v] = v
		}
	}
}

// enumKey folds s and turns hyphens, underscores, slashes and runs of spaces
// into one space, so "Pick-up", "pick up" and "PICK_UP" meet.
func enumKey(s string) string {
	f := Fold(strings.TrimSpace(s))
	return strings.Join(strings.FieldsFunc(f, func(r rune) bool {
		return r == ' ' || r == '-' || r == '_' || r == '/' || r == '.' || r == '+' || unicode.IsSpace(r)
	}), " ")
}

// Canonical returns the canonical value of an enumerated field (one of the
// Field* constants) for what a person or a CSV wrote: without regard to case
// and accents, synonyms included ("Automática" -> "automatico", "Sedã" ->
// "sedan", "pickup" -> "picape"). ok is false for an unknown value.
func Canonical(field, s string) (value string, ok bool) {
	value, ok = enumSynonyms[field][enumKey(s)]
	return value, ok
}

// SearchKey is the form in which marcas and modelos are compared: folded,
// with only letters and digits, so "HR-V", "hrv" and "Hr V" are one.
func SearchKey(s string) string {
	f := Fold(s)
	var b strings.Builder
	b.Grow(len(f))
	for _, r := range f {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			b.WriteRune(r)
		}
	}
	return b.String()
}

// Normalize puts v in its stored form: text trimmed (and, in one-line
// fields, inner whitespace collapsed), enumerated values canonical where
// recognised (unknown ones are left for Validate to name), status disponivel
// when empty, empty fotos dropped.
func (v *Vehicle) Normalize() { v.NormalizeIn(NichoVeiculos) }

// NormalizeIn is Normalize for a vehicle of an empresa of nicho, whose
// categories it reads (see CategoriasOf).
func (v *Vehicle) NormalizeIn(nicho string) {
	v.Codigo = oneLine(v.Codigo)
	v.Marca = oneLine(v.Marca)
	v.Modelo = oneLine(v.Modelo)
	v.Versao = oneLine(v.Versao)
	v.Cor = oneLine(v.Cor)
	// The CSV reader turns \r\n into \n inside a field; storing \n alone is
	// what lets an export import back unchanged.
	v.Descricao = strings.TrimSpace(strings.ReplaceAll(v.Descricao, "\r\n", "\n"))
	for field, p := range map[string]*string{FieldCombustivel: &v.Combustivel, FieldCambio: &v.Cambio,
		FieldStatus: &v.Status} {
		*p = strings.TrimSpace(*p)
		if c, ok := Canonical(field, *p); ok {
			*p = c
		}
	}
	v.Categoria = strings.TrimSpace(v.Categoria)
	if c, ok := CanonicalCategoria(nicho, v.Categoria); ok {
		v.Categoria = c
	}
	if v.Status == "" {
		v.Status = VehicleDisponivel
	}
	fotos := v.Fotos[:0:0]
	for _, f := range v.Fotos {
		// '|' separates fotos in the CSV; escaped, it is the same URL.
		f = strings.ReplaceAll(strings.TrimSpace(f), "|", "%7C")
		if f != "" {
			fotos = append(fotos, f)
		}
	}
	if fotos == nil {
		fotos = []string{}
	}
	v.Fotos = fotos
}

func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }

// FieldError is one field's failure, with the field's wire name.
type FieldError struct {
	Field   string `json:"campo"`
	Message string `json:"erro"`
}

// Problems lists every rule v breaks (after Normalize), one per field, in
// the order of the fields; now gives the current year for the year bounds.
func (v *Vehicle) Problems(now time.Time) []FieldError { return v.ProblemsIn(NichoVeiculos, now) }

// ProblemsIn is Problems for a vehicle of an empresa of nicho.
func (v *Vehicle) ProblemsIn(nicho string, now time.Time) []FieldError {
	var ps []FieldError
	add := func(field, msg string) { ps = append(ps, FieldError{Field: field, Message: msg}) }
	text := func(field, label, s string, required bool, max int) {
		switch n := utf8.RuneCountInString(s); {
		case !utf8.ValidString(s):
			add(field, label+" contém caracteres inválidos")
		case required && n == 0:
			add(field, requiredMsg(label))
		case n > max:
			add(field, label+" deve ter no máximo "+strconv.Itoa(max)+" caracteres")
		case strings.ContainsFunc(s, func(r rune) bool { return unicode.IsControl(r) && r != '\n' && r != '\t' }):
			add(field, label+" contém caracteres de controle")
		}
	}
	text("codigo", "código", v.Codigo, false, MaxCodigoLength)
	text("marca", "marca", v.Marca, true, MaxMarcaLength)
	text("modelo", "modelo", v.Modelo, true, MaxModeloLength)
	text("versao", "versão", v.Versao, false, MaxVersaoLength)

	maxAno := now.Year() + 1
	switch {
	case v.AnoFabricacao == 0:
		add("anoFabricacao", "ano de fabricação é obrigatório")
	case v.AnoFabricacao < MinAnoVehicle || v.AnoFabricacao > maxAno:
		add("anoFabricacao", "ano de fabricação deve estar entre "+strconv.Itoa(MinAnoVehicle)+" e "+strconv.Itoa(maxAno))
	}
	switch {
	case v.AnoModelo == 0:
		add("anoModelo", "ano do modelo é obrigatório")
	case v.AnoModelo < MinAnoVehicle || v.AnoModelo > maxAno:
		add("anoModelo", "ano do modelo deve estar entre "+strconv.Itoa(MinAnoVehicle)+" e "+strconv.Itoa(maxAno))
	case v.AnoFabricacao >= MinAnoVehicle && v.AnoFabricacao <= maxAno &&
		v.AnoModelo != v.AnoFabricacao && v.AnoModelo != v.AnoFabricacao+1:
		add("anoModelo", "ano do modelo deve ser o ano de fabricação ou o seguinte")
	}
	switch {
	case v.Preco <= 0:
		add("preco", "preço deve ser maior que zero")
	case v.Preco > MaxCentavos:
		add("preco", "preço deve ser no máximo R$ 1.000.000.000,00")
	}
	if v.Km < 0 {
		add("km", "km não pode ser negativo")
	} else if v.Km > 10_000_000 {
		add("km", "km deve ser no máximo 10.000.000")
	}
	enum := func(field, label, value string, values []string) {
		if value == "" {
			add(field, requiredMsg(label)+" (use "+strings.Join(values, ", ")+")")
		} else if c, ok := Canonical(field, value); !ok || c != value {
			add(field, label+" inválido: \""+truncate(value, 30)+"\" (use "+strings.Join(values, ", ")+")")
		}
	}
	enum(FieldCombustivel, "combustível", v.Combustivel, Combustiveis)
	enum(FieldCambio, "câmbio", v.Cambio, Cambios)
	enum(categoriaField(nicho), "categoria", v.Categoria, CategoriasOf(nicho))
	if v.Cilindradas < 0 || v.Cilindradas > MaxCilindradas {
		add("cilindradas", "cilindradas deve estar entre 0 e "+strconv.Itoa(MaxCilindradas))
	}
	text("cor", "cor", v.Cor, false, MaxCorLength)
	if len(v.Fotos) > MaxFotos {
		add("fotos", "no máximo "+strconv.Itoa(MaxFotos)+" fotos")
	} else {
		for _, f := range v.Fotos {
			if msg := checkFotoURL(f); msg != "" {
				add("fotos", msg)
				break
			}
		}
	}
	enum(FieldStatus, "status", v.Status, VehicleStatuses)
	text("descricao", "descrição", v.Descricao, false, MaxDescricaoLength)
	return ps
}

func checkFotoURL(f string) string {
	if len(f) > MaxFotoURLLength {
		return "URL de foto longa demais (máximo " + strconv.Itoa(MaxFotoURLLength) + " caracteres)"
	}
	u, err := url.Parse(f)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" ||
		strings.ContainsFunc(f, unicode.IsSpace) {
		return "foto deve ser uma URL http(s): \"" + truncate(f, 60) + "\""
	}
	return ""
}

// Validate checks v (after Normalize) and returns nil or an *Error with code
// EINVALID: the message names the first field that fails, Details holds
// every FieldError.
func (v *Vehicle) Validate(now time.Time) error { return v.ValidateIn(NichoVeiculos, now) }

// ValidateIn is Validate for a vehicle of an empresa of nicho.
func (v *Vehicle) ValidateIn(nicho string, now time.Time) error {
	ps := v.ProblemsIn(nicho, now)
	if len(ps) == 0 {
		return nil
	}
	return &Error{Code: EINVALID, Message: ps[0].Message, Details: ps}
}

// feminine labels take "obrigatória".
var feminine = map[string]bool{"marca": true, "versão": true, "cor": true, "descrição": true, "categoria": true}

func requiredMsg(label string) string {
	if feminine[label] {
		return label + " é obrigatória"
	}
	return label + " é obrigatório"
}
