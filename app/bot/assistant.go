package bot

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"vendeai/app"
)

// MaxListed is how many vehicles one reply lists: a WhatsApp message
// stays readable on a phone.
const MaxListed = 5

// MaxPhotos is how many of a vehicle's photos one reply offers.
const MaxPhotos = 3

// Input is one inbound message with everything the assistant needs to
// answer it.
type Input struct {
	Empresa  *app.Empresa
	Text     string
	PushName string // the customer's WhatsApp name, may be empty
	Now      time.Time
	State    State
	// Inventory is THIS empresa's inventory: the assistant never sees
	// another empresa's vehicles because it is only ever given this one.
	Inventory app.VehicleSearcher
}

// Output is what the pipeline must do after one message: send Replies in
// order (none means stay silent), then Media, store State, carry out Actions.
type Output struct {
	Intent  IntentKind
	Replies []string
	// Media are the images that go with the replies (a vehicle's photos):
	// a transport that cannot send images leaves them out, since the
	// replies already carry the photos' links.
	Media   []MediaRef
	State   State
	Actions Actions
}

// MediaRef is an image to send: up to MaxPhotos photos of a vehicle, the
// first captioned.
type MediaRef struct {
	VehicleID int64  `json:"vehicleId"`
	Legenda   string `json:"legenda"`
}

// Actions are the side effects the assistant asks of the pipeline.
type Actions struct {
	// Handoff: hand the contact to a person and push a lead event.
	Handoff *Handoff `json:"handoff,omitempty"`
	// Visit: store the visit on the lead and push a lead event.
	Visit *app.Visita `json:"visit,omitempty"`
	// Troca: store the customer's trade-in on the lead and push a lead event.
	Troca *app.Troca `json:"troca,omitempty"`
	// Negociacao: note the customer's haggle on the lead (with a Handoff).
	Negociacao *app.Negociacao `json:"negociacao,omitempty"`
	// Question: the customer asked what the assistant could not answer
	// (a loja field left empty): push a lead event so a person answers.
	Question string `json:"question,omitempty"`
	// OptOut / OptIn: mark the contact so that no one (bot or campaign)
	// writes to it again / clear that mark.
	OptOut bool `json:"optOut,omitempty"`
	OptIn  bool `json:"optIn,omitempty"`
	// Interest lists the vehicles shown or detailed to the contact, for
	// the lead's history.
	Interest []int64 `json:"interest,omitempty"`
}

// Handoff reasons.
const (
	ReasonAsked      = "pedido"
	ReasonFinancing  = "financiamento"
	ReasonNegotiate  = "negociacao"
	ReasonNoAnswer   = "informacao"
	ReasonVisitCheck = "visita"
)

// Handoff is a contact handed to the empresa's people.
type Handoff struct {
	Until  time.Time `json:"until"`
	Reason string    `json:"reason"` // pedido, financiamento, negociacao, informacao
}

// Assistant answers customers. The zero value is ready; it keeps only a
// cache of the inventories' word indexes, so one Assistant serves every
// empresa and contact at once.
//
// The pipeline still checks the empresa's botAtivo flag before calling
// Reply: a paused bot never reaches the assistant. Reply itself stays
// silent for a contact that opted out (until it writes "voltar") or is
// with a human (until State.HumanUntil, or the CRM's State.ReturnToBot).
type Assistant struct {
	indexes indexCache
}

// ErrNoInventory is returned when Input lacks the empresa or its inventory.
var ErrNoInventory = errors.New("bot: input without empresa or inventory")

// Reply answers one message.
func (a *Assistant) Reply(ctx context.Context, in Input) (Output, error) {
	if in.Empresa == nil || in.Inventory == nil {
		return Output{}, ErrNoInventory
	}
	if in.Now.IsZero() {
		in.Now = time.Now()
	}
	if len(in.Text) > app.MaxTextLength { // the pipeline caps it already; Simulate and tests may not
		in.Text = in.Text[:app.MaxTextLength]
	}
	vocab, err := in.Inventory.Vocabulary(ctx)
	if err != nil {
		return Output{}, fmt.Errorf("bot: vocabulary: %w", err)
	}
	nicho := app.NichoOf(in.Empresa.Nicho)
	c := &conv{ctx: ctx, in: in, st: in.State.clone(), ix: a.indexes.get(vocab), nicho: nicho}
	intent := parseWith(in.Text, c.ix, nicho)
	c.out.Intent = intent.Kind
	if err := c.handle(intent); err != nil {
		return Output{}, err
	}
	c.st.UpdatedAt = in.Now
	c.out.State = c.st
	c.out.Replies = c.replies
	return c.out, nil
}

// conv is one Reply in progress.
type conv struct {
	ctx     context.Context
	in      Input
	st      State
	ix      *vocabIndex
	nicho   string
	out     Output
	replies []string
}

func (c *conv) say(s string) { c.replies = append(c.replies, s) }

func (c *conv) handle(in Intent) error {
	now := c.in.Now
	if c.st.OptOut {
		if in.Kind != IntentOptIn {
			c.out.Intent = ""
			return nil
		}
		c.st.OptOut = false
		c.out.Actions.OptIn = true
		c.say("Que bom ter você de volta! 😊 Pode me dizer o que procura, por exemplo: " + c.examples() + ".")
		return nil
	}
	if c.st.WithHuman(now) {
		// Opting out is honoured even then: the contact's wish comes first.
		if in.Kind == IntentOptOut {
			return c.handleIntent(in)
		}
		c.out.Intent = ""
		return nil
	}
	if !c.st.HumanUntil.IsZero() {
		c.st.HumanUntil = time.Time{}
	}
	if in.Lang != "" {
		return c.foreign(in)
	}
	return c.handleIntent(in)
}

func (c *conv) handleIntent(in Intent) error {
	stage := c.st.Stage
	c.st.Stage = StageNone
	switch stage {
	case StageVisitDay, StageVisitPeriod:
		if in.Dia != "" || in.Periodo != "" || in.Kind == IntentFallback || in.Kind == IntentYes {
			return c.visit(in, true)
		}
	case StageOfferSeller, StageOfferAnswer:
		switch in.Kind {
		case IntentYes:
			if stage == StageOfferAnswer {
				return c.handoff(ReasonNoAnswer)
			}
			return c.handoff(ReasonFinancing)
		case IntentNo:
			c.say("Sem problema! Se quiser ver mais opções é só me dizer o que procura. 😉")
			return nil
		}
	case StageTradeIn:
		if in.Kind == IntentTradeIn || in.Kind == IntentSearch || in.Kind == IntentFallback || in.Kind == IntentDetails ||
			in.Kind == IntentYes || in.Kind == IntentQuestion && in.Ask == "km" {
			return c.tradeIn(in, true)
		}
	}
	switch in.Kind {
	case IntentOptOut:
		c.st = State{OptOut: true}
		c.out.Actions.OptOut = true
		c.say("Tudo bem, você não vai mais receber mensagens nossas. Se mudar de ideia, é só mandar *voltar*.")
	case IntentOptIn, IntentGreeting:
		return c.greet()
	case IntentHuman:
		return c.handoff(ReasonAsked)
	case IntentVisit:
		if len(in.names) > 0 {
			if v := c.lastListed(in.names[0]); v != nil {
				c.st.LastVehicle = v.ID
			}
		}
		return c.visit(in, false)
	case IntentFinancing:
		return c.financing(in)
	case IntentTradeIn:
		return c.tradeIn(in, false)
	case IntentHaggle:
		return c.haggle(in)
	case IntentStoreInfo:
		return c.storeInfo(in)
	case IntentCompare:
		return c.compare(in)
	case IntentQuestion:
		return c.question(in)
	case IntentPrice:
		return c.price(in)
	case IntentDetails, IntentPhotos:
		return c.details(in)
	case IntentMore:
		return c.more()
	case IntentSearch:
		return c.search(in)
	case IntentThanks:
		c.say("Por nada! 😊 Qualquer dúvida é só chamar.")
	case IntentGoodbye:
		c.say("Até mais! Quando quiser ver nossas opções, é só mandar uma mensagem. 👋")
	case IntentYes, IntentNo:
		c.say("Certo! Me diz o que você procura, por exemplo: " + c.examples() + ".")
	default:
		c.say("Desculpe, não entendi. 🤔 Você pode me perguntar, por exemplo: " + c.examples() +
			". Ou mande *vendedor* pra falar com a nossa equipe.")
	}
	return nil
}

func (c *conv) financing(in Intent) error {
	msg := strings.TrimSpace(c.in.Empresa.MensagemFinanciamento)
	if msg == "" {
		msg = "Trabalhamos com financiamento pelos principais bancos, com entrada facilitada e parcelas que cabem no seu bolso. 💰"
	}
	if v := c.focusVehicle(in); v != nil {
		msg = "Sim, o *" + vehicleTitle(v) + "* (" + FormatPrice(v.Preco) + ") pode ser financiado! " + msg
	}
	c.say(msg)
	c.say("Quer que eu chame um vendedor pra fazer uma simulação com você? É só responder *sim*.")
	c.st.Stage = StageOfferSeller
	return nil
}

// noun is what this empresa sells, as a customer says it.
func (c *conv) noun(plural bool) string {
	switch {
	case c.nicho == app.NichoMotos && plural:
		return "motos"
	case c.nicho == app.NichoMotos:
		return "moto"
	case plural:
		return "carros"
	}
	return "carro"
}

// examples are two questions built from what this empresa has in stock.
func (c *conv) examples() string {
	first, second := "_tem SUV automático?_", "_carros até 80 mil_"
	if c.nicho == app.NichoMotos {
		first, second = "_tem scooter?_", "_moto 160 até 15 mil_"
	}
	if best := c.firstModelo(); best != "" {
		first = "_tem " + best + "?_"
	}
	return first + " ou " + second
}

// firstModelo is deterministic (map order is not) so the same inventory
// always gives the same examples.
func (c *conv) firstModelo() string {
	best := ""
	for _, list := range c.ix.modelos {
		for _, mn := range list {
			if best == "" || mn.Modelo < best {
				best = mn.Modelo
			}
		}
	}
	return best
}

func (c *conv) firstName() string {
	name := strings.TrimSpace(c.in.PushName)
	if i := strings.IndexAny(name, " \t"); i > 0 {
		name = name[:i]
	}
	if len([]rune(name)) > 20 || strings.ContainsAny(name, "0123456789@") {
		return ""
	}
	return name
}

func (c *conv) hello() string {
	if n := c.firstName(); n != "" {
		return "Olá, " + n + "!"
	}
	return "Olá!"
}

func (c *conv) greet() error {
	_, total, err := c.in.Inventory.FindVehicles(c.ctx, app.VehicleFilter{Limit: 1})
	if err != nil {
		return err
	}
	welcome := strings.TrimSpace(c.in.Empresa.MensagemBoasVindas)
	if welcome == "" {
		welcome = c.hello() + " 👋 Bem-vindo(a) à *" + c.in.Empresa.Nome + "*. Sou o assistente virtual da loja e te ajudo a encontrar sua próxima " + c.noun(false) + "."
		if c.nicho != app.NichoMotos {
			welcome = strings.Replace(welcome, "sua próxima carro", "seu próximo carro", 1)
		}
	}
	c.say(welcome)
	switch total {
	case 0:
		c.say("No momento estamos atualizando nosso estoque. Se quiser, mande *vendedor* que a nossa equipe te atende.")
	case 1:
		c.say("Temos *1 veículo* disponível agora. Me conta o que você procura, por exemplo: " + c.examples() + ".")
	default:
		c.say("Temos *" + strconv.Itoa(total) + " veículos* disponíveis agora. Me conta o que você procura, por exemplo: " + c.examples() + ".")
	}
	return nil
}

func (c *conv) handoff(reason string) error {
	c.handOver(reason)
	c.say("Certo! Já chamei nossa equipe: um vendedor vai te responder por aqui em instantes. 👍")
	return nil
}

// handOver hands the contact to the empresa's people for pausaHumanoHoras.
func (c *conv) handOver(reason string) {
	hours := c.in.Empresa.PausaHumanoHoras
	if hours <= 0 {
		hours = app.DefaultPausaHumanoHoras
	}
	until := c.in.Now.Add(time.Duration(hours) * time.Hour)
	c.st.HumanUntil = until
	c.st.Stage = StageNone
	c.out.Actions.Handoff = &Handoff{Until: until, Reason: reason}
}
