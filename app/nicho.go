package app

import "strings"

// Niches (Empresa.Nicho): what an empresa sells. The niche decides which
// categories its vehicles take, and how the assistant speaks of them.
const (
	NichoVeiculos = "veiculos" // cars, pickups, vans: the default
	NichoMotos    = "motos"
)

// Nichos lists the accepted niches.
var Nichos = []string{NichoVeiculos, NichoMotos}

// CategoriasMoto are the categories of a motos empresa's vehicles.
var CategoriasMoto = []string{"street", "trail", "scooter", "esportiva", "custom", "naked", "touring", "outro"}

// FieldCategoriaMoto is the categoria of a moto, as Canonical takes it.
const FieldCategoriaMoto = "categoria_moto"

// Limits of a vehicle's cilindradas (cc); 0 means not given.
const MaxCilindradas = 3000

var nichoSynonyms = map[string]string{
	"veiculos": NichoVeiculos, "veiculo": NichoVeiculos, "carros": NichoVeiculos, "carro": NichoVeiculos,
	"automoveis": NichoVeiculos, "motos": NichoMotos, "moto": NichoMotos, "motocicletas": NichoMotos,
	"motocicleta": NichoMotos,
}

// CanonicalNicho returns the niche s names ("Motos", "carros"), ok false
// when it names none.
func CanonicalNicho(s string) (string, bool) {
	n, ok := nichoSynonyms[enumKey(s)]
	return n, ok
}

// NichoOf is the niche an empresa's stored value stands for: veiculos
// unless it is motos (values written before niches were checked included).
func NichoOf(s string) string {
	if n, ok := CanonicalNicho(s); ok {
		return n
	}
	return NichoVeiculos
}

// CategoriasOf lists the categories of a niche.
func CategoriasOf(nicho string) []string {
	if nicho == NichoMotos {
		return CategoriasMoto
	}
	return Categorias
}

// categoriaField is the Canonical field of a niche's categories; "" (no
// niche known) reads either niche's, cars first.
func categoriaField(nicho string) string {
	if nicho == NichoMotos {
		return FieldCategoriaMoto
	}
	return FieldCategoria
}

// CanonicalCategoria returns the canonical categoria for a niche; with
// nicho "" any niche's categoria is accepted.
func CanonicalCategoria(nicho, s string) (string, bool) {
	if nicho == "" {
		if c, ok := Canonical(FieldCategoria, s); ok {
			return c, true
		}
		return Canonical(FieldCategoriaMoto, s)
	}
	return Canonical(categoriaField(nicho), s)
}

func init() {
	enumSynonyms[FieldCategoriaMoto] = map[string]string{
		"rua": "street", "urbana": "street", "city": "street", "cub": "street", "motoneta": "scooter",
		"scooters": "scooter", "scoot": "scooter", "scuter": "scooter", "big trail": "trail", "off road": "trail",
		"offroad": "trail", "adventure": "trail", "aventura": "trail", "sport": "esportiva", "esportivo": "esportiva",
		"esporte": "esportiva", "superesportiva": "esportiva", "carenada": "esportiva", "chopper": "custom",
		"cruiser": "custom", "classica": "custom", "streetfighter": "naked", "touring": "touring",
		"turismo": "touring", "estradeira": "touring", "outros": "outro", "outra": "outro",
	}
	for _, c := range CategoriasMoto {
		enumSynonyms[FieldCategoriaMoto][c] = c
	}
}

// nichoValid checks a niche given to an empresa.
func nichoValid(s string) bool {
	_, ok := CanonicalNicho(strings.TrimSpace(s))
	return ok
}
