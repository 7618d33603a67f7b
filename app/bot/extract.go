package bot

import (
	"strconv"
	"strings"
	"time"

	"vendeai/app"
)

// dayRef is a visit day as said: a relative day, a weekday or a date.
type dayRef struct {
	offset  int          // days from today, -1 when not relative
	weekday time.Weekday // when isWeekday
	isWD    bool
	day     int // day of month, 0 when none
	month   int // 0 when not said
}

// msg is a message being parsed: its tokens and the canonical words.
type msg struct {
	toks []tok
	set  map[string]bool
	line string // " w1 w2 ... " of canonical words, for phrases
}

func (m *msg) has(ws ...string) bool {
	for _, w := range ws {
		if m.set[w] {
			return true
		}
	}
	return false
}

func (m *msg) phrase(ps ...string) bool {
	for _, p := range ps {
		if strings.Contains(m.line, " "+p+" ") {
			return true
		}
	}
	return false
}

// Parse turns a customer's message into an Intent, recognising marcas and
// modelos from the empresa's own vocabulary.
func Parse(text string, vocab app.Vocabulary) Intent {
	return parseWith(text, newVocabIndex(vocab))
}

func parseWith(text string, ix *vocabIndex) Intent {
	var in Intent
	toks := tokenize(text)
	in.Unknown = ix.match(toks, &in.Filter)

	m := &msg{toks: toks, set: make(map[string]bool, len(toks))}
	var lb strings.Builder
	lb.WriteByte(' ')
	for i := range toks {
		t := &toks[i]
		if t.used {
			lb.WriteString("<v> ")
			continue
		}
		if !t.num {
			if c, ok := canonical(t.raw); ok {
				t.w = c
			}
			m.set[t.w] = true
		}
		if t.num {
			lb.WriteString("<n> ")
		} else {
			lb.WriteString(t.w + " ")
		}
	}
	m.line = lb.String()
	meaningful := 0
	for _, t := range toks {
		if !t.used {
			meaningful++
		}
	}

	sel := m.numbers(&in)
	m.keywords(&in)
	m.visitWhen(&in)
	if ordinal := m.ordinal(); ordinal > 0 && sel == 0 {
		sel = ordinal
	}
	in.Greets = m.has("oi", "ola", "opa", "eai", "salve", "hey", "hello") ||
		m.phrase("bom dia", "boa tarde", "boa noite", "tudo bem", "e ai")
	in.Refine = len(toks) > 0 && toks[0].w == "e" && !toks[0].used && in.HasCriteria()

	priceBound := in.Filter.PrecoMax != 0 || in.Filter.PrecoMin != 0
	priceQ := m.has("quanto", "custa") || (m.has("preco", "valor") && !m.phrase("menor preco", "preco baixo"))
	named := in.Filter.Modelo != "" || in.Filter.Marca != ""
	detailWord := m.has("ver", "detalhe", "foto", "mostra", "mostrar", "informacao") || m.phrase("mais sobre")
	searchWord := m.has("tem", "procuro", "carro", "veiculo", "estoque", "disponivel", "lista", "algum", "modelo", "opcao")

	switch {
	case m.has("voltar") && len(toks) <= 4 && !in.HasCriteria():
		in.Kind = IntentOptIn
	case m.optOut():
		in.Kind = IntentOptOut
	case m.has("vendedor", "atendente", "humano", "consultor", "gerente", "ligar", "liga", "ligacao") ||
		m.phrase("falar com alguem", "falar com uma pessoa", "falar com pessoa", "falar com um", "atendimento humano", "pessoa de verdade", "pessoa real"):
		in.Kind = IntentHuman
	case m.has("agendar", "visita", "test", "drive", "marcar") || m.phrase("conhecer a loja", "passar ai", "ir ai", "ir na loja", "ir ate ai"):
		in.Kind = IntentVisit
	case m.has("financiamento", "parcela", "entrada", "simular"):
		in.Kind = IntentFinancing
	case priceQ && !priceBound && (named || sel > 0 || (!in.HasCriteria() && in.Unknown == "")):
		in.Kind = IntentPrice
	case sel > 0 && !in.HasCriteria() && in.Unknown == "":
		in.Kind = IntentDetails
	case detailWord && (in.Filter.Modelo != "" || !in.HasCriteria() && in.Unknown == "" && !searchWord):
		in.Kind = IntentDetails
	case in.HasCriteria() || in.Unknown != "" || searchWord || in.Filter.Ordem != "":
		in.Kind = IntentSearch
	case in.Greets:
		in.Kind = IntentGreeting
	case m.has("tchau", "flw", "falou", "adeus") || m.phrase("ate mais", "ate logo", "ate breve", "ate amanha"):
		in.Kind = IntentGoodbye
	case m.has("obrigado", "valeu", "agradeco", "grato"):
		in.Kind = IntentThanks
	case meaningful <= 4 && (m.has("sim", "claro", "pode", "bora", "isso", "ok", "beleza", "certo", "perfeito", "combinado") ||
		meaningful <= 2 && m.has("quero")):
		in.Kind = IntentYes
	case meaningful <= 4 && m.has("nao"):
		in.Kind = IntentNo
	case m.has("voltar") && len(toks) <= 4:
		in.Kind = IntentOptIn
	default:
		in.Kind = IntentFallback
	}
	if in.Kind == IntentDetails || in.Kind == IntentPrice {
		in.Selection = sel
	}
	return in
}

func (m *msg) optOut() bool {
	if m.has("parar", "pare", "stop", "descadastrar") {
		return true
	}
	if m.has("sair") && !m.has("quanto") {
		return true
	}
	if m.phrase("para de mandar", "para de enviar", "para de me mandar", "nao me mande", "nao mande", "nao envie",
		"nao me envie", "nao quero receber", "nao quero mais receber", "nao me mandem", "nao mandem") {
		return true
	}
	return m.phrase("nao quero mais") && m.has("mensagem", "receber", "mandar", "contato", "enviar")
}

// fillers sit between a qualifier and its number ("até uns 80 mil").
var fillers = map[string]bool{"uns": true, "de": true, "o": true, "a": true, "um": true, "no": true, "na": true,
	"faixa": true, "volta": true, "por": true, "com": true, "do": true, "da": true, "ano": true, "modelo": true,
	"preco": true, "valor": true, "km": true, "rodado": true, "pagar": true, "gastar": true, "ser": true, "r": true}

type quantity struct {
	start, end int
	v          float64
	mult       bool
	sep        bool
	km, reais  bool
	kind       byte // 'y' year, 'p' price, 'k' km, 's' small, 'h' hour
}

func (m *msg) next(i int) string {
	if i < len(m.toks) && !m.toks[i].used {
		return m.toks[i].w
	}
	return ""
}

// numbers reads years, prices, mileages, hours and a list choice, with the
// words around them ("até", "a partir de", "entre ... e ...", "pra cima").
// It returns the choice, 0 when none.
func (m *msg) numbers(in *Intent) int {
	var qs []quantity
	for i := 0; i < len(m.toks); i++ {
		t := &m.toks[i]
		if !t.num || t.used || t.date {
			continue
		}
		q := quantity{start: i, end: i + 1, v: t.val, sep: t.sep}
		switch m.next(q.end) {
		case "mil", "k":
			q.mult = true
			q.v *= 1000
			q.end++
		case "h":
			q.kind = 'h'
			q.end++
		}
		switch m.next(q.end) {
		case "km", "rodado":
			q.km = true
			q.end++
		case "reais":
			q.reais = true
			q.end++
		}
		if !q.km {
			for j := i - 1; j >= 0 && j >= i-3; j-- {
				if w := m.toks[j].w; !m.toks[j].used && (w == "km" || w == "rodado") {
					q.km = true
				}
			}
		}
		if q.kind == 0 {
			switch {
			case q.km:
				q.kind = 'k'
			case !q.sep && !q.mult && !q.reais && len(t.raw) == 4 && q.v >= 1950 && q.v <= 2035:
				q.kind = 'y'
			case q.mult || q.sep || q.reais || q.v >= 1000:
				q.kind = 'p'
			default:
				q.kind = 's'
			}
		}
		for j := i; j < q.end; j++ {
			m.toks[j].used = true
		}
		qs = append(qs, q)
		i = q.end - 1
	}

	sel := 0
	for k := 0; k < len(qs); k++ {
		q := qs[k]
		// "2018 a 2020", "entre 50 e 70 mil", "de 40 a 60 mil km"
		if k+1 < len(qs) && qs[k+1].start == q.end+1 && q.kind != 'h' && qs[k+1].kind != 'h' {
			if c := m.toks[q.end].w; c == "a" || c == "e" || c == "ate" {
				r := qs[k+1]
				lo, hi := q.v, r.v
				if r.kind != 'y' && r.mult && !q.mult && !q.sep && lo < 1000 {
					lo *= 1000
				}
				if q.kind == 'y' && r.kind == 'y' || r.kind == 'k' || r.kind == 'p' {
					if lo > hi {
						lo, hi = hi, lo
					}
					switch {
					case r.kind == 'y' && q.kind == 'y':
						in.Filter.AnoMin, in.Filter.AnoMax = int(lo), int(hi)
					case r.kind == 'k':
						km := kms(hi)
						in.Filter.KmMax = &km
					default:
						in.Filter.PrecoMin, in.Filter.PrecoMax = cents(lo), cents(hi)
					}
					k++
					continue
				}
			}
		}
		dir := m.direction(q)
		switch q.kind {
		case 'y':
			switch dir {
			case '>':
				in.Filter.AnoMin = int(q.v)
			case '<':
				in.Filter.AnoMax = int(q.v)
			default:
				in.Filter.AnoMin, in.Filter.AnoMax = int(q.v), int(q.v)
			}
		case 'p':
			if dir == '>' {
				in.Filter.PrecoMin = cents(q.v)
			} else {
				in.Filter.PrecoMax = cents(q.v)
			}
		case 'k':
			km := kms(q.v)
			in.Filter.KmMax = &km
		case 'h':
			in.Periodo = periodOfHour(int(q.v))
		case 's':
			if q.start > 0 && m.toks[q.start-1].w == "dia" && q.v >= 1 && q.v <= 31 {
				in.when.day = int(q.v)
				if in.Dia == "" {
					in.Dia = "dia " + strconv.Itoa(int(q.v))
				}
				continue
			}
			if sel == 0 && q.v >= 1 && q.v <= 20 && q.v == float64(int(q.v)) {
				sel = int(q.v)
			}
		}
	}
	return sel
}

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
func (m *msg) direction(q quantity) byte {
	for j := q.start - 1; j >= 0 && j >= q.start-4; j-- {
		t := m.toks[j]
		if t.num || t.used && t.w != "km" {
			break
		}
		if fillers[t.w] {
			continue
		}
		switch t.w {
		case "ate", "maximo", "menos", "abaixo", "antes":
			return '<'
		case "acima", "mais", "partir", "minimo", "depois", "desde", "apartir":
			return '>'
		}
		break
	}
	after := m.next(q.end)
	after2 := m.next(q.end + 1)
	switch {
	case after == "+":
		return '>'
	case (after == "pra" || after == "para") && after2 == "cima", after == "em" && after2 == "diante",
		after == "ou" && (after2 == "mais" || after2 == "acima"), after == "acima":
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

var ordinals = map[string]int{"primeiro": 1, "segundo": 2, "terceiro": 3, "quarto": 4, "quinto": 5,
	"primeira": 1, "segunda": 2, "terceira": 3, "quarta": 4, "quinta": 5}

// ordinal reads "o segundo", "a terceira": only right after an article, so
// that "segunda" stays a weekday in "segunda de manhã".
func (m *msg) ordinal() int {
	for i, t := range m.toks {
		if n, ok := ordinals[t.raw]; ok && i > 0 && (m.toks[i-1].w == "o" || m.toks[i-1].w == "a") {
			return n
		}
	}
	return 0
}

var cores = map[string]bool{"branco": true, "preto": true, "prata": true, "cinza": true, "vermelho": true,
	"azul": true, "verde": true, "amarelo": true, "marrom": true, "bege": true, "vinho": true, "dourado": true,
	"laranja": true, "grafite": true}

func (m *msg) keywords(in *Intent) {
	f := &in.Filter
	for _, t := range m.toks {
		if t.used || t.num {
			continue
		}
		switch w := t.w; {
		case w == "suv" || w == "sedan" || w == "hatch" || w == "picape":
			f.Categoria = w
		case w == "automatico":
			f.Cambios = CambiosAutomaticos
		case w == "manual":
			f.Cambios = CambiosManuais
		case w == "diesel" || w == "eletrico" || w == "hibrido" || w == "flex" || w == "gasolina" || w == "etanol" || w == "gnv":
			f.Combustivel = w
		case cores[w]:
			f.Cor = w
		}
	}
	switch {
	case m.has("barato") || m.phrase("em conta", "menor preco", "preco baixo", "mais economico"):
		f.Ordem = "preco"
	case m.phrase("mais novo", "mais recente", "mais novos"):
		f.Ordem = "-ano"
	case m.phrase("menos rodado", "pouco rodado", "baixa km", "menor km", "baixa quilometragem", "rodado pouco"):
		f.Ordem = "km"
	}
}

var weekdays = map[string]time.Weekday{"domingo": time.Sunday, "segunda": time.Monday, "terca": time.Tuesday,
	"quarta": time.Wednesday, "quinta": time.Thursday, "sexta": time.Friday, "sabado": time.Saturday}

var weekdayNames = map[time.Weekday]string{time.Sunday: "domingo", time.Monday: "segunda-feira",
	time.Tuesday: "terça-feira", time.Wednesday: "quarta-feira", time.Thursday: "quinta-feira",
	time.Friday: "sexta-feira", time.Saturday: "sábado"}

// visitWhen reads a visit's day and period ("amanhã de manhã", "sábado às
// 10h", "dia 15 à tarde", "20/03").
func (m *msg) visitWhen(in *Intent) {
	in.when.offset = -1
	for i, t := range m.toks {
		if t.date {
			parts := strings.Split(t.raw, "/")
			d, _ := strconv.Atoi(parts[0])
			mo, _ := strconv.Atoi(parts[1])
			if d >= 1 && d <= 31 && mo >= 1 && mo <= 12 {
				in.when = dayRef{offset: -1, day: d, month: mo}
				in.Dia = t.raw
			}
			continue
		}
		if t.used || t.num {
			continue
		}
		switch t.w {
		case "hoje":
			in.when.offset, in.Dia = 0, "hoje"
		case "amanha":
			if i >= 2 && m.toks[i-1].w == "de" && m.toks[i-2].w == "depois" {
				in.when.offset, in.Dia = 2, "depois de amanhã"
			} else {
				in.when.offset, in.Dia = 1, "amanhã"
			}
		case "manha", "cedo":
			in.Periodo = "manhã"
		case "tarde", "noite":
			if i == 0 || m.toks[i-1].w != "boa" {
				in.Periodo = t.w
			}
		case "semana":
			if i >= 2 && m.toks[i-1].w == "de" && m.toks[i-2].raw == "fim" {
				in.when.isWD, in.when.weekday, in.Dia = true, time.Saturday, weekdayNames[time.Saturday]
			}
		default:
			if wd, ok := weekdays[t.raw]; ok || t.raw == "seg" || t.raw == "sab" {
				if !ok {
					wd = map[string]time.Weekday{"seg": time.Monday, "sab": time.Saturday}[t.raw]
				}
				if _, isOrdinal := ordinals[t.raw]; isOrdinal && i > 0 && (m.toks[i-1].w == "o" || m.toks[i-1].w == "a") {
					continue
				}
				in.when.isWD, in.when.weekday, in.Dia = true, wd, weekdayNames[wd]
			}
		}
	}
}
