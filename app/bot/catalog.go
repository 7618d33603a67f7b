package bot

import (
	_ "embed"
	"sort"
	"strconv"
	"strings"

	"vendeai/app"
)

// The catalogue is the marcas and main modelos sold in Brazil, whether or
// not this empresa stocks them, so that "tem ferrari?" gets an honest "não
// temos" and the closest alternatives instead of an unrelated list. Each
// modelo carries its category and a typical price (and, for motos, its
// cilindradas) to find those alternatives.
var (
	//go:embed data/carros.txt
	carrosData string
	//go:embed data/motos.txt
	motosData string
)

type catalogEntry struct {
	Marca       string
	Modelo      string // "" for the marca itself
	Categoria   string
	Preco       app.Centavos // typical price
	Cilindradas int
	// ambiguous names are everyday words too ("up", "fit"): they count
	// only right after their marca or after "tem", "um", "o", "a".
	ambiguous bool
}

// Display is the name as the customer reads it.
func (e *catalogEntry) Display() string {
	if e.Modelo == "" {
		return e.Marca
	}
	if isDigits(nameKey(e.Modelo)) { // "208" alone reads better with its marca
		return e.Marca + " " + e.Modelo
	}
	return e.Modelo
}

type catalog struct {
	modelos map[string][]*catalogEntry // modelo key -> entries (a key may exist in two marcas)
	marcas  map[string]*catalogEntry   // marca key -> the marca
	fuzzy   *fuzzySet
}

var catalogs = map[string]*catalog{
	app.NichoVeiculos: loadCatalog(carrosData),
	app.NichoMotos:    loadCatalog(motosData),
}

func catalogFor(nicho string) *catalog {
	if c, ok := catalogs[nicho]; ok {
		return c
	}
	return catalogs[app.NichoVeiculos]
}

func loadCatalog(data string) *catalog {
	c := &catalog{modelos: map[string][]*catalogEntry{}, marcas: map[string]*catalogEntry{}}
	for _, line := range strings.Split(data, "\n") {
		line = strings.TrimSpace(line)
		marca, list, ok := strings.Cut(line, "|")
		if line == "" || line[0] == '#' || !ok {
			continue
		}
		marca = strings.TrimSpace(marca)
		m := &catalogEntry{Marca: marca}
		var prices []int
		for _, item := range strings.Split(list, ",") {
			f := strings.Split(strings.TrimSpace(item), ":")
			if len(f) < 3 {
				continue
			}
			e := &catalogEntry{Marca: marca, Modelo: f[0], Categoria: f[1]}
			if strings.HasPrefix(e.Modelo, "~") {
				e.Modelo, e.ambiguous = e.Modelo[1:], true
			}
			mil, _ := strconv.Atoi(f[2])
			e.Preco = app.Centavos(mil) * 100_000
			prices = append(prices, mil)
			if len(f) > 3 {
				e.Cilindradas, _ = strconv.Atoi(f[3])
			}
			k := nameKey(e.Modelo)
			c.modelos[k] = append(c.modelos[k], e)
		}
		if len(prices) > 0 {
			sort.Ints(prices)
			m.Preco = app.Centavos(prices[len(prices)/2]) * 100_000
		}
		c.marcas[nameKey(marca)] = m
		for _, group := range marcaAliases {
			if contains(group, nameKey(marca)) {
				for _, alias := range group {
					if _, taken := c.marcas[alias]; !taken {
						c.marcas[alias] = m
					}
				}
			}
		}
	}
	keys := make([]string, 0, len(c.modelos)+len(c.marcas))
	for k, es := range c.modelos {
		if !es[0].ambiguous && !isDigits(k) {
			keys = append(keys, k)
		}
	}
	for k := range c.marcas {
		keys = append(keys, k)
	}
	c.fuzzy = newFuzzySet(keys, 5)
	return c
}

// modelo finds a catalogue modelo, preferring the one of marca when given.
func (c *catalog) modelo(k, marca string) (*catalogEntry, bool) {
	es := c.modelos[k]
	if len(es) == 0 {
		return nil, false
	}
	mk := nameKey(marca)
	for _, e := range es {
		if mk != "" && (nameKey(e.Marca) == mk || sameMarca(e.Marca, marca)) {
			return e, true
		}
	}
	return es[0], true
}

// sameMarca reports whether two spellings name one marca ("VW", "Volkswagen").
func sameMarca(a, b string) bool {
	ka, kb := nameKey(a), nameKey(b)
	if ka == kb {
		return true
	}
	for _, group := range marcaAliases {
		if contains(group, ka) && contains(group, kb) {
			return true
		}
	}
	return false
}
