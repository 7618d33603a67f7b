package bot

import (
	"strings"
	"time"

	"vendeai/app"
)

var cores = map[string]bool{"branco": true, "preto": true, "prata": true, "cinza": true, "vermelho": true,
	"azul": true, "verde": true, "amarelo": true, "marrom": true, "bege": true, "vinho": true, "dourado": true,
	"laranja": true, "grafite": true}

var carCategorias = map[string]bool{"suv": true, "sedan": true, "hatch": true, "picape": true, "minivan": true, "esportivo": true}

var motoCategorias = map[string]bool{"scooter": true, "trail": true, "street": true, "custom": true, "naked": true,
	"touring": true, "esportiva": true}

// keywords reads the category, gearbox, fuel, colour and ordering words,
// and what the customer lets go ("manual ou automático, tanto faz").
func (p *parser) keywords() {
	f := &p.in.Filter
	var cambios [][]string
	for i := range p.toks {
		t := &p.toks[i]
		if t.used || t.num {
			continue
		}
		switch w := t.w; {
		case p.nicho != app.NichoMotos && carCategorias[w]:
			f.Categoria = w
		case p.nicho == app.NichoMotos && (motoCategorias[w] || w == "esportivo"):
			f.Categoria, _ = app.CanonicalCategoria(app.NichoMotos, w)
		case w == "automatico":
			cambios = append(cambios, CambiosAutomaticos)
		case w == "cvt" || w == "automatizado":
			cambios = append(cambios, []string{w})
		case w == "manual":
			cambios = append(cambios, CambiosManuais)
		case w == "diesel" || w == "eletrico" || w == "hibrido" || w == "flex" || w == "gasolina" || w == "etanol" || w == "gnv":
			f.Combustivel = w
		case cores[w]:
			f.Cor = w
		default:
			continue
		}
		t.used = true
	}
	letGo := p.phrase("tanto faz", "qualquer um", "qualquer uma", "nao importa", "indiferente", "sem preferencia", "tanto fez")
	switch {
	case len(cambios) > 1 || len(cambios) > 0 && letGo:
		p.in.Clear = append(p.in.Clear, "cambio")
	case len(cambios) == 1:
		f.Cambios = cambios[0]
	}
	if letGo || p.has("qualquer") {
		for word, field := range map[string]string{"cor": "cor", "ano": "ano", "preco": "preco", "valor": "preco",
			"combustivel": "combustivel", "rodado": "km", "cambio": "cambio", "marca": "marca"} {
			if p.has(word) || p.phrase("qualquer "+word) {
				p.in.Clear = append(p.in.Clear, field)
			}
		}
	}
	switch {
	case p.has("barato") || p.phrase("em conta", "menor preco", "preco baixo", "preco menor", "mais economico"):
		f.Ordem = app.OrdemPreco
	case p.phrase("mais caro", "mais cara", "mais top", "mais completo"):
		f.Ordem = app.OrdemPrecoDesc
	case p.phrase("mais novo", "mais recente", "mais novos", "mais nova"):
		f.Ordem = app.OrdemAnoDesc
	case p.phrase("mais velho", "mais antigo", "mais velha"):
		f.Ordem = app.OrdemAno
	case p.phrase("menos rodado", "pouco rodado", "baixar rodado", "menor rodado", "rodado baixo", "rodado pouco", "menos rodada", "menor km"):
		f.Ordem = app.OrdemKm
	}
}

var ordinals = map[string]int{"primeiro": 1, "segundo": 2, "terceiro": 3, "quarto": 4, "quinto": 5,
	"primeira": 1, "segunda": 2, "terceira": 3, "quarta": 4, "quinta": 5}

var determiners = map[string]bool{"o": true, "a": true, "esse": true, "aquele": true, "desse": true, "do": true,
	"da": true, "os": true, "as": true, "no": true, "na": true}

// pick reads a pointer into the last list: an article or demonstrative
// before a colour, a year, a position or a superlative.
func (p *parser) pick() {
	pk := &p.in.Pick
	f := p.in.Filter
	for i, t := range p.toks {
		if n, ok := ordinals[t.raw]; ok && i > 0 && determiners[p.toks[i-1].w] {
			pk.Pos = n
		}
		if t.w == "ultimo" {
			pk.Pos = -1
		}
		if t.w == "penultimo" {
			pk.Pos = -2
		}
	}
	pk.Cor = f.Cor
	if f.AnoMin != 0 && f.AnoMin == f.AnoMax {
		pk.Ano = f.AnoMin
	}
	if p.phrase("mais barato", "mais barata", "mais em conta", "menor preco", "mais caro", "mais cara", "mais novo", "mais nova",
		"mais velho", "mais antigo", "menos rodado", "menos rodada", "menor km") {
		pk.Ordem = f.Ordem
	}
	others := f
	others.Cor, others.Ordem, others.AnoMin, others.AnoMax = "", "", 0, 0
	if criteriaCount(others) > 0 || !pk.any() {
		return
	}
	det := false
	for _, t := range p.toks {
		if determiners[t.w] || t.w == "desse" || t.w == "esse" || t.w == "aquele" {
			det = true
		}
	}
	searchy := p.has("tem", "procuro", "outro", "opcao", "estoque", "algum") || p.phrase("so os", "so as", "somente os")
	pk.Pointing = !searchy && (det || len(p.toks) <= 3)
}

var weekdays = map[string]time.Weekday{"domingo": time.Sunday, "segunda": time.Monday, "terca": time.Tuesday,
	"quarta": time.Wednesday, "quinta": time.Thursday, "sexta": time.Friday, "sabado": time.Saturday}

var weekdayNames = map[time.Weekday]string{time.Sunday: "domingo", time.Monday: "segunda-feira",
	time.Tuesday: "terça-feira", time.Wednesday: "quarta-feira", time.Thursday: "quinta-feira",
	time.Friday: "sexta-feira", time.Saturday: "sábado"}

// visitWhen reads a visit's day and period ("amanhã de manhã", "sábado às
// 10h", "dia 15 à tarde", "20/03", "depois do almoço").
func (p *parser) visitWhen() {
	in := p.in
	for i, t := range p.toks {
		if t.num {
			continue
		}
		switch t.w {
		case "hoje":
			in.when.offset, in.Dia = 0, "hoje"
		case "amanha":
			if i >= 2 && p.toks[i-1].w == "de" && p.toks[i-2].w == "depois" {
				in.when.offset, in.Dia = 2, "depois de amanhã"
			} else if i == 0 || p.toks[i-1].w != "de" || in.Dia != "" || !p.has("hoje") {
				in.when.offset, in.Dia = 1, "amanhã"
			}
		case "manha", "cedo":
			if in.Dia == "" && t.w == "manha" && i > 0 && (p.toks[i-1].raw == "de" || p.toks[i-1].raw == "pela") && i == 1 {
				in.Periodo = "manhã"
			} else {
				in.Periodo = "manhã"
			}
		case "tarde", "noite":
			if i == 0 || p.toks[i-1].w != "boa" {
				in.Periodo = t.w
			}
		case "semana":
			if i >= 2 && p.toks[i-1].w == "de" && p.toks[i-2].raw == "fim" {
				in.when.isWD, in.when.weekday, in.Dia = true, time.Saturday, weekdayNames[time.Saturday]
			}
		default:
			wd, ok := weekdays[t.w]
			if !ok {
				continue
			}
			if _, isOrdinal := ordinals[t.raw]; isOrdinal && i > 0 && determiners[p.toks[i-1].w] {
				continue
			}
			in.when.isWD, in.when.weekday, in.Dia = true, wd, weekdayNames[wd]
		}
	}
	if p.phrase("meio dia", "meiodia", "depois do almoco", "apos o almoco", "hora do almoco") {
		in.Periodo = "tarde"
	}
	if p.hour > 0 && in.Periodo == "" {
		in.Periodo = periodOfHour(p.hour)
	}
}

// language tells English and Spanish apart from Portuguese by their most
// common words; "" is Portuguese (or too short to tell).
func (p *parser) language() string {
	en, es, pt := 0, 0, 0
	for _, t := range p.toks {
		switch {
		case englishWords[t.raw]:
			en++
		case spanishWords[t.raw]:
			es++
		case portugueseWords[t.raw]:
			pt++
		}
	}
	switch {
	case en >= 2 && en > pt+es:
		return "en"
	case es >= 2 && es > pt+en:
		return "es"
	}
	return ""
}

var englishWords = setOf(`the you have any is are what how much price car cars looking for want with under below please
	hello hi thanks thank available show i my can there cheap cheapest used white black silver red blue where store
	open address need buy automatic pickup truck sell selling does it this that which good morning`)

var spanishWords = setOf(`hola tienen tienes tiene quiero coche coches precio cuanto cuesta gracias hay usted ustedes
	donde necesito camioneta blanco rojo plateado buenos gustaria algun alguno el los
	las unos es estan cual hasta y muy`)

var portugueseWords = setOf(`voce vc vcs tem quero carro preco quanto ate obrigado oi procuro gostaria nao sim um uma de com
	para pra qual quais tenho meu minha carros esse essa voces ola bom dia boa tarde e o os as do da no na mais ai`)

func setOf(s string) map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(s) {
		m[w] = true
	}
	return m
}

// tradeIn: the customer speaks of giving a vehicle of their own.
func (p *parser) tradeIn() bool {
	if p.has("troca") && !p.phrase("troca de oleo", "trocar o oleo", "troca oleo") {
		return true
	}
	return p.phrase("dar de entrada", "dar na entrada", "dar como entrada", "dar na troca", "meu carro", "minha moto",
		"meu veiculo", "o meu carro", "pega usado", "pegam usado", "aceita usado", "aceitam usado", "pega meu", "pegam meu",
		"quanto vale meu", "quanto vale o meu", "quanto paga no meu", "quanto pagam no meu", "vender meu", "vender o meu",
		"como parte do pagamento", "como parte de pagamento", "o meu na")
}

// haggle: the customer asks for a lower price or offers a value.
func (p *parser) haggle() bool {
	if p.has("desconto", "negociar", "proposta", "oferta") {
		return true
	}
	if p.has("baixar") && !p.phrase("baixar rodado") {
		return true
	}
	if p.phrase("faz por", "faria por", "fecha por", "fechar por", "deixa por", "deixaria por", "sai por", "fazer por",
		"faz em", "fecha em", "consegue fazer", "da pra fazer por", "menor valor", "melhor preco", "melhor valor",
		"ultimo preco", "preco final", "valor final", "a vista", "avista", "mais barato pra mim", "faz mais barato",
		"chega em", "melhora o preco", "melhorar o preco", "melhora o valor", "ultimo valor") {
		return true
	}
	priced := p.in.Filter.PrecoMax != 0 || p.in.Filter.PrecoMin != 0
	return priced && p.has("aceita", "aceitam", "aceitaria", "pago", "dou", "ofereco") && !p.has("cartao", "pix")
}

// storeInfo: where the store is, when it opens, how it takes payment.
func (p *parser) storeInfo() bool {
	in := p.in
	switch {
	case p.has("endereco") || p.phrase("onde fica", "onde ficam", "onde voces ficam", "onde e a loja", "onde e", "como chego",
		"como chegar", "onde voces estao", "onde esta", "onde estao", "qual o local", "fica onde", "ficam onde", "localizacao", "mapa",
		"where are", "donde estan"):
		in.Info = "endereco"
	case p.has("horario", "abre", "aberto", "funciona", "funcionamento", "fechado") ||
		p.has("fecha") && !p.phrase("fecha por", "fecha em") || p.phrase("que horas", "ate que horas", "que hora"):
		in.Info = "horario"
	case p.has("pix", "cartao", "boleto", "debito", "dinheiro", "transferencia", "pagamento") || p.phrase("como pagar", "forma de pagar",
		"aceita credito", "no credito"):
		in.Info = "pagamento"
	case p.phrase("telefone", "fone", "numero de voces", "numero da loja", "whatsapp da loja", "ligar pra loja"):
		in.Info = "telefone"
	case p.phrase("site", "instagram", "insta", "pagina", "rede social", "redes sociais", "facebook"):
		in.Info = "site"
	}
	return in.Info != ""
}

// visit: an appointment, or a day with a reason to come ("posso passar
// sábado de manhã?", "dá pra ver amanhã às 10?", "vou aí hoje à tarde").
func (p *parser) visit() bool {
	if p.has("agendar", "visita", "test", "drive", "marcar") || p.phrase("conhecer a loja", "passar ai", "ir ai", "ir na loja",
		"ir ate ai", "ir ate a loja", "ir la", "passar la", "passar na loja", "dar uma passada", "dar uma olhada pessoalmente") {
		return true
	}
	if p.in.Dia == "" {
		return false
	}
	return p.has("passar", "ir", "ver", "conhecer", "olhar", "pode", "posso", "podemos", "da", "consigo", "dar") ||
		p.phrase("pode ser", "da pra", "ai na loja") || p.in.Periodo != "" && len(p.toks) <= 6
}

// compare: two subjects side by side ("corolla ou civic?", "civic x
// corolla", "qual mais econômico, o onix ou o hb20?", "o 1 ou o 2?").
func (p *parser) compare(sel int) bool {
	words := p.has("compara", "diferenca", "versus", "melhor", "economico") || p.phrase("qual o melhor", "qual e melhor", "qual mais", "qual e mais", "qual compensa")
	if p.distinctNames() >= 2 {
		either := p.has("ou") || p.phrase(" e ")
		searchy := p.has("tem", "procuro", "algum", "estoque") || p.in.Filter.PrecoMax != 0 || p.in.Filter.AnoMin != 0
		return words || either && !searchy
	}
	if len(p.small) >= 2 && (words || p.has("ou")) {
		return true
	}
	return false
}

// question: something about the vehicle in focus ("qual a km dele?",
// "ainda está disponível?", "é único dono?").
func (p *parser) question() bool {
	in := p.in
	if len(in.names) > 0 && !p.has("dele", "dela", "desse", "nele", "nela") || in.Pick.Ordem != "" {
		return false
	}
	switch {
	case p.phrase("ainda ta disponivel", "ainda disponivel", "ta disponivel", "ainda tem", "esta disponivel", "e disponivel",
		"ja vendeu", "ja foi vendido", "vendeu", "disponivel ainda", "ainda esta", "ainda ta ai", "continua disponivel"):
		in.Ask = "disponivel"
	case p.has("dono") || p.phrase("primeiro dono", "unico dono"):
		in.Ask = "dono"
	case p.has("laudo", "revisado", "ipva", "garantia", "multa", "sinistro", "leilao", "batido", "original", "chave"):
		for _, w := range []string{"laudo", "revisado", "ipva", "garantia", "multa", "sinistro", "leilao", "batido", "original", "chave"} {
			if p.has(w) {
				in.Ask = w
				break
			}
		}
	case in.HasCriteria() || in.Filter.KmMax != nil:
		return false
	case p.has("rodado") && (p.has("qual", "quanto", "dele", "dela", "?") || len(p.toks) <= 3):
		in.Ask = "km"
	case p.phrase("qual o ano", "que ano", "qual ano", "ano dele", "ano dela", "qual o modelo ano", "ano e"):
		in.Ask = "ano"
	case p.phrase("qual a cor", "que cor", "qual cor", "cor dele", "cor dela"):
		in.Ask = "cor"
	case p.phrase("qual o cambio", "que cambio", "cambio dele", "cambio e"):
		in.Ask = "cambio"
	case p.phrase("qual o combustivel", "que combustivel", "e flex", "combustivel dele"):
		in.Ask = "combustivel"
	case p.phrase("qual o motor", "que motor", "qual a versao", "que versao", "motor dele", "versao dele"):
		in.Ask = "versao"
	}
	return in.Ask != ""
}

// more: the next vehicles of the last search ("tem mais?", "outras opções").
func (p *parser) more() bool {
	if len(p.toks) == 1 && (p.toks[0].raw == "mais" || p.toks[0].raw == "proximos") {
		return true
	}
	return !p.in.HasCriteria() && p.in.Filter.Ordem == "" && len(p.in.names) == 0 && (p.phrase("tem mais", "mais opcao", "mais opcoes", "outras opcao",
		"outras opcoes", "outro opcao", "manda mais", "mostra mais", "ver mais", "quero ver mais", "proximos", "mais algum", "tem outros", "tem outras"))
}
