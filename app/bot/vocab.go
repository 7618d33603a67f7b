package bot

import (
	"sort"
	"strings"
	"sync"

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
	{"volkswagen", "vw", "volks", "volkswagem", "wolks", "wv", "volkswagen"},
	{"chevrolet", "chevy", "gm", "chev", "chevrolete"},
	{"mercedesbenz", "mercedes", "benz", "mb", "mercedez"},
	{"citroen", "citroem"},
	{"hyundai", "hyundae", "hiunday", "hiundai", "hyunday", "hundai"},
	{"landrover", "land"},
	{"caoachery", "chery", "caoa"},
	{"greatwall", "gwm"},
	{"harleydavidson", "harley", "hd"},
	{"royalenfield", "royal"},
	{"bmwmotorrad", "bmw"},
	{"mitsubishi", "mitsu", "mitsubichi"},
}

// vocabIndex is an empresa's vocabulary ready for matching: built once per
// inventory change (see indexCache), read by any number of messages.
type vocabIndex struct {
	marcas    map[string]string          // key -> marca as the inventory spells it
	modelos   map[string][]app.ModelName // key -> modelos with that key
	firstWord map[string][]app.ModelName // first word of a modelo of several ("cg" of "CG 160 Fan")
	maxLen    int                        // longest key, to bound n-grams
	fzModelos *fuzzySet
	fzMarcas  *fuzzySet
}

func newVocabIndex(v app.Vocabulary) *vocabIndex {
	ix := &vocabIndex{marcas: make(map[string]string, len(v.Marcas)), modelos: make(map[string][]app.ModelName, len(v.Modelos)),
		firstWord: map[string][]app.ModelName{}}
	for _, m := range v.Marcas {
		if k := nameKey(m); k != "" {
			ix.marcas[k] = m
			ix.maxLen = max(ix.maxLen, len(k))
		}
	}
	for _, mn := range v.Modelos {
		k := nameKey(mn.Modelo)
		if k == "" {
			continue
		}
		ix.modelos[k] = append(ix.modelos[k], mn)
		ix.maxLen = max(ix.maxLen, len(k))
		if mk := nameKey(mn.Marca); mk != "" {
			if _, ok := ix.marcas[mk]; !ok {
				ix.marcas[mk] = mn.Marca
			}
		}
		if fields := strings.Fields(app.Fold(mn.Modelo)); len(fields) > 1 {
			if fk := nameKey(fields[0]); len(fk) >= 2 && !isDigits(fk) {
				ix.firstWord[fk] = append(ix.firstWord[fk], mn)
			}
		}
	}
	keys := make([]string, 0, len(ix.modelos))
	for k := range ix.modelos {
		keys = append(keys, k)
	}
	ix.fzModelos = newFuzzySet(keys, 5)
	keys = keys[:0]
	for k := range ix.marcas {
		keys = append(keys, k)
	}
	for _, group := range marcaAliases {
		keys = append(keys, group...)
	}
	ix.fzMarcas = newFuzzySet(keys, 5)
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

// indexCache keeps the indexes of the vocabularies seen lately, by their
// Version, so a message costs a map lookup instead of an index build.
type indexCache struct {
	mu    sync.Mutex
	byVer map[uint64]*vocabIndex
	order []uint64 // oldest first, to evict
}

// maxCachedIndexes bounds the memory: one entry per empresa is enough.
const maxCachedIndexes = 2048

func (c *indexCache) get(v app.Vocabulary) *vocabIndex {
	if v.Version == 0 {
		return newVocabIndex(v)
	}
	c.mu.Lock()
	ix, ok := c.byVer[v.Version]
	c.mu.Unlock()
	if ok {
		return ix
	}
	ix = newVocabIndex(v)
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.byVer == nil {
		c.byVer = map[uint64]*vocabIndex{}
	}
	if _, ok := c.byVer[v.Version]; !ok {
		c.byVer[v.Version] = ix
		c.order = append(c.order, v.Version)
		if len(c.order) > maxCachedIndexes {
			delete(c.byVer, c.order[0])
			c.order = c.order[1:]
		}
	}
	return ix
}

// nameRef is a marca or modelo the customer named.
type nameRef struct {
	Marca   string   // as the inventory spells it (or the catalogue, when not stocked)
	Modelos []string // stocked modelos it stands for; none for a marca alone
	// Entry is the catalogue's entry when the name is not in this empresa's
	// vocabulary (a modelo or marca it does not stock).
	Entry *catalogEntry
	start int // first token
}

// Stocked reports whether the name is one of this empresa's.
func (n nameRef) Stocked() bool { return n.Entry == nil }

// Display is the name as the customer reads it.
func (n nameRef) Display() string {
	switch {
	case n.Entry != nil:
		return n.Entry.Display()
	case len(n.Modelos) > 0:
		return n.Modelos[0]
	}
	return n.Marca
}

// fuzzyBudget bounds the typo guesses of one message: each is cheap, but a
// long odd message must not multiply them.
const fuzzyBudget = 24

// names looks for marcas and modelos in the unused tokens, longest first,
// in this empresa's vocabulary and then in the catalogue, and marks what it
// consumed. Typos are forgiven only for single words of five letters or
// more that are not words the parser already knows.
func (p *parser) names() {
	ix, cat := p.ix, catalogFor(p.nicho)
	for i := 0; i < len(p.toks); i++ {
		if p.toks[i].used {
			continue
		}
		for n := min(4, len(p.toks)-i); n >= 1; n-- {
			k, ok := p.gram(i, n)
			if !ok || len(k) > ix.maxLen+2 && len(k) > 14 {
				continue
			}
			if ref, hit := p.lookupName(k, i, n, cat); hit {
				ref.start = i
				p.in.names = append(p.in.names, ref)
				for j := i; j < i+n; j++ {
					p.toks[j].used = true
				}
				i += n - 1
				break
			}
		}
	}
	p.joinMarcaModelo()
}

// gram joins n tokens from i into a name key, or reports they cannot form one.
func (p *parser) gram(i, n int) (string, bool) {
	var kb strings.Builder
	for j := i; j < i+n; j++ {
		t := p.toks[j]
		if t.used || t.sep || t.date || t.clock || t.w == "+" || t.w == "?" {
			return "", false
		}
		// A letter glued after a number is its unit ("80k"), never a name.
		if j > i && !t.num && t.glued && p.toks[j-1].num && p.toks[i].num || j == i && !t.num && t.glued && i > 0 && p.toks[i-1].num {
			return "", false
		}
		kb.WriteString(t.raw)
	}
	k := kb.String()
	if n == 1 && p.toks[i].num && !isDigits(k) {
		return "", false
	}
	return k, k != ""
}

func (p *parser) lookupName(k string, i, n int, cat *catalog) (nameRef, bool) {
	numeric := isDigits(k)
	single := n == 1 && !numeric
	afterMarca := i > 0 && p.toks[i-1].used && len(p.in.names) > 0 && p.in.names[len(p.in.names)-1].start == i-1 &&
		len(p.in.names[len(p.in.names)-1].Modelos) == 0
	// A bare number is a modelo ("208") only right after its marca:
	// otherwise "2008" is a year and "500" a price or a choice.
	if mns, hit := p.lookupModelo(k, single); hit {
		if numeric && !(afterMarca && sameMarca(mns[0].Marca, p.in.names[len(p.in.names)-1].Marca)) {
			return nameRef{}, false
		}
		ref := nameRef{Marca: mns[0].Marca}
		for _, mn := range mns {
			if !contains(ref.Modelos, mn.Modelo) {
				ref.Modelos = append(ref.Modelos, mn.Modelo)
			}
		}
		return ref, true
	}
	if m, hit := p.lookupMarca(k, single); hit {
		return nameRef{Marca: m}, true
	}
	if _, isWord := words[k]; isWord || stopwords[k] || len(k) < 2 {
		return nameRef{}, false
	}
	if e, ok := cat.modelo(k, p.lastMarca()); ok {
		if numeric && !afterMarca || e.ambiguous && !afterMarca && !p.determinerBefore(i) {
			return nameRef{}, false
		}
		return nameRef{Marca: e.Marca, Entry: e}, true
	}
	if m, ok := cat.marcas[k]; ok && !numeric && len(k) >= 2 {
		return nameRef{Marca: m.Marca, Entry: m}, true
	}
	if single && len(k) >= 5 && p.budget > 0 {
		p.budget--
		if ck := cat.fuzzy.lookup(k); ck != "" {
			if e, ok := cat.modelo(ck, ""); ok {
				return nameRef{Marca: e.Marca, Entry: e}, true
			}
			if m, ok := cat.marcas[ck]; ok {
				return nameRef{Marca: m.Marca, Entry: m}, true
			}
		}
	}
	return nameRef{}, false
}

func (p *parser) lastMarca() string {
	if len(p.in.names) == 0 {
		return ""
	}
	return p.in.names[len(p.in.names)-1].Marca
}

// determinerBefore: "tem up?", "um fit", "o city": a word that introduces a name.
func (p *parser) determinerBefore(i int) bool {
	switch p.word(i - 1) {
	case "tem", "um", "o", "a", "do", "da", "no", "na", "ou", "versus", "e", "quero", "procuro", "uns":
		return true
	}
	return i == 0 && len(p.toks) <= 3
}

func (p *parser) lookupModelo(k string, fuzzy bool) ([]app.ModelName, bool) {
	ix := p.ix
	if mns, ok := ix.modelos[k]; ok {
		return mns, true
	}
	if _, isWord := words[k]; isWord || stopwords[k] {
		return nil, false
	}
	if mns, ok := ix.firstWord[k]; ok {
		return mns, true
	}
	if _, other := catalogFor(p.nicho).modelos[k]; other {
		return nil, false // "hb20s" is a modelo of its own, not HB20's plural
	}
	if len(k) > 3 && k[len(k)-1] == 's' {
		if mns, ok := ix.modelos[k[:len(k)-1]]; ok {
			return mns, true
		}
	}
	if !fuzzy || len(k) < 5 || p.budget <= 0 {
		return nil, false
	}
	if _, isWord := singular(k); isWord {
		return nil, false
	}
	p.budget--
	if best := ix.fzModelos.lookup(k); best != "" {
		return ix.modelos[best], true
	}
	return nil, false
}

func (p *parser) lookupMarca(k string, fuzzy bool) (string, bool) {
	ix := p.ix
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
	if !fuzzy || len(k) < 5 || p.budget <= 0 {
		return "", false
	}
	if _, isWord := singular(k); isWord {
		return "", false
	}
	p.budget--
	if best := ix.fzMarcas.lookup(k); best != "" {
		return ix.marca(best)
	}
	return "", false
}

// joinMarcaModelo folds "peugeot 208" (a marca, then one of its modelos)
// into one name, so that the marca is not taken for a second subject.
func (p *parser) joinMarcaModelo() {
	ns := p.in.names
	out := ns[:0]
	for i := 0; i < len(ns); i++ {
		n := ns[i]
		if i+1 < len(ns) && len(n.Modelos) == 0 && (n.Entry == nil || n.Entry.Modelo == "") &&
			sameMarca(n.Marca, ns[i+1].Marca) && (len(ns[i+1].Modelos) > 0 || ns[i+1].Entry != nil && ns[i+1].Entry.Modelo != "") {
			m := ns[i+1]
			m.start = n.start
			if m.Entry == nil || n.Entry == nil {
				m.Marca = n.Marca // the inventory's spelling when it has one
			}
			out = append(out, m)
			i++
			continue
		}
		out = append(out, n)
	}
	p.in.names = out
	sort.SliceStable(p.in.names, func(a, b int) bool { return p.in.names[a].start < p.in.names[b].start })
}
