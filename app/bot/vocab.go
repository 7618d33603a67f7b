package bot

import (
	"strings"

	"vendeai/app"
)

// nameKey is how marcas and modelos are compared, here and in the
// inventory: folded, with hyphens, spaces and other punctuation removed
// ("HR-V" = "hrv", "T-Cross" = "tcross").
func nameKey(s string) string {
	f := app.Fold(s)
	var b strings.Builder
	b.Grow(len(f))
	for _, r := range f {
		if r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r > 0x7f && r != 0xa0 {
			b.WriteRune(r)
		}
	}
	return b.String()
}

// NameKey exposes the comparison key, so that inventories can match marcas
// and modelos exactly as the assistant spells them.
func NameKey(s string) string { return nameKey(s) }

// marcaAliases groups the names customers use for one marca; the
// inventory may spell it any of these ways.
var marcaAliases = [][]string{
	{"volkswagen", "vw", "volks", "volkswagem", "wolks", "wv"},
	{"chevrolet", "chevy", "gm", "chev"},
	{"mercedesbenz", "mercedes", "benz", "mb"},
	{"citroen", "citroem"},
	{"hyundai", "hyundae", "hiunday", "hiundai"},
	{"landrover", "land"},
	{"caoachery", "chery", "caoa"},
	{"greatwall", "gwm"},
}

// knownNames are marcas and modelos sold in Brazil: when a customer names
// one this empresa does not stock, the assistant says so instead of
// listing unrelated cars as if they matched.
var knownNames = func() map[string]string {
	m := map[string]string{}
	for _, n := range strings.Split("Toyota,Honda,Fiat,Ford,Renault,Nissan,Hyundai,Kia,Jeep,Peugeot,Citroën,Mitsubishi,BYD,"+
		"Chery,BMW,Audi,Mercedes,Volvo,Land Rover,Suzuki,RAM,GWM,Volkswagen,Chevrolet,Porsche,Subaru,JAC,Dodge,"+
		"Corolla,Corolla Cross,Civic,Hilux,SW4,Yaris,Etios,RAV4,Compass,Renegade,Commander,Onix,Onix Plus,Tracker,"+
		"S10,Spin,Cruze,Montana,Equinox,Prisma,Celta,Corsa,Cobalt,HB20,HB20S,Creta,Tucson,Santa Fe,Gol,Polo,Virtus,Nivus,"+
		"T-Cross,Taos,Amarok,Saveiro,Jetta,Tiguan,Golf,Fox,Voyage,Strada,Toro,Argo,Mobi,Uno,Cronos,Pulse,Fastback,"+
		"Palio,Siena,Doblo,Kwid,Sandero,Logan,Duster,Oroch,Captur,Kicks,Versa,Sentra,Frontier,March,Ranger,Ecosport,"+
		"Fiesta,Focus,Territory,Maverick,Bronco,Fit,City,HR-V,CR-V,WR-V,208,2008,3008,C3,C4 Cactus,L200,Pajero,"+
		"Outlander,Eclipse Cross,ASX,Tiggo,Dolphin,Seal,Song,Yuan,Sportage,Cerato,Sorento,Jimny,Vitara,X1,X3,A3,A4,Q3,"+
		"Rampage,Wrangler,Haval,XC60,XC40,Evoque,Discovery,Defender,Cherokee,Fusion,Edge", ",") {
		m[nameKey(n)] = n
	}
	return m
}()

type vocabIndex struct {
	marcas  map[string]string          // key -> marca as the inventory spells it
	modelos map[string][]app.ModelName // key -> modelos with that key
	maxLen  int                        // longest key, to bound n-grams
}

func newVocabIndex(v app.Vocabulary) *vocabIndex {
	ix := &vocabIndex{marcas: make(map[string]string, len(v.Marcas)), modelos: make(map[string][]app.ModelName, len(v.Modelos))}
	for _, m := range v.Marcas {
		if k := nameKey(m); k != "" {
			ix.marcas[k] = m
			ix.maxLen = max(ix.maxLen, len(k))
		}
	}
	for _, mn := range v.Modelos {
		if k := nameKey(mn.Modelo); k != "" {
			ix.modelos[k] = append(ix.modelos[k], mn)
			ix.maxLen = max(ix.maxLen, len(k))
			if mk := nameKey(mn.Marca); mk != "" {
				if _, ok := ix.marcas[mk]; !ok {
					ix.marcas[mk] = mn.Marca
				}
			}
		}
	}
	return ix
}

// marca finds the inventory's marca for a key, aliases included.
func (ix *vocabIndex) marca(k string) (string, bool) {
	if m, ok := ix.marcas[k]; ok {
		return m, true
	}
	for _, group := range marcaAliases {
		if !contains(group, k) {
			continue
		}
		for _, alt := range group {
			if m, ok := ix.marcas[alt]; ok {
				return m, true
			}
		}
	}
	return "", false
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

func isDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}

// match looks for marcas and modelos in the tokens, longest first, and
// marks what it consumed. Typos are forgiven only for single words of five
// letters or more that are not words the parser already knows.
func (ix *vocabIndex) match(toks []tok, f *app.VehicleFilter) (unknown string) {
	var modelMarca string
	for i := 0; i < len(toks); i++ {
		if toks[i].used {
			continue
		}
		found := false
		for n := min(4, len(toks)-i); n >= 1 && !found; n-- {
			var kb strings.Builder
			ok := true
			for j := i; j < i+n; j++ {
				if toks[j].used || toks[j].sep || toks[j].date || toks[j].w == "+" {
					ok = false
					break
				}
				kb.WriteString(toks[j].raw)
			}
			k := kb.String()
			if !ok || len(k) > ix.maxLen+2 && len(k) > 14 {
				continue
			}
			if n == 1 && toks[i].num && !isDigits(k) {
				continue
			}
			// A bare number is a modelo ("208") only right after its marca:
			// otherwise "2008" is a year and "500" a price or a choice.
			numeric := isDigits(k)
			if mns, hit := ix.lookupModelo(k, n == 1 && !numeric); hit {
				if numeric && !(i > 0 && toks[i-1].used && f.Marca != "" && nameKey(mns[0].Marca) == nameKey(f.Marca)) {
					continue
				}
				if f.Modelo == "" {
					f.Modelo = mns[0].Modelo
					if len(mns) == 1 || f.Marca != "" {
						modelMarca = mns[0].Marca
					}
				}
				found = true
			} else if m, hit := ix.lookupMarca(k, n == 1 && !numeric); hit {
				if f.Marca == "" {
					f.Marca = m
				}
				found = true
			} else if name, hit := knownNames[k]; hit && !numeric && len(k) >= 3 && unknown == "" {
				if _, isWord := words[k]; !isWord {
					unknown = name
					found = true
				}
			}
			if found {
				for j := i; j < i+n; j++ {
					toks[j].used = true
				}
				i += n - 1
			}
		}
	}
	if f.Marca == "" && modelMarca != "" {
		f.Marca = modelMarca
	}
	return unknown
}

func (ix *vocabIndex) lookupModelo(k string, fuzzy bool) ([]app.ModelName, bool) {
	if mns, ok := ix.modelos[k]; ok {
		return mns, true
	}
	if _, isWord := words[k]; isWord || stopwords[k] {
		return nil, false
	}
	if len(k) > 3 && k[len(k)-1] == 's' {
		if mns, ok := ix.modelos[k[:len(k)-1]]; ok {
			return mns, true
		}
	}
	if !fuzzy || len(k) < 5 {
		return nil, false
	}
	if _, isWord := singular(k); isWord {
		return nil, false
	}
	var best string
	for mk := range ix.modelos {
		if len(mk) >= 5 && within1(k, mk) && (best == "" || mk < best) {
			best = mk
		}
	}
	if best == "" {
		return nil, false
	}
	return ix.modelos[best], true
}

func (ix *vocabIndex) lookupMarca(k string, fuzzy bool) (string, bool) {
	if m, ok := ix.marca(k); ok {
		return m, true
	}
	if _, isWord := words[k]; isWord || stopwords[k] {
		return "", false
	}
	if len(k) > 3 && k[len(k)-1] == 's' {
		if m, ok := ix.marca(k[:len(k)-1]); ok {
			return m, true
		}
	}
	if !fuzzy || len(k) < 5 {
		return "", false
	}
	if _, isWord := singular(k); isWord {
		return "", false
	}
	var best string
	for mk := range ix.marcas {
		if len(mk) >= 5 && within1(k, mk) && (best == "" || mk < best) {
			best = mk
		}
	}
	for _, group := range marcaAliases {
		for _, alt := range group {
			if best == "" && len(alt) >= 5 && within1(k, alt) {
				if m, ok := ix.marca(alt); ok {
					return m, true
				}
			}
		}
	}
	if best == "" {
		return "", false
	}
	return ix.marcas[best], true
}
