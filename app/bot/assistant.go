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
// order (none means stay silent), store State, carry out Actions.
type Output struct {
	Intent  IntentKind
	Replies []string
	State   State
	Actions Actions
}

// Actions are the side effects the assistant asks of the pipeline.
type Actions struct {
	// Handoff: hand the contact to a person and push a lead event.
	Handoff *Handoff `json:"handoff,omitempty"`
	// Visit: store the visit request on the lead and push a lead event.
	Visit *app.Visita `json:"visit,omitempty"`
	// OptOut / OptIn: mark the contact so that no one (bot or campaign)
	// writes to it again / clear that mark.
	OptOut bool `json:"optOut,omitempty"`
	OptIn  bool `json:"optIn,omitempty"`
	// Interest lists the vehicles shown or detailed to the contact, for
	// the lead's history.
	Interest []int64 `json:"interest,omitempty"`
}

// Handoff is a contact handed to the empresa's people.
type Handoff struct {
	Until  time.Time `json:"until"`
	Reason string    `json:"reason"` // "pedido" (asked for a person), "financiamento", "visita"
}

// Assistant answers customers. The zero value is ready; it keeps no state
// of its own, so one Assistant serves every empresa and contact at once.
//
// The pipeline still checks the empresa's botAtivo flag before calling
// Reply: a paused bot never reaches the assistant. Reply itself stays
// silent for a contact that opted out (until it writes "voltar") or is
// with a human (until State.HumanUntil, or the CRM's State.ReturnToBot).
type Assistant struct{}

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
	vocab, err := in.Inventory.Vocabulary(ctx)
	if err != nil {
		return Output{}, fmt.Errorf("bot: vocabulary: %w", err)
	}
	c := &conv{ctx: ctx, in: in, st: in.State.clone(), ix: newVocabIndex(vocab)}
	intent := parseWith(in.Text, c.ix)
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
	case StageOfferSeller:
		switch in.Kind {
		case IntentYes:
			return c.handoff("financiamento")
		case IntentNo:
			c.say("Sem problema! Se quiser ver mais carros é só me dizer o que procura. 😉")
			return nil
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
		return c.handoff("pedido")
	case IntentVisit:
		if in.Filter.Modelo != "" {
			if v := c.lastListed(in.Filter.Modelo); v != nil {
				c.st.LastVehicle = v.ID
			}
		}
		return c.visit(in, false)
	case IntentFinancing:
		msg := strings.TrimSpace(c.in.Empresa.MensagemFinanciamento)
		if msg == "" {
			msg = "Trabalhamos com financiamento pelos principais bancos, com entrada facilitada e parcelas que cabem no seu bolso. 💰"
		}
		c.say(msg)
		c.say("Quer que eu chame um vendedor pra fazer uma simulação com você? É só responder *sim*.")
		c.st.Stage = StageOfferSeller
	case IntentPrice:
		return c.price(in)
	case IntentDetails:
		return c.details(in)
	case IntentSearch:
		return c.search(in)
	case IntentThanks:
		c.say("Por nada! 😊 Qualquer dúvida é só chamar.")
	case IntentGoodbye:
		c.say("Até mais! Quando quiser ver nossos carros, é só mandar uma mensagem. 👋")
	case IntentYes, IntentNo:
		c.say("Certo! Me diz o que você procura, por exemplo: " + c.examples() + ".")
	default:
		c.say("Desculpe, não entendi. 🤔 Você pode me perguntar, por exemplo: " + c.examples() +
			". Ou mande *vendedor* pra falar com a nossa equipe.")
	}
	return nil
}

// examples are two questions built from what this empresa has in stock.
func (c *conv) examples() string {
	first := "_tem SUV automático?_"
	if best := c.firstModelo(); best != "" {
		first = "_tem " + best + "?_"
	}
	return first + " ou _carros até 80 mil_"
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
		welcome = c.hello() + " 👋 Bem-vindo(a) à *" + c.in.Empresa.Nome + "*. Sou o assistente virtual da loja e te ajudo a encontrar seu próximo carro."
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
	hours := c.in.Empresa.PausaHumanoHoras
	if hours <= 0 {
		hours = app.DefaultPausaHumanoHoras
	}
	until := c.in.Now.Add(time.Duration(hours) * time.Hour)
	c.st.HumanUntil = until
	c.st.Stage = StageNone
	c.out.Actions.Handoff = &Handoff{Until: until, Reason: reason}
	c.say("Certo! Já chamei nossa equipe: um vendedor vai te responder por aqui em instantes. 👍")
	return nil
}
