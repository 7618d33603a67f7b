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
	Visit *VisitRequest `json:"visit,omitempty"`
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

// available fetches a vehicle only if it can still be offered.
func (c *conv) available(id int64) (*app.Vehicle, error) {
	v, err := c.in.Inventory.FindVehicleByID(c.ctx, id)
	if err != nil {
		if app.IsCode(err, app.ENOTFOUND) {
			return nil, nil
		}
		return nil, err
	}
	if v == nil || v.Status != app.VehicleDisponivel {
		return nil, nil
	}
	return v, nil
}

// lastListed finds a modelo among the vehicles of the last list.
func (c *conv) lastListed(modelo string) *app.Vehicle {
	key := nameKey(modelo)
	for _, id := range c.st.LastList {
		v, err := c.available(id)
		if err == nil && v != nil && nameKey(v.Modelo) == key {
			return v
		}
	}
	return nil
}

func (c *conv) details(in Intent) error {
	var v *app.Vehicle
	var err error
	switch {
	case in.Selection > 0:
		if in.Selection > len(c.st.LastList) {
			if len(c.st.LastList) == 0 {
				c.say("Me diz primeiro o que você procura (ex.: " + c.examples() + ") que eu te mostro as opções numeradas.")
			} else {
				c.say("Essa lista tinha só " + strconv.Itoa(len(c.st.LastList)) + " opções. Me manda um número de 1 a " +
					strconv.Itoa(len(c.st.LastList)) + ".")
			}
			return nil
		}
		v, err = c.available(c.st.LastList[in.Selection-1])
		if err != nil {
			return err
		}
		if v == nil {
			c.say("Poxa, esse acabou de sair do nosso estoque. 😕 Vou te mostrar o que temos parecido.")
			f := app.VehicleFilter{}
			if c.st.LastFilter != nil {
				f = *c.st.LastFilter
			}
			return c.search(Intent{Kind: IntentSearch, Filter: f})
		}
	case in.Filter.Modelo != "":
		if v = c.lastListed(in.Filter.Modelo); v == nil {
			return c.search(in)
		}
	case c.st.LastVehicle != 0:
		if v, err = c.available(c.st.LastVehicle); err != nil {
			return err
		}
	case len(c.st.LastList) == 1:
		if v, err = c.available(c.st.LastList[0]); err != nil {
			return err
		}
	}
	if v == nil {
		c.say("De qual carro você quer ver os detalhes? Me manda o número da lista ou o modelo.")
		return nil
	}
	c.showVehicle(v)
	return nil
}

func (c *conv) showVehicle(v *app.Vehicle) {
	c.st.LastVehicle = v.ID
	c.out.Actions.Interest = append(c.out.Actions.Interest, v.ID)
	c.say(vehicleDetails(v))
	c.say("Gostou? Posso *agendar uma visita* ou *test drive*, te passar as condições de *financiamento* ou chamar um *vendedor*. É só dizer! 😉")
}

func (c *conv) price(in Intent) error {
	if in.Selection > 0 || in.Filter.Modelo == "" && in.Filter.Marca == "" {
		if in.Selection == 0 && c.st.LastVehicle == 0 && len(c.st.LastList) != 1 {
			c.say("De qual modelo você quer saber o preço? Por exemplo: _quanto custa o " + orDefault(c.firstModelo(), "Onix") + "?_")
			return nil
		}
		in.Kind = IntentDetails
		return c.details(in)
	}
	f := in.Filter
	f.Ordem = "preco"
	vs, total, err := c.find(f)
	if err != nil {
		return err
	}
	name := strings.TrimSpace(f.Marca + " " + f.Modelo)
	if f.Modelo != "" {
		name = f.Modelo
	}
	if total == 0 {
		c.say("No momento não temos *" + name + "* disponível. 😕")
		return c.nearest(f)
	}
	c.remember(vs, f)
	var b strings.Builder
	if total == 1 {
		b.WriteString("Temos 1 *" + name + "* disponível:\n\n")
	} else {
		b.WriteString("Temos " + strconv.Itoa(total) + " *" + name + "* disponíveis, a partir de *" + FormatPrice(vs[0].Preco) + "*:\n\n")
	}
	writeList(&b, vs)
	b.WriteString("\n\nMe manda o número pra ver detalhes e fotos.")
	c.say(b.String())
	return nil
}

func orDefault(s, def string) string {
	if s == "" {
		return def
	}
	return s
}

func (c *conv) find(f app.VehicleFilter) ([]*app.Vehicle, int, error) {
	f.Status = ""
	f.Limit = MaxListed
	f.Offset = 0
	vs, total, err := c.in.Inventory.FindVehicles(c.ctx, f)
	if err != nil {
		return nil, 0, err
	}
	// Belt and braces: whatever the inventory returns, only vehicles for
	// sale are ever offered.
	kept := vs[:0:0]
	for _, v := range vs {
		if v != nil && v.Status == app.VehicleDisponivel {
			kept = append(kept, v)
		}
	}
	if len(kept) < len(vs) {
		total -= len(vs) - len(kept)
	}
	if len(kept) > MaxListed {
		kept = kept[:MaxListed]
	}
	return kept, total, nil
}

func (c *conv) remember(vs []*app.Vehicle, f app.VehicleFilter) {
	c.st.LastList = c.st.LastList[:0]
	for _, v := range vs {
		c.st.LastList = append(c.st.LastList, v.ID)
		c.out.Actions.Interest = append(c.out.Actions.Interest, v.ID)
	}
	f.Limit, f.Offset, f.Status = 0, 0, ""
	c.st.LastFilter = &f
}

func writeList(b *strings.Builder, vs []*app.Vehicle) {
	for i, v := range vs {
		if i > 0 {
			b.WriteByte('\n')
		}
		b.WriteString(strconv.Itoa(i+1) + ". " + VehicleLine(v))
	}
}

func (c *conv) search(in Intent) error {
	f := in.Filter
	if in.Refine && c.st.LastFilter != nil {
		f = merge(*c.st.LastFilter, f)
	}
	var b strings.Builder
	if in.Greets {
		b.WriteString(c.hello() + " ")
	}
	if in.Unknown != "" {
		c.say(b.String() + "No momento não temos *" + in.Unknown + "* no estoque. 😕")
		b.Reset()
		vs, total, err := c.find(f)
		if err != nil {
			return err
		}
		if total == 0 {
			return c.nearest(f)
		}
		c.remember(vs, f)
		b.WriteString("Mas olha o que temos")
		if d := describe(f); d != "" {
			b.WriteString(" (" + d + ")")
		}
		b.WriteString(", são " + strconv.Itoa(total) + " no total:\n\n")
		writeList(&b, vs)
		b.WriteString("\n\nMe manda o número pra ver detalhes e fotos.")
		c.say(b.String())
		return nil
	}
	vs, total, err := c.find(f)
	if err != nil {
		return err
	}
	if total == 0 {
		if b.Len() > 0 {
			c.say(strings.TrimSpace(b.String()))
		}
		return c.nearest(f)
	}
	c.remember(vs, f)
	what := describe(f)
	switch {
	case total == 1:
		b.WriteString("Encontrei *1 veículo*")
	default:
		b.WriteString("Encontrei *" + strconv.Itoa(total) + " veículos*")
	}
	if what != "" {
		b.WriteString(" (" + what + ")")
	}
	if total > len(vs) {
		b.WriteString(". Os " + strconv.Itoa(len(vs)) + " primeiros:\n\n")
	} else {
		b.WriteString(":\n\n")
	}
	writeList(&b, vs)
	b.WriteString("\n\nPra ver detalhes e fotos, me manda o número (ex.: *1*).")
	if total > len(vs) {
		b.WriteString(" Se quiser, refine por ano, preço ou câmbio.")
	}
	c.say(b.String())
	return nil
}

// merge lays a follow-up's criteria ("e automático?") over the last search.
func merge(base, add app.VehicleFilter) app.VehicleFilter {
	if add.Marca != "" {
		if nameKey(add.Marca) != nameKey(base.Marca) {
			base.Modelo = ""
		}
		base.Marca = add.Marca
	}
	if add.Modelo != "" {
		base.Modelo = add.Modelo
	}
	if add.Categoria != "" {
		base.Categoria = add.Categoria
	}
	if len(add.Cambios) > 0 {
		base.Cambios = add.Cambios
	}
	if add.Combustivel != "" {
		base.Combustivel = add.Combustivel
	}
	if add.Cor != "" {
		base.Cor = add.Cor
	}
	if add.AnoMin != 0 || add.AnoMax != 0 {
		base.AnoMin, base.AnoMax = add.AnoMin, add.AnoMax
	}
	if add.PrecoMin != 0 || add.PrecoMax != 0 {
		base.PrecoMin, base.PrecoMax = add.PrecoMin, add.PrecoMax
	}
	if add.KmMax != nil {
		base.KmMax = add.KmMax
	}
	if add.Ordem != "" {
		base.Ordem = add.Ordem
	}
	return base
}

// relaxation is one step of the "nearest ones": which criterion it drops
// and how the reply explains the difference.
type relaxation struct {
	drop func(*app.VehicleFilter) bool // false when there was nothing to drop
	why  string
}

var relaxations = []relaxation{
	{func(f *app.VehicleFilter) bool {
		had := f.PrecoMax != 0 || f.PrecoMin != 0
		if f.PrecoMax != 0 {
			f.Ordem = "preco" // closest to the budget first
		} else if f.PrecoMin != 0 {
			f.Ordem = "-preco"
		}
		f.PrecoMax, f.PrecoMin = 0, 0
		return had
	}, "fora da faixa de preço que você pediu"},
	{func(f *app.VehicleFilter) bool {
		had := f.AnoMin != 0 || f.AnoMax != 0
		f.AnoMin, f.AnoMax = 0, 0
		return had
	}, "de outro ano"},
	{func(f *app.VehicleFilter) bool { had := f.KmMax != nil; f.KmMax = nil; return had }, "com mais quilometragem"},
	{func(f *app.VehicleFilter) bool {
		had := len(f.Cambios) > 0 || f.Categoria != "" || f.Cor != "" || f.Combustivel != ""
		f.Cambios, f.Categoria, f.Cor, f.Combustivel = nil, "", "", ""
		return had
	}, "com outro câmbio, tipo, cor ou combustível"},
	{func(f *app.VehicleFilter) bool { had := f.Modelo != ""; f.Modelo = ""; return had }, "de outro modelo da mesma marca"},
	{func(f *app.VehicleFilter) bool {
		had := f.Marca != "" || f.Q != ""
		f.Marca, f.Q = "", ""
		return had
	}, "de outras marcas"},
}

// nearest answers a search that found nothing: it says so, then drops the
// criteria one at a time until something is in stock, and says plainly
// that what it shows does not match.
func (c *conv) nearest(f app.VehicleFilter) error {
	what := describe(f)
	if what != "" {
		c.say("Não encontrei nenhum veículo disponível com " + what + ". 😕")
	} else {
		c.say("No momento não temos veículos disponíveis. 😕 Se quiser, mande *vendedor* que a nossa equipe te avisa quando chegar algo.")
		return nil
	}
	r := f
	var whys []string
	for _, step := range relaxations {
		if !step.drop(&r) {
			continue
		}
		whys = append(whys, step.why)
		vs, total, err := c.find(r)
		if err != nil {
			return err
		}
		if total == 0 {
			continue
		}
		c.remember(vs, r)
		var b strings.Builder
		b.WriteString("O mais perto que tenho são estes, mas *não batem exatamente* com o que você pediu (" + whys[len(whys)-1] + "):\n\n")
		writeList(&b, vs)
		b.WriteString("\n\nSe algum te interessar, me manda o número. Ou mande *vendedor* que a nossa equipe procura pra você.")
		c.say(b.String())
		return nil
	}
	c.say("Também não achei nada parecido agora. Mande *vendedor* que a nossa equipe te ajuda a encontrar.")
	return nil
}

// describe says in words what a filter asks for ("Civic, automático, até R$ 80.000").
func describe(f app.VehicleFilter) string {
	var parts []string
	switch {
	case f.Modelo != "":
		parts = append(parts, f.Modelo)
	case f.Marca != "":
		parts = append(parts, f.Marca)
	}
	if f.Categoria != "" {
		parts = append(parts, display(f.Categoria))
	}
	if len(f.Cambios) > 0 {
		if f.Cambios[0] == "manual" {
			parts = append(parts, "câmbio manual")
		} else {
			parts = append(parts, "câmbio automático")
		}
	}
	if f.Combustivel != "" {
		parts = append(parts, display(f.Combustivel))
	}
	if f.Cor != "" {
		parts = append(parts, "cor "+f.Cor)
	}
	switch {
	case f.AnoMin != 0 && f.AnoMin == f.AnoMax:
		parts = append(parts, "ano "+strconv.Itoa(f.AnoMin))
	case f.AnoMin != 0 && f.AnoMax != 0:
		parts = append(parts, "ano "+strconv.Itoa(f.AnoMin)+" a "+strconv.Itoa(f.AnoMax))
	case f.AnoMin != 0:
		parts = append(parts, "ano "+strconv.Itoa(f.AnoMin)+" pra cima")
	case f.AnoMax != 0:
		parts = append(parts, "até o ano "+strconv.Itoa(f.AnoMax))
	}
	switch {
	case f.PrecoMin != 0 && f.PrecoMax != 0:
		parts = append(parts, "entre "+FormatPrice(f.PrecoMin)+" e "+FormatPrice(f.PrecoMax))
	case f.PrecoMax != 0:
		parts = append(parts, "até "+FormatPrice(f.PrecoMax))
	case f.PrecoMin != 0:
		parts = append(parts, "acima de "+FormatPrice(f.PrecoMin))
	}
	if f.KmMax != nil {
		parts = append(parts, "até "+FormatKm(*f.KmMax))
	}
	return strings.Join(parts, ", ")
}

// visit collects a visit's day and period; inStage is set when the
// message answers the assistant's question.
func (c *conv) visit(in Intent, inStage bool) error {
	req := VisitRequest{}
	if inStage && c.st.Visit != nil {
		req = *c.st.Visit
	}
	if in.Dia != "" {
		req.Dia, req.Data = in.Dia, resolveDay(in.when, c.in.Now)
	}
	if in.Periodo != "" {
		req.Periodo = in.Periodo
	}
	if req.VehicleID == 0 && c.st.LastVehicle != 0 {
		if v, err := c.available(c.st.LastVehicle); err != nil {
			return err
		} else if v != nil {
			req.VehicleID, req.Veiculo = v.ID, vehicleTitle(v)
		}
	}
	switch {
	case req.Dia == "":
		c.st.Visit = &req
		c.st.Stage = StageVisitDay
		if inStage {
			c.say("Não consegui entender o dia. 🙂 Me diz assim: _amanhã de manhã_, _sábado à tarde_ ou _dia 20 às 10h_.")
		} else {
			c.say("Ótimo! Vamos agendar" + aboutVehicle(req) + ". Qual dia e período ficam melhor pra você? (ex.: _sábado de manhã_)")
		}
	case req.Periodo == "":
		c.st.Visit = &req
		c.st.Stage = StageVisitPeriod
		c.say("Perfeito, " + req.Dia + ". Prefere de *manhã* ou à *tarde*?")
	default:
		c.st.Visit = &req
		c.st.Stage = StageNone
		v := req
		c.out.Actions.Visit = &v
		if req.VehicleID != 0 {
			c.out.Actions.Interest = append(c.out.Actions.Interest, req.VehicleID)
		}
		when := req.Dia
		if req.Data != "" && !strings.Contains(req.Dia, "/") {
			if t, err := time.Parse("2006-01-02", req.Data); err == nil {
				when += " (" + t.Format("02/01") + ")"
			}
		}
		c.say("Combinado! ✅ Anotei sua visita" + aboutVehicle(req) + " para *" + when + "*, período da *" + req.Periodo +
			"*. Um vendedor vai confirmar o horário com você por aqui. Até lá! 🚗")
	}
	return nil
}

func aboutVehicle(r VisitRequest) string {
	if r.Veiculo == "" {
		return ""
	}
	return " pra ver o *" + r.Veiculo + "*"
}

// resolveDay turns what the customer said into a date, "" when it cannot.
func resolveDay(d dayRef, now time.Time) string {
	today := time.Date(now.Year(), now.Month(), now.Day(), 0, 0, 0, 0, now.Location())
	switch {
	case d.offset >= 0:
		return today.AddDate(0, 0, d.offset).Format("2006-01-02")
	case d.isWD:
		ahead := (int(d.weekday) - int(today.Weekday()) + 7) % 7
		if ahead == 0 {
			ahead = 7
		}
		return today.AddDate(0, 0, ahead).Format("2006-01-02")
	case d.day > 0:
		month, year := d.month, today.Year()
		if month == 0 {
			month = int(today.Month())
			if d.day < today.Day() {
				month++
			}
		}
		t := time.Date(year, time.Month(month), d.day, 0, 0, 0, 0, now.Location())
		if t.Before(today) {
			t = t.AddDate(1, 0, 0)
		}
		return t.Format("2006-01-02")
	}
	return ""
}
