package bot

import (
	"strconv"
	"strings"
	"unicode"

	"vendeai/app"
)

// tok is one word or number of a message, already folded.
type tok struct {
	w     string  // canonical word (dictionary form) or the raw digits
	raw   string  // as folded from the message
	num   bool    // a number
	val   float64 // its value
	sep   bool    // the number had thousand or decimal separators
	date  bool    // dd/mm (or 2019/2020)
	clock bool    // hh:mm
	// glued: no space between this token and the one before ("hb20",
	// "80k"): a letter glued after a number is its unit, a number glued
	// after letters belongs to a name.
	glued bool
	dash  bool // a hyphen stood right before it ("2019-2021", "mt-07")
	used  bool // consumed by a number, name or keyword rule
}

// maxTokens bounds the work on one message: what a customer says past
// this many words is kept for the record but not read.
const maxTokens = 160

// words maps every word the parser knows to its canonical form. Typos and
// plurals are resolved against its keys.
var words = map[string]string{}

// exactOnly are words too close to everyday ones to guess at typos
// ("volta" is not "voltar": "por volta de 80 mil").
var exactOnly = map[string]bool{"voltar": true, "parar": true, "sair": true, "entrada": true, "marcar": true,
	"tarde": true, "noite": true, "manha": true, "prata": true, "preto": true, "preta": true, "branco": true, "branca": true,
	"visita": true, "passar": true, "troca": true, "trocar": true, "baixar": true, "vista": true, "pagar": true}

// wordTypos finds the dictionary word one edit away from a typo.
var wordTypos *fuzzySet

func init() {
	add := func(canon string, forms ...string) {
		words[canon] = canon
		for _, f := range forms {
			words[f] = canon
		}
	}
	for _, w := range strings.Fields(`oi ola opa eai salve hey bom boa dia tarde noite tudo bem
		obrigado valeu agradeco grato tchau flw falou adeus ate mais logo breve
		vendedor atendente humano pessoa consultor gerente alguem falar com atendimento
		parar pare sair stop descadastrar nao quero receber mandar mande mandem envie enviar mensagem
		voltar agendar visita test drive marcar conhecer loja passar ir ai horario
		financiamento parcela entrada simular troca
		quanto custa preco valor sai fica ta e
		ver detalhe foto mostra mostrar informacao sobre opcao numero primeiro segundo terceiro quarto quinto
		tem teria procuro busco queria gostaria carro veiculo modelo estoque disponivel lista algum
		suv sedan hatch picape minivan esportivo automatico manual diesel eletrico hibrido flex gasolina etanol gnv
		branco preto prata cinza vermelho azul verde amarelo marrom bege vinho dourado laranja grafite
		barato conta menor maior novo velho caro rodado km mil k reais
		menos abaixo maximo acima minimo partir depois antes desde entre cima baixo diante frente pra para de a o um uns
		hoje amanha segunda terca quarta quinta sexta sabado domingo semana cedo h
		sim claro pode bora isso ok beleza certo perfeito combinado
		marca vista perto longe cidade bairro rua endereco onde fica abre fecha aberto fechado funciona funcionamento
		pix cartao credito debito boleto dinheiro transferencia pagamento pagar forma formas
		desconto negociar proposta oferta faz faria fecha deixa consegue menor melhor
		compara diferenca versus ou qual
		dono unico laudo revisado revisoes ipva garantia chave reserva multa sinistro leilao batido original
		ultimo penultimo esse essa este esta aquele aquela desse dessa deste desta
		outro outra outros outras qualquer tanto
		moto scooter trail street custom naked touring esportiva cc
		dele dela ano cor cambio combustivel motor versao km ainda`) {
		words[w] = w
	}
	add("oi", "oii", "oie", "oiee", "hi", "hello", "hola", "alo")
	add("eai", "eae", "iae", "coe")
	add("obrigado", "obrigada", "obg", "obgd", "brigado", "brigada", "obrigadao", "thanks", "thank", "gracias", "agradecido")
	add("valeu", "vlw", "valew", "vlww")
	add("grato", "grata")
	add("tchau", "xau", "tchauzinho", "bye")
	add("flw", "fui")
	add("vendedor", "vendedora", "vendedores")
	add("atendente", "atendentes")
	add("consultor", "consultora")
	add("humano", "humana")
	add("alguem", "algm")
	add("descadastrar", "descadastre", "descadastra", "unsubscribe")
	add("mensagem", "msg", "msgs", "mensagens")
	add("agendar", "agenda", "agendamento", "agende", "agendo")
	add("visita", "visitar", "visito", "visit", "appointment")
	add("test", "teste", "testdrive")
	add("passar", "passo", "passa", "passada", "passadinha", "dar")
	add("ir", "vou", "vamos", "indo", "iria", "chegar", "chego", "aparecer", "apareco", "apareceria", "colar", "colo")
	add("conhecer", "conheco")
	add("financiamento", "financiar", "financia", "financiam", "financiado", "financiada", "financio", "financiamentos", "financing", "financiacion")
	add("parcela", "parcelar", "parcelado", "parcelada", "parcelamento", "prestacao", "prestacoes", "parcelas", "parcelinha")
	add("simular", "simulacao")
	add("troca", "trocar", "troco", "trocaria", "trocam", "trocas", "avaliacao", "avaliar", "avalia", "avaliam", "avaliem", "trade")
	add("preco", "precos", "price", "precio")
	add("quanto", "qto", "qnto", "qnt", "qt", "quanta", "quantos", "cuanto", "much")
	add("custa", "custam", "custando", "cuesta", "cost", "costs")
	add("ta", "tah", "estao")
	add("ver", "ve", "olhar", "olhada", "see")
	add("detalhe", "detalhes")
	add("foto", "fotos", "imagem", "imagens", "fotinho", "fotinhas", "photo", "photos", "pic", "pics")
	add("mostra", "mostre", "manda", "show")
	add("informacao", "informacoes", "info", "infos")
	add("numero", "num", "nro")
	add("tem", "tm", "temos", "tens", "teriam", "tiene", "tienen", "tienes", "have", "hay")
	add("procuro", "procurando", "procura", "busco", "buscando", "preciso", "precisando", "looking")
	add("quero", "quer", "queria", "gostaria", "want", "quiero", "qro", "qria")
	add("carro", "carros", "automovel", "automoveis", "possante", "nave", "car", "cars", "coche", "coches", "carrinho")
	add("veiculo", "veiculos", "vehicle", "vehicles")
	add("estoque", "catalogo", "opcoes")
	add("suv", "suvs", "utilitario")
	add("sedan", "seda", "sedans", "sedas")
	add("hatch", "hatches", "hatchback", "compacto", "compactos")
	add("picape", "pickup", "picapes", "pick", "caminhonete", "caminhonetes", "camionete", "camionetes", "caminhoneta", "truck", "camioneta")
	add("minivan", "van", "vans", "minivans", "monovolume")
	add("esportivo", "esportivos", "conversivel", "cupe", "coupe")
	add("automatico", "automatica", "automaticos", "automaticas", "aut", "auto", "automatic")
	add("automatizado", "automatizada", "automatizados", "semiautomatico")
	add("cvt")
	add("manual", "manuais", "mecanico", "mecanica")
	add("eletrico", "eletrica", "eletricos", "eletricas", "electric")
	add("hibrido", "hibrida", "hibridos", "hibridas", "hybrid")
	add("etanol", "alcool")
	add("branco", "branca", "brancos", "brancas", "white", "blanco")
	add("preto", "preta", "pretos", "pretas", "black", "negro")
	add("prata", "pratas", "prateado", "prateada", "silver", "plata", "plateado")
	add("cinza", "cinzas", "gray", "grey", "gris")
	add("vermelho", "vermelha", "vermelhos", "red", "rojo")
	add("azul", "azuis", "blue")
	add("amarelo", "amarela")
	add("dourado", "dourada")
	add("barato", "baratos", "barata", "baratas", "baratinho", "baratinha", "economico", "economicos", "cheap", "cheapest")
	add("caro", "cara", "caros")
	add("novo", "novos", "nova", "novas", "novinho", "novinha", "recente", "recentes", "new", "newer")
	add("velho", "velhos", "antigo", "antiga", "old")
	add("rodado", "rodados", "rodada", "rodagem", "quilometragem", "kilometragem", "rodou", "km", "kms", "quilometro", "quilometros", "kilometros", "kilometro")
	add("mil", "pau", "paus", "conto", "contos", "thousand")
	add("reais", "real", "pila", "pilas")
	add("maximo", "max")
	add("minimo", "min")
	add("ate", "até", "under", "below", "hasta", "upto")
	add("acima", "above", "over")
	add("pra", "pro", "prum", "pros")
	add("um", "uma")
	add("uns", "umas")
	add("hoje", "hj", "today", "hoy")
	add("amanha", "amnh", "amn", "tomorrow", "manana")
	add("segunda", "seg")
	add("sabado", "sab", "saturday")
	add("domingo", "dom", "sunday")
	add("sim", "s", "ss", "sss", "aham", "uhum", "yes", "si", "isso", "exato", "positivo")
	add("beleza", "blz", "bele")
	add("ok", "okay", "okk", "oks")
	add("nao", "naum", "nop", "n", "nem")
	add("manha", "manhazinha", "morning")
	add("tarde", "afternoon", "tardinha")
	add("que", "q", "oq", "what")
	add("voce", "vc", "vcs", "voces", "you", "ce", "cs")
	add("tambem", "tb", "tbm", "tmb")
	add("favor", "pfv", "pf", "pfvr", "pls", "please", "porfa")
	add("tudo", "td")
	add("onde", "ond", "kd", "cade", "where", "donde")
	add("endereco", "enderecos", "end", "localizacao", "localiza", "local", "address", "direccion", "location")
	add("horario", "horarios", "hr", "hrs", "horas", "hours")
	add("cartao", "cartoes", "card")
	add("abre", "abrem", "abrir", "abri", "abrindo", "abertos", "aberta", "open", "opening", "abren")
	add("fecha", "fecham", "fechar", "fechando", "close", "closes", "cierran")
	add("fechado", "fechada", "fechados")
	add("funciona", "funcionam", "funcionando")
	add("desconto", "descontos", "desconte", "discount", "descuento")
	add("negociar", "negocia", "negociavel", "negociacao", "negocio", "negociamos", "negociam", "barganha", "pechinchar", "chorinho", "chorar")
	add("baixar", "abaixar", "abaixa", "baixa", "baixam", "baixo")
	add("proposta", "propostas")
	add("oferta", "ofertas", "ofereco", "oferecer")
	add("compara", "comparar", "comparacao", "comparando", "compare")
	add("diferenca", "diferencas")
	add("versus", "vs", "x")
	add("dono", "donos", "dona")
	add("unico", "unica")
	add("revisado", "revisada", "revisoes", "revisao", "revisados")
	add("multa", "multas")
	add("batido", "batida", "batidas")
	add("ultimo", "ultima")
	add("penultimo", "penultima")
	add("esse", "esses", "essa", "essas", "este", "estes", "esta")
	add("desse", "dessa", "deste", "desta", "nesse", "nessa")
	add("aquele", "aquela")
	add("outro", "outra", "outros", "outras", "another", "otro", "otra")
	add("moto", "motos", "motinha", "motoca", "motocicleta", "motocicletas", "mota", "motinho")
	add("scooter", "scooters", "scuter", "motoneta", "scoot")
	add("trail", "trails")
	add("esportiva", "esportivas")
	add("cc", "cilindrada", "cilindradas", "cilindros", "cilindro")
	add("ano", "anos", "year")
	add("disponivel", "disponiveis", "available", "disponible")
	add("vendido", "vendida", "vendidos")
}

func init() {
	var keys []string
	for k := range words {
		if len(k) >= 5 && !exactOnly[k] {
			keys = append(keys, k)
		}
	}
	wordTypos = newFuzzySet(keys, 5)
}

// stopwords never count as a typo of something else.
var stopwords = map[string]bool{"que": true, "com": true, "uma": true, "para": true, "esse": true, "essa": true,
	"dele": true, "dela": true, "voces": true, "vcs": true, "voce": true, "vc": true, "meu": true, "minha": true,
	"como": true, "onde": true, "qual": true, "quais": true, "tipo": true, "favor": true, "porfavor": true,
	"mesmo": true, "ainda": true, "agora": true, "aqui": true, "estao": true, "esta": true, "sobre": true,
	"seu": true, "sua": true, "meus": true, "minhas": true, "nosso": true, "nossa": true, "isso": true,
	"tenho": true, "pode": true, "posso": true, "vai": true, "vou": true, "ser": true, "sera": true, "sao": true,
	"fazer": true, "faco": true, "quero": true, "queria": true, "estou": true, "tava": true, "tinha": true}

// canonical returns the dictionary form of a folded word: exactly, as a
// plural, or one edit away (words of five letters or more).
func canonical(w string) (string, bool) {
	if c, ok := words[w]; ok {
		return c, true
	}
	if stopwords[w] {
		return "", false
	}
	if c, ok := singular(w); ok {
		return c, true
	}
	if len(w) < 5 {
		return "", false
	}
	if k := wordTypos.lookup(w); k != "" {
		return words[k], true
	}
	return "", false
}

func singular(w string) (string, bool) {
	if len(w) > 3 && strings.HasSuffix(w, "s") {
		if c, ok := words[w[:len(w)-1]]; ok {
			return c, true
		}
		if strings.HasSuffix(w, "es") {
			if c, ok := words[w[:len(w)-2]]; ok {
				return c, true
			}
		}
	}
	return "", false
}

// tokenize folds the message and splits it into words and numbers. Letters
// and digits are split apart ("80k", "hb20", "10h") and marked glued, so
// that each rule sees the parts and the vocabulary can join them back.
func tokenize(text string) []tok {
	s := app.Fold(text)
	s = strings.ReplaceAll(s, "r$", " ")
	var out []tok
	rs := []rune(s)
	for i := 0; i < len(rs) && len(out) < maxTokens; {
		r := rs[i]
		glued := i > 0 && (unicode.IsLetter(rs[i-1]) || unicode.IsDigit(rs[i-1]))
		dash := i > 0 && rs[i-1] == '-'
		switch {
		case r >= '0' && r <= '9':
			j := i
			for j < len(rs) && (rs[j] >= '0' && rs[j] <= '9' || (rs[j] == '.' || rs[j] == ',' || rs[j] == '/' || rs[j] == ':') && j+1 < len(rs) && rs[j+1] >= '0' && rs[j+1] <= '9') {
				j++
			}
			t := numTok(string(rs[i:j]))
			t.glued, t.dash = glued, dash
			out = append(out, t)
			i = j
		case unicode.IsLetter(r):
			j := i
			for j < len(rs) && unicode.IsLetter(rs[j]) {
				j++
			}
			w := squeeze(string(rs[i:j]))
			out = append(out, tok{raw: w, w: w, glued: glued, dash: dash})
			i = j
		case r == '+':
			out = append(out, tok{raw: "+", w: "+"})
			i++
		case r == '#':
			out = append(out, tok{raw: "#", w: "numero"})
			i++
		case r == '?':
			out = append(out, tok{raw: "?", w: "?"})
			i++
		default:
			i++
		}
	}
	return out
}

// squeeze collapses letters repeated three times or more ("oiii", "olaaa").
func squeeze(w string) string {
	if len(w) < 3 {
		return w
	}
	b := []byte(w)
	out := b[:0]
	for i := 0; i < len(b); i++ {
		n := len(out)
		if n >= 2 && out[n-1] == b[i] && out[n-2] == b[i] {
			continue
		}
		out = append(out, b[i])
	}
	// "oii" -> keep; "olaa" -> "ola": a doubled final vowel is emphasis.
	res := string(out)
	if _, ok := words[res]; !ok && len(res) > 3 && res[len(res)-1] == res[len(res)-2] {
		if _, ok := words[res[:len(res)-1]]; ok {
			return res[:len(res)-1]
		}
	}
	return res
}

func numTok(s string) tok {
	t := tok{raw: s, w: s, num: true}
	if strings.Contains(s, "/") {
		t.date = true
		return t
	}
	if h, m, ok := strings.Cut(s, ":"); ok {
		t.clock = true
		t.val, _ = strconv.ParseFloat(h, 64)
		_ = m
		return t
	}
	t.sep = strings.ContainsAny(s, ".,")
	intPart, frac := s, ""
	if i := strings.LastIndexByte(s, ','); i >= 0 {
		intPart, frac = s[:i], s[i+1:]
	} else if i := strings.LastIndexByte(s, '.'); i >= 0 && len(s)-i-1 != 3 {
		intPart, frac = s[:i], s[i+1:] // "1.5 mil": a decimal point, not thousands
	}
	intPart = strings.ReplaceAll(strings.ReplaceAll(intPart, ".", ""), ",", "")
	if len(intPart) > 15 {
		intPart = intPart[:15] // an absurd figure is held, never overflows
	}
	v, _ := strconv.ParseFloat(intPart, 64)
	if frac != "" && len(frac) <= 6 {
		f, _ := strconv.ParseFloat("0."+frac, 64)
		v += f
	}
	t.val = v
	return t
}

func isDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}
