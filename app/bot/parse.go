package bot

import (
	"strconv"
	"strings"
	"unicode"

	"vendeai/app"
)

// IntentKind is what a customer's message asks for.
type IntentKind string

// The intents the assistant understands.
const (
	IntentGreeting  IntentKind = "greeting"
	IntentSearch    IntentKind = "search"
	IntentDetails   IntentKind = "details"
	IntentPrice     IntentKind = "price"
	IntentFinancing IntentKind = "financing"
	IntentVisit     IntentKind = "visit"
	IntentHuman     IntentKind = "human"
	IntentOptOut    IntentKind = "opt_out"
	IntentOptIn     IntentKind = "opt_in"
	IntentThanks    IntentKind = "thanks"
	IntentGoodbye   IntentKind = "goodbye"
	IntentYes       IntentKind = "yes"
	IntentNo        IntentKind = "no"
	IntentFallback  IntentKind = "fallback"
)

// Canonical values the parser puts in a VehicleFilter. The inventory is
// expected to store its enumerations in these folded forms.
var (
	CambiosAutomaticos = []string{"automatico", "cvt", "automatizado"}
	CambiosManuais     = []string{"manual"}
)

// Intent is a parsed message: what it asks and the details that came with it.
type Intent struct {
	Kind IntentKind
	// Filter holds the search criteria found in the message, whatever the
	// kind (a visit request may name a modelo). Marca and Modelo are spelled
	// as the inventory spells them.
	Filter app.VehicleFilter
	// Selection is the 1-based position in the last list the customer
	// picked ("2", "o segundo"), 0 when none.
	Selection int
	// Greets is set when the message also says hello ("bom dia, tem hilux?").
	Greets bool
	// Refine is set when the message adds to the previous search ("e automático?").
	Refine bool
	// Unknown names a marca or modelo the customer asked for that this
	// empresa does not have (as the customer would read it), e.g. "Corolla".
	Unknown string
	// Dia and Periodo are a visit's day and period when the message has them.
	Dia     string
	Periodo string
	// when is Dia in a form that resolves to a date (see resolveDay).
	when dayRef
}

// HasCriteria reports whether the message carried anything to search by.
func (in Intent) HasCriteria() bool { return criteriaCount(in.Filter) > 0 }

func criteriaCount(f app.VehicleFilter) int {
	n := 0
	for _, set := range []bool{f.Marca != "", f.Modelo != "", f.Categoria != "", len(f.Cambios) > 0,
		f.Combustivel != "", f.Cor != "", f.AnoMin != 0, f.AnoMax != 0, f.PrecoMin != 0, f.PrecoMax != 0,
		f.KmMax != nil, f.Q != ""} {
		if set {
			n++
		}
	}
	return n
}

// tok is one word or number of a message, already folded.
type tok struct {
	w    string  // canonical word (dictionary form) or the raw digits
	raw  string  // as folded from the message
	num  bool    // a number
	val  float64 // its value
	sep  bool    // the number had thousand or decimal separators
	date bool    // dd/mm
	used bool    // consumed by a vocabulary or number rule
}

// words maps every word the parser knows to its canonical form. Typos and
// plurals are resolved against its keys.
var words = map[string]string{}

// exactOnly are words too close to everyday ones to guess at typos
// ("volta" is not "voltar": "por volta de 80 mil").
var exactOnly = map[string]bool{"voltar": true, "parar": true, "sair": true, "entrada": true, "marcar": true,
	"tarde": true, "noite": true, "manha": true, "prata": true, "preto": true, "preta": true, "branco": true, "branca": true}

func init() {
	add := func(canon string, forms ...string) {
		words[canon] = canon
		for _, f := range forms {
			words[f] = canon
		}
	}
	for _, w := range strings.Fields(`oi ola opa eai salve hey hello bom boa dia tarde noite tudo bem
		obrigado valeu agradeco grato tchau flw falou adeus ate mais logo breve
		vendedor atendente humano pessoa consultor gerente alguem falar com atendimento
		parar pare sair stop descadastrar nao quero receber mandar mande mandem envie enviar mensagem
		voltar agendar visita test drive marcar conhecer loja passar ir ai horario
		financiamento parcela entrada simular troca
		quanto custa preco valor sai fica ta e
		ver detalhe foto mostra mostrar informacao sobre opcao numero primeiro segundo terceiro quarto quinto
		tem teria procuro busco queria gostaria carro veiculo modelo estoque disponivel lista algum
		suv sedan hatch picape automatico manual diesel eletrico hibrido flex gasolina etanol gnv
		branco preto prata cinza vermelho azul verde amarelo marrom bege vinho dourado laranja grafite
		barato conta menor novo rodado km mil k reais
		menos abaixo maximo acima minimo partir depois antes desde entre cima baixo diante pra para de a o um uns
		hoje amanha segunda terca quarta quinta sexta sabado domingo semana cedo h
		sim claro pode bora isso ok beleza certo perfeito combinado`) {
		words[w] = w
	}
	add("oi", "oii", "oie", "oiee", "hi")
	add("eai", "eae", "iae", "coe")
	add("obrigado", "obrigada", "obg", "brigado", "brigada", "obrigadao", "thanks")
	add("valeu", "vlw", "valew")
	add("grato", "grata")
	add("tchau", "xau", "tchauzinho")
	add("flw", "fui")
	add("vendedor", "vendedora", "vendedores")
	add("atendente", "atendentes")
	add("consultor", "consultora")
	add("humano", "humana")
	add("alguem", "algm")
	add("descadastrar", "descadastre", "descadastra", "unsubscribe")
	add("mensagem", "msg", "msgs", "mensagens")
	add("agendar", "agenda", "agendamento", "agende")
	add("visita", "visitar")
	add("test", "teste", "testdrive")
	add("financiamento", "financiar", "financia", "financiado", "financiada", "financio", "financiamentos")
	add("parcela", "parcelar", "parcelado", "parcelada", "parcelamento", "prestacao", "prestacoes")
	add("simular", "simulacao")
	add("preco", "precos")
	add("custa", "custam", "custando")
	add("ver", "ve", "olhar")
	add("detalhe", "detalhes")
	add("foto", "fotos", "imagem", "imagens")
	add("mostra", "mostre", "manda")
	add("informacao", "informacoes", "info", "infos")
	add("numero", "num", "nro")
	add("tem", "tm", "temos", "tens", "teriam")
	add("procuro", "procurando", "procura", "busco", "buscando", "preciso", "precisando")
	add("quero", "quer", "queria", "gostaria")
	add("carro", "carros", "automovel", "automoveis", "possante", "nave")
	add("veiculo", "veiculos")
	add("estoque", "catalogo", "opcoes")
	add("suv", "suvs", "utilitario")
	add("sedan", "seda", "sedans", "sedas")
	add("hatch", "hatches", "hatchback", "compacto", "compactos")
	add("picape", "pickup", "picapes", "pick", "caminhonete", "caminhonetes", "camionete", "camionetes", "caminhoneta")
	add("automatico", "automatica", "automaticos", "automaticas", "aut", "auto", "automatizado", "automatizada", "cvt")
	add("manual", "manuais", "mecanico", "mecanica")
	add("eletrico", "eletrica", "eletricos", "eletricas")
	add("hibrido", "hibrida", "hibridos", "hibridas")
	add("etanol", "alcool")
	add("branco", "branca", "brancos", "brancas")
	add("preto", "preta", "pretos", "pretas")
	add("vermelho", "vermelha", "vermelhos")
	add("amarelo", "amarela")
	add("dourado", "dourada")
	add("barato", "baratos", "barata", "baratinho", "baratinha", "economico", "economicos")
	add("novo", "novos", "nova", "novas", "novinho", "recente", "recentes")
	add("rodado", "rodados", "rodada", "rodagem", "quilometragem")
	add("km", "kms", "quilometro", "quilometros", "kilometros")
	add("mil", "pau", "paus", "conto", "contos")
	add("reais", "real", "pila")
	add("maximo", "max")
	add("minimo", "min")
	add("ate", "até")
	add("pra", "pro", "prum", "pros")
	add("um", "uma")
	add("uns", "umas")
	add("amanha", "amnh")
	add("segunda", "seg")
	add("quarta", "qua")
	add("sabado", "sab")
	add("sim", "s", "ss", "sss", "aham", "uhum", "yes", "blz")
	add("ok", "okay", "okk")
	add("nao", "naum", "nop")
	add("manha", "manhazinha")
}

// stopwords never count as a typo of something else.
var stopwords = map[string]bool{"que": true, "com": true, "uma": true, "para": true, "esse": true, "essa": true,
	"dele": true, "dela": true, "voces": true, "vcs": true, "voce": true, "vc": true, "meu": true, "minha": true,
	"como": true, "onde": true, "qual": true, "quais": true, "tipo": true, "favor": true, "porfavor": true,
	"mesmo": true, "ainda": true, "agora": true, "aqui": true, "estao": true, "esta": true, "sobre": true}

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
	best := ""
	for k, c := range words {
		if len(k) < 5 || exactOnly[k] || !within1(w, k) {
			continue
		}
		if best == "" || c < best { // deterministic across map orders
			best = c
		}
	}
	return best, best != ""
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

// within1 reports whether a and b are at most one edit apart (insertion,
// deletion, substitution or a swap of neighbours).
func within1(a, b string) bool {
	if a == b {
		return true
	}
	la, lb := len(a), len(b)
	if la-lb > 1 || lb-la > 1 {
		return false
	}
	i := 0
	for i < la && i < lb && a[i] == b[i] {
		i++
	}
	switch {
	case la == lb:
		if a[i+1:] == b[i+1:] {
			return true
		}
		return i+1 < la && a[i] == b[i+1] && a[i+1] == b[i] && a[i+2:] == b[i+2:]
	case la > lb:
		return a[i+1:] == b[i:]
	default:
		return a[i:] == b[i+1:]
	}
}

// tokenize folds the message and splits it into words and numbers. Letters
// and digits are split apart ("80k", "hb20", "10h") so that each rule sees
// the parts; the vocabulary joins them back.
func tokenize(text string) []tok {
	s := app.Fold(text)
	s = strings.ReplaceAll(s, "r$", " ")
	var out []tok
	rs := []rune(s)
	for i := 0; i < len(rs); {
		r := rs[i]
		switch {
		case r >= '0' && r <= '9':
			j := i
			for j < len(rs) && (rs[j] >= '0' && rs[j] <= '9' || (rs[j] == '.' || rs[j] == ',' || rs[j] == '/') && j+1 < len(rs) && rs[j+1] >= '0' && rs[j+1] <= '9') {
				j++
			}
			out = append(out, numTok(string(rs[i:j])))
			i = j
		case unicode.IsLetter(r):
			j := i
			for j < len(rs) && unicode.IsLetter(rs[j]) {
				j++
			}
			w := squeeze(string(rs[i:j]))
			out = append(out, tok{raw: w, w: w})
			i = j
		case r == '+':
			out = append(out, tok{raw: "+", w: "+"})
			i++
		case r == '#':
			out = append(out, tok{raw: "#", w: "numero"})
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
	t.sep = strings.ContainsAny(s, ".,")
	intPart, frac := s, ""
	if i := strings.LastIndexByte(s, ','); i >= 0 {
		intPart, frac = s[:i], s[i+1:]
	} else if i := strings.LastIndexByte(s, '.'); i >= 0 && len(s)-i-1 != 3 {
		intPart, frac = s[:i], s[i+1:] // "1.5 mil": a decimal point, not thousands
	}
	intPart = strings.ReplaceAll(strings.ReplaceAll(intPart, ".", ""), ",", "")
	v, _ := strconv.ParseFloat(intPart, 64)
	if frac != "" {
		f, _ := strconv.ParseFloat("0."+frac, 64)
		v += f
	}
	t.val = v
	return t
}
