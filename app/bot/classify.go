package bot

import (
	"strings"

	"vendeai/app"
)

// parser is one message being read.
type parser struct {
	toks   []tok
	in     *Intent
	ix     *vocabIndex
	nicho  string
	budget int // fuzzy guesses left
	small  []quantity
	hour   int

	set     map[string]bool // canonical words of the tokens no rule consumed
	line    string          // " w1 w2 ... " canonical words of every token, for phrases
	rawLine string          // " r1 r2 ... " as folded
}

func (p *parser) has(ws ...string) bool {
	for _, w := range ws {
		if p.set[w] {
			return true
		}
	}
	return false
}

func (p *parser) phrase(ps ...string) bool {
	for _, s := range ps {
		if strings.Contains(p.line, " "+s+" ") || strings.Contains(p.rawLine, " "+s+" ") {
			return true
		}
	}
	return false
}

// Parse turns a customer's message into an Intent, recognising marcas and
// modelos from the empresa's own vocabulary (niche veiculos).
func Parse(text string, vocab app.Vocabulary) Intent {
	return parseWith(text, newVocabIndex(vocab), app.NichoVeiculos)
}

func parseWith(text string, ix *vocabIndex, nicho string) Intent {
	in := Intent{}
	in.when.offset = -1
	p := &parser{toks: tokenize(text), in: &in, ix: ix, nicho: nicho, budget: fuzzyBudget}
	for i := range p.toks {
		t := &p.toks[i]
		if !t.num && t.w != "+" && t.w != "?" {
			if c, ok := canonical(t.raw); ok {
				t.w = c
			}
		}
	}
	p.quantities()
	p.names()
	sel := p.leftovers()
	p.lines()
	p.nameFilter()
	p.keywords()
	p.visitWhen()
	p.pick()
	if sel == 0 && in.Pick.Pos > 0 && in.Pick.Cor == "" && in.Pick.Ano == 0 {
		sel = in.Pick.Pos
	}
	in.Lang = p.language()
	in.Greets = p.has("oi", "ola", "opa", "eai", "salve", "hey") ||
		p.phrase("bom dia", "boa tarde", "boa noite", "tudo bem", "e ai", "buenos dias", "good morning")
	in.NewSubject = p.phrase("outro carro", "outra coisa", "outro modelo", "outra moto", "outro veiculo", "esquece",
		"mudei de ideia", "agora quero", "deixa pra la")
	in.Refine = !in.NewSubject && len(p.toks) > 0 && (p.toks[0].w == "e" && !p.toks[0].used || p.has("so", "somente", "apenas")) && in.HasCriteria()
	in.restates = p.has("carro", "veiculo", "moto") && p.has("tem", "procuro", "quero") && !in.Refine
	in.Kind = p.classify(sel)
	if in.Kind == IntentDetails || in.Kind == IntentPrice || in.Kind == IntentPhotos || in.Kind == IntentCompare {
		in.Selection = sel
	}
	return in
}

// lines builds the word set and the phrase lines from what is left.
func (p *parser) lines() {
	p.set = make(map[string]bool, len(p.toks))
	var lb, rb strings.Builder
	lb.WriteByte(' ')
	rb.WriteByte(' ')
	for _, t := range p.toks {
		rb.WriteString(t.raw + " ")
		switch {
		case t.num:
			lb.WriteString("<n> ")
		case t.used && t.w != "rodado" && t.w != "mil":
			lb.WriteString("<v> ")
		default:
			lb.WriteString(t.w + " ")
			if !t.used {
				p.set[t.w] = true
			}
		}
	}
	p.line, p.rawLine = lb.String(), rb.String()
}

// nameFilter puts the names into the filter: the first stocked subject,
// and every stocked modelo when several are named ("tem onix ou hb20?").
func (p *parser) nameFilter() {
	f := &p.in.Filter
	var modelos []string
	for _, n := range p.in.names {
		if !n.Stocked() {
			if p.in.Unknown == "" {
				p.in.Unknown = n.Display()
			}
			continue
		}
		if len(n.Modelos) > 0 {
			modelos = append(modelos, n.Modelos...)
			if f.Marca == "" || sameMarca(f.Marca, n.Marca) {
				f.Marca = n.Marca
			}
		} else if f.Marca == "" {
			f.Marca = n.Marca
		}
	}
	switch {
	case len(modelos) == 1:
		f.Modelo = modelos[0]
	case len(modelos) > 1:
		f.Modelos = modelos
		if !p.oneMarca() {
			f.Marca = ""
		}
	}
}

func (p *parser) oneMarca() bool {
	first := ""
	for _, n := range p.in.names {
		if !n.Stocked() {
			continue
		}
		if first == "" {
			first = n.Marca
		} else if !sameMarca(first, n.Marca) {
			return false
		}
	}
	return true
}

// stockedNames counts the distinct subjects named, stocked or not.
func (p *parser) distinctNames() int {
	seen := map[string]bool{}
	for _, n := range p.in.names {
		seen[nameKey(n.Display())] = true
	}
	return len(seen)
}

func (p *parser) classify(sel int) IntentKind {
	in := p.in
	criteria := in.HasCriteria() || in.Unknown != ""
	meaningful := 0
	for _, t := range p.toks {
		if !t.used && t.w != "?" {
			meaningful++
		}
	}
	priceBound := in.Filter.PrecoMax != 0 || in.Filter.PrecoMin != 0
	priceQ := p.has("quanto", "custa") || p.has("preco", "valor") && !p.phrase("menor preco", "preco baixo", "preco menor")
	named := len(in.names) > 0
	detailWord := p.has("ver", "detalhe", "mostra", "mostrar", "informacao") || p.phrase("mais sobre", "fala do", "fala da", "fala mais")
	searchWord := p.has("tem", "procuro", "carro", "veiculo", "estoque", "disponivel", "lista", "algum", "modelo", "opcao", "moto")

	switch {
	case p.has("voltar") && len(p.toks) <= 4 && !criteria:
		return IntentOptIn
	case p.optOut():
		return IntentOptOut
	case p.has("vendedor", "atendente", "humano", "consultor", "gerente", "ligar", "liga", "ligacao") ||
		p.phrase("falar com alguem", "falar com uma pessoa", "falar com pessoa", "falar com um", "atendimento humano",
			"pessoa de verdade", "pessoa real", "me ligue", "me liga"):
		return IntentHuman
	case p.tradeIn():
		in.tradeWords = true
		return IntentTradeIn
	case p.haggle():
		return IntentHaggle
	case p.storeInfo():
		return IntentStoreInfo
	case p.visit():
		return IntentVisit
	case p.compare(sel):
		return IntentCompare
	case p.has("financiamento", "parcela", "entrada", "simular") || p.phrase("da pra financiar"):
		return IntentFinancing
	case p.question():
		return IntentQuestion
	case p.has("foto") && (named || sel > 0 || !criteria):
		return IntentPhotos
	case priceQ && !priceBound && (named || sel > 0 || !criteria):
		return IntentPrice
	case p.more():
		return IntentMore
	case sel > 0 && !criteria:
		return IntentDetails
	case detailWord && (in.Filter.Modelo != "" || !criteria && !searchWord):
		return IntentDetails
	case criteria || searchWord || in.Filter.Ordem != "" || len(in.Clear) > 0 || in.Pick.any():
		return IntentSearch
	case in.Greets:
		return IntentGreeting
	case p.has("tchau", "flw", "falou", "adeus") || p.phrase("ate mais", "ate logo", "ate breve", "ate amanha", "boa noite"):
		return IntentGoodbye
	case p.has("obrigado", "valeu", "agradeco", "grato"):
		return IntentThanks
	case meaningful <= 4 && (p.has("sim", "claro", "pode", "bora", "ok", "beleza", "certo", "perfeito", "combinado") ||
		meaningful <= 2 && p.has("quero")):
		return IntentYes
	case meaningful <= 4 && p.has("nao"):
		return IntentNo
	}
	return IntentFallback
}

func (p *parser) optOut() bool {
	if p.has("parar", "pare", "stop", "descadastrar") {
		return true
	}
	if p.has("sair") && !p.has("quanto") && !p.phrase("sair por", "sai por") {
		return true
	}
	if p.phrase("para de mandar", "para de enviar", "para de me mandar", "nao me mande", "nao mande", "nao envie",
		"nao me envie", "nao quero receber", "nao quero mais receber", "nao me mandem", "nao mandem") {
		return true
	}
	return p.phrase("nao quero mais") && p.has("mensagem", "receber", "mandar", "contato", "enviar")
}
