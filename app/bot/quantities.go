package bot

import (
	"strconv"
	"time"

	"vendeai/app"
)

// quantity is a number of the message with what it measures.
type quantity struct {
	start, end int // tokens [start, end) it spans, units included
	v          float64
	mult       bool // "mil", "k"
	sep        bool // written with separators ("80.000")
	reais      bool
	kind       byte // 'y' year, 'p' price, 'k' km, 'c' cc, 'h' hour, 'd' day of month, 's' small, 'e' engine
}

// fillers sit between a qualifier and its number ("até uns 80 mil").
var fillers = map[string]bool{"uns": true, "de": true, "o": true, "a": true, "um": true, "no": true, "na": true,
	"faixa": true, "volta": true, "por": true, "com": true, "do": true, "da": true, "ano": true, "modelo": true,
	"preco": true, "valor": true, "rodado": true, "pagar": true, "gastar": true, "ser": true, "r": true,
	"em": true, "torno": true, "cerca": true, "mais": true, "ou": true, "menos": true, "tipo": true, "quero": true,
	"orcamento": true, "tenho": true, "os": true, "as": true, "que": true, "dos": true, "das": true}

// priceWords before a bare small number make it thousands of reais ("até
// 80", "uns 90", "faz por 100").
var priceWords = map[string]bool{"ate": true, "abaixo": true, "menos": true, "acima": true, "maximo": true,
	"minimo": true, "partir": true, "uns": true, "por": true, "volta": true, "torno": true, "cerca": true,
	"orcamento": true, "preco": true, "valor": true, "pagar": true, "gastar": true, "faz": true, "faria": true,
	"fecha": true, "deixa": true, "aceita": true, "entre": true}

func (p *parser) next(i int) string {
	if i < len(p.toks) && !p.toks[i].used && !p.toks[i].num {
		return p.toks[i].w
	}
	return ""
}

func (p *parser) word(i int) string {
	if i >= 0 && i < len(p.toks) && !p.toks[i].num {
		return p.toks[i].w
	}
	return ""
}

// quantities reads years, prices, mileages, engine sizes, hours and days,
// with the words around them ("até", "a partir de", "entre ... e ...",
// "pra cima"), before any name is looked for: "de 80k a 90k" is a price
// range, never a Ford Ka. Numbers glued to letters ("hb20") and model
// numbers right after their marca ("peugeot 2008") are left to the names.
func (p *parser) quantities() {
	var qs []quantity
	for i := 0; i < len(p.toks); i++ {
		t := &p.toks[i]
		if !t.num || t.used {
			continue
		}
		if t.date {
			p.dateToken(i)
			continue
		}
		if t.clock {
			p.in.Periodo, p.hour = periodOfHour(int(t.val)), int(t.val)
			t.used = true
			continue
		}
		if t.glued && i > 0 && !p.toks[i-1].num {
			continue // part of a name: "hb20", "s10", "cg160"
		}
		q := quantity{start: i, end: i + 1, v: t.val, sep: t.sep}
		if u := p.toks[min(q.end, len(p.toks)-1)]; q.end < len(p.toks) && !u.num {
			switch {
			case u.w == "mil" || u.raw == "k":
				q.mult, q.v = true, q.v*1000
				q.end++
			case u.raw == "h" || u.raw == "hs" || u.raw == "hr" || u.raw == "hrs" || u.raw == "horas" || u.raw == "hora":
				q.kind = 'h'
				q.end++
			case u.raw == "x" && u.glued:
				q.kind = 'e' // "48x": a number of instalments, not a price
				q.end++
			}
		}
		if q.kind == 0 && q.end < len(p.toks) && !p.toks[q.end].num {
			switch w := p.toks[q.end].w; w {
			case "rodado":
				q.kind = 'k'
				q.end++
			case "reais":
				q.reais = true
				q.end++
			case "cc":
				q.kind = 'c'
				q.end++
			}
		}
		if q.kind == 0 {
			q.kind = p.kindOf(q, t)
		}
		if q.kind == 0 { // a model number after its marca: the names take it
			continue
		}
		if q.kind != 's' {
			for j := i; j < q.end; j++ {
				p.toks[j].used = true
			}
		}
		qs = append(qs, q)
		i = q.end - 1
	}
	p.ranges(qs)
}

// kindOf decides what a number without a unit measures.
func (p *parser) kindOf(q quantity, t *tok) byte {
	i := q.start
	for j := i - 1; j >= 0 && j >= i-3; j-- {
		if w := p.word(j); w == "rodado" {
			return 'k'
		} else if w == "cc" {
			return 'c'
		}
	}
	prev := p.word(i - 1)
	if !q.mult && !q.sep && !q.reais && p.modelNumberAfterMarca(i) {
		return 0 // "peugeot 3008", "fiat 500": the names take it
	}
	switch {
	case q.mult || q.reais:
		return 'p'
	case !q.sep && len(t.raw) == 4 && q.v >= 1950 && q.v <= 2035:
		return 'y'
	case q.sep && q.v < 100:
		return 'e' // "1.0", "2.0": the engine, not a price
	case q.v >= 1000:
		return 'p'
	case prev == "dia" && q.v >= 1 && q.v <= 31 && q.v == float64(int(q.v)):
		return 'd'
	case (prev == "ano" || prev == "modelo") && q.v < 100 && len(t.raw) == 2:
		return 'y'
	case p.toks[max(i-1, 0)].raw == "as" && i > 0 && q.v >= 6 && q.v <= 22:
		return 'h'
	case p.smallPrice(i, q.v):
		return 'p'
	}
	return 's'
}

// smallPrice: a bare number after a price word is thousands of reais ("até
// 80" is R$ 80.000; for motos, up to 99).
func (p *parser) smallPrice(i int, v float64) bool {
	limit := 1000.0
	if p.nicho == app.NichoMotos {
		limit = 100
	}
	if v < 5 || v >= limit {
		return false
	}
	for j := i - 1; j >= 0 && j >= i-3; j-- {
		t := p.toks[j]
		if t.num {
			return false
		}
		if priceWords[t.w] || priceWords[t.raw] {
			return true
		}
		if !fillers[t.w] && !fillers[t.raw] {
			return false
		}
	}
	return false
}

// modelNumberAfterMarca: "peugeot 2008", "fiat 500": a number that, after
// this marca, is one of its modelos.
func (p *parser) modelNumberAfterMarca(i int) bool {
	if i == 0 || p.toks[i-1].num {
		return false
	}
	marca := p.toks[i-1].raw
	num := p.toks[i].raw
	if p.ix != nil {
		if m, ok := p.ix.marca(marca); ok {
			for _, mn := range p.ix.modelos[num] {
				if sameMarca(mn.Marca, m) {
					return true
				}
			}
		}
	}
	cat := catalogFor(p.nicho)
	if m, ok := cat.marcas[marca]; ok {
		if e, ok := cat.modelo(num, m.Marca); ok && sameMarca(e.Marca, m.Marca) {
			return true
		}
	}
	return false
}

// dateToken reads "20/03" (a visit's day) or "2019/2020" (a model year).
func (p *parser) dateToken(i int) {
	t := &p.toks[i]
	a, b := splitDate(t.raw)
	if a >= 1950 && a <= 2035 && b >= 1950 && b <= 2035 {
		p.in.Filter.AnoMin, p.in.Filter.AnoMax = b, b
		t.used = true
		return
	}
	if a >= 1 && a <= 31 && b >= 1 && b <= 12 {
		p.in.when = dayRef{offset: -1, day: a, month: b}
		p.in.Dia = t.raw
		t.used = true
	}
}

func splitDate(s string) (int, int) {
	var parts [2]int
	n := 0
	cur := ""
	for _, r := range s + "/" {
		if r == '/' {
			if n < 2 {
				parts[n], _ = strconv.Atoi(cur)
			}
			n++
			cur = ""
			continue
		}
		cur += string(r)
	}
	if n != 2 {
		return 0, 0
	}
	return parts[0], parts[1]
}

// ranges turns the quantities into criteria: pairs joined by "a", "e",
// "até" or a hyphen are ranges ("80 a 90 mil" is both in thousands).
func (p *parser) ranges(qs []quantity) {
	f := &p.in.Filter
	for k := 0; k < len(qs); k++ {
		q := qs[k]
		if k+1 < len(qs) && p.joined(q, qs[k+1]) {
			r := qs[k+1]
			lo, hi := q.v, r.v
			kind := r.kind
			if r.mult && !q.mult && !q.sep && lo < 1000 {
				lo *= 1000
			}
			if kind == 's' && q.kind == 's' && p.rangeOfPrices(q.start) {
				kind, lo, hi = 'p', lo*1000, hi*1000
			}
			if kind == 'y' && q.kind == 'y' || kind == 'p' || kind == 'k' || kind == 'c' {
				if lo > hi {
					lo, hi = hi, lo
				}
				for _, x := range []quantity{q, r} {
					for j := x.start; j < x.end; j++ {
						p.toks[j].used = true
					}
				}
				p.toks[q.end].used = true
				switch kind {
				case 'y':
					f.AnoMin, f.AnoMax = int(lo), int(hi)
				case 'k':
					km := kms(hi)
					f.KmMax = &km
				case 'c':
					f.CilindradasMin, f.CilindradasMax = int(lo), int(hi)
				default:
					f.PrecoMin, f.PrecoMax = cents(lo), cents(hi)
				}
				k++
				continue
			}
		}
		p.single(q)
	}
}

// joined: q and r are the two ends of one range.
func (p *parser) joined(q, r quantity) bool {
	if q.kind == 'h' || r.kind == 'h' || q.kind == 'e' || r.kind == 'e' || q.kind == 'd' {
		return false
	}
	if r.start == q.end && p.toks[r.start].dash {
		return true
	}
	if r.start != q.end+1 {
		return false
	}
	c := p.toks[q.end].w
	return c == "a" || c == "e" || c == "ate" || p.toks[q.end].raw == "to" || p.toks[q.end].raw == "y"
}

// rangeOfPrices: "de 80 a 90", "entre 50 e 70": bare numbers after de/entre.
func (p *parser) rangeOfPrices(start int) bool {
	w := p.word(start - 1)
	return w == "entre" || w == "de" && p.word(start-2) != "dia"
}

// single applies one quantity that is not part of a range.
func (p *parser) single(q quantity) {
	f := &p.in.Filter
	dir := p.direction(q)
	switch q.kind {
	case 'y':
		y := int(q.v)
		if y < 100 {
			y += 2000
			if y > time.Now().Year()+1 {
				y -= 100
			}
		}
		switch dir {
		case '>':
			f.AnoMin = y
		case '<':
			f.AnoMax = y
		default:
			f.AnoMin, f.AnoMax = y, y
		}
	case 'p':
		v := q.v
		if !q.mult && !q.sep && !q.reais && v < 1000 {
			v *= 1000
		}
		if dir == '>' {
			f.PrecoMin = cents(v)
		} else {
			f.PrecoMax = cents(v)
		}
	case 'k':
		v := q.v
		if !q.mult && v < 1000 && p.word(q.end) == "mil" {
			v *= 1000
		}
		if dir != '>' {
			km := kms(v)
			f.KmMax = &km
		}
	case 'c':
		p.cilindradas(int(q.v), dir)
	case 'h':
		p.in.Periodo, p.hour = periodOfHour(int(q.v)), int(q.v)
	case 'd':
		p.in.when.day = int(q.v)
		if p.in.Dia == "" {
			p.in.Dia = "dia " + strconv.Itoa(int(q.v))
		}
		p.toks[q.start].used = true
	case 's':
		p.small = append(p.small, q)
	}
}

// cilindradas applies an engine size: exact sizes are read loosely ("160"
// is the 150 to 170 class), bounds as said.
func (p *parser) cilindradas(cc int, dir byte) {
	f := &p.in.Filter
	switch dir {
	case '>':
		f.CilindradasMin = cc
	case '<':
		f.CilindradasMax = cc
	default:
		f.CilindradasMin, f.CilindradasMax = cc*9/10, cc*11/10+1
	}
}

// leftovers reads the small numbers no name took: an engine size after a
// moto word ("moto 160", "trail 300"), else a choice from the last list.
func (p *parser) leftovers() int {
	sel := 0
	for _, q := range p.small {
		if p.toks[q.start].used {
			continue
		}
		prev := q.start - 1
		motoCtx := p.nicho == app.NichoMotos && (q.v >= 50 && q.v <= 1900) &&
			(prev >= 0 && (p.toks[prev].used || motoWords[p.toks[prev].w]) || p.word(q.end) == "cc")
		switch {
		case motoCtx:
			p.cilindradas(int(q.v), p.direction(q))
			p.toks[q.start].used = true
		case sel == 0 && q.v >= 1 && q.v <= 20 && q.v == float64(int(q.v)):
			sel = int(q.v)
		}
	}
	return sel
}

var motoWords = map[string]bool{"moto": true, "scooter": true, "trail": true, "street": true, "custom": true,
	"naked": true, "touring": true, "esportiva": true, "cc": true}

// cents turns a customer's reais into a price filter; an absurd figure
// ("999999999999999999999") is held at the largest price there is instead
// of overflowing into a negative one.
func cents(reais float64) app.Centavos {
	if reais*100 >= float64(app.MaxCentavos) {
		return app.MaxCentavos
	}
	return app.Centavos(reais*100 + 0.5)
}

// maxKm bounds a customer's km figure the same way.
const maxKm = 10_000_000

func kms(v float64) int { return int(min(v, maxKm)) }

// direction says whether the words around q make it a floor ('>') or a
// ceiling ('<'); 0 when they say neither.
func (p *parser) direction(q quantity) byte {
	for j := q.start - 1; j >= 0 && j >= q.start-4; j-- {
		t := p.toks[j]
		if t.num {
			break
		}
		switch t.w {
		case "ate", "maximo", "menos", "abaixo", "antes":
			return '<'
		case "acima", "partir", "minimo", "depois", "desde", "apartir":
			return '>'
		case "mais":
			if p.word(j+1) == "de" || p.word(j+1) == "que" {
				return '>'
			}
			continue
		}
		if t.used && t.w != "rodado" || !fillers[t.w] {
			break
		}
	}
	after, after2 := p.next(q.end), p.next(q.end+1)
	switch {
	case q.end < len(p.toks) && p.toks[q.end].w == "+":
		return '>'
	case (after == "pra" || after == "para") && (after2 == "cima" || after2 == "frente"), after == "em" && after2 == "diante",
		after == "ou" && (after2 == "mais" || after2 == "acima" || after2 == "novo"), after == "acima":
		return '>'
	case (after == "pra" || after == "para") && after2 == "baixo", after == "ou" && after2 == "menos":
		return '<'
	}
	return 0
}

func periodOfHour(h int) string {
	switch {
	case h < 12:
		return "manhã"
	case h < 18:
		return "tarde"
	default:
		return "noite"
	}
}
