package bot

import (
	"vendeai/app"
)

// IntentKind is what a customer's message asks for.
type IntentKind string

// The intents the assistant understands.
const (
	IntentGreeting  IntentKind = "greeting"
	IntentSearch    IntentKind = "search"
	IntentMore      IntentKind = "more" // the next vehicles of the last search
	IntentDetails   IntentKind = "details"
	IntentPhotos    IntentKind = "photos"
	IntentPrice     IntentKind = "price"
	IntentQuestion  IntentKind = "question" // about the vehicle in focus: km, ano, único dono...
	IntentCompare   IntentKind = "compare"
	IntentFinancing IntentKind = "financing"
	IntentTradeIn   IntentKind = "trade_in"
	IntentHaggle    IntentKind = "haggle"
	IntentStoreInfo IntentKind = "store_info"
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
	// Refine is set when the message plainly adds to the previous search
	// ("e automático?", "só os de 2021").
	Refine bool
	// NewSubject: the customer leaves the last search ("outro carro").
	NewSubject bool
	// Unknown names a marca or modelo the customer asked for that this
	// empresa does not have (as the customer would read it), e.g. "Corolla".
	Unknown string
	// Dia and Periodo are a visit's day and period when the message has them.
	Dia     string
	Periodo string
	// Pick points into the last list ("o prata", "esse de 2021", "o último").
	Pick Pick
	// Clear lists the criteria the customer let go ("tanto faz o câmbio").
	Clear []string
	// Ask is what the customer asks about the vehicle in focus: km, preco,
	// ano, cor, cambio, combustivel, disponivel, or a word to find in its
	// descrição (dono, laudo, revisado...).
	Ask string
	// Info is the store information asked: endereco, horario, pagamento,
	// telefone, site.
	Info string
	// Lang is "en" or "es" when the message is in English or Spanish.
	Lang string

	// when is Dia in a form that resolves to a date (see resolveDay).
	when  dayRef
	names []nameRef
	// tradeWords: the message speaks of the customer's own vehicle.
	tradeWords bool
	// restates: a whole new request ("quero um carro automático até 90 mil").
	restates bool
}

// Pick is a way of pointing at one vehicle of the last list.
type Pick struct {
	Pointing bool   // a determiner or a short message made of pick words only
	Cor      string // "o prata"
	Ano      int    // "esse de 2021"
	Pos      int    // 1-based; -1 the last, -2 the one before
	Ordem    string // "o mais barato": preco, -preco, -ano, ano, km
}

func (p Pick) any() bool { return p.Cor != "" || p.Ano != 0 || p.Pos != 0 || p.Ordem != "" }

// HasCriteria reports whether the message carried anything to search by.
func (in Intent) HasCriteria() bool { return criteriaCount(in.Filter) > 0 }

func criteriaCount(f app.VehicleFilter) int {
	n := 0
	for _, set := range []bool{f.Marca != "", f.Modelo != "", len(f.Modelos) > 0, f.Categoria != "", len(f.Cambios) > 0,
		f.Combustivel != "", f.Cor != "", f.AnoMin != 0, f.AnoMax != 0, f.PrecoMin != 0, f.PrecoMax != 0,
		f.KmMax != nil, f.Q != "", f.CilindradasMin != 0, f.CilindradasMax != 0} {
		if set {
			n++
		}
	}
	return n
}

// subjectChanged: the message names what is searched (a marca, modelo or
// category) differently from the last search, so the last criteria do not
// carry over.
func subjectChanged(last, now app.VehicleFilter) bool {
	if now.Marca != "" && !sameMarca(now.Marca, last.Marca) {
		return true
	}
	if now.Modelo != "" && nameKey(now.Modelo) != nameKey(last.Modelo) {
		return true
	}
	if len(now.Modelos) > 0 && !sameNames(now.Modelos, last.Modelos) {
		return true
	}
	return now.Categoria != "" && last.Categoria != "" && now.Categoria != last.Categoria
}

func sameNames(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if nameKey(a[i]) != nameKey(b[i]) {
			return false
		}
	}
	return true
}
