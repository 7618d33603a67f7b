package bot

import (
	"strconv"
	"strings"

	"vendeai/app"
)

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

// gone says a vehicle left the stock since it was listed.
func (c *conv) gone() bool {
	c.say("Poxa, esse acabou de sair do nosso estoque. 😕 Me diz se quer ver outro da lista ou que eu procure algo parecido.")
	return true
}

// lastListed finds a named modelo among the vehicles of the last list.
func (c *conv) lastListed(n nameRef) *app.Vehicle {
	if len(n.Modelos) == 0 {
		return nil
	}
	for _, id := range c.st.LastList {
		v, err := c.available(id)
		if err != nil || v == nil {
			continue
		}
		for _, m := range n.Modelos {
			if nameKey(v.Modelo) == nameKey(m) {
				return v
			}
		}
	}
	return nil
}

// focusVehicle is the vehicle a follow-up is about: picked by number,
// named from the last list, or the one shown last.
func (c *conv) focusVehicle(in Intent) *app.Vehicle {
	if in.Selection > 0 && in.Selection <= len(c.st.LastList) {
		v, _ := c.available(c.st.LastList[in.Selection-1])
		return v
	}
	for _, n := range in.names {
		if v := c.lastListed(n); v != nil {
			return v
		}
	}
	if c.st.LastVehicle != 0 && (c.st.Focus != FocusList || len(c.st.LastList) != 1) {
		v, _ := c.available(c.st.LastVehicle)
		return v
	}
	if len(c.st.LastList) == 1 {
		v, _ := c.available(c.st.LastList[0])
		return v
	}
	if c.st.LastVehicle != 0 {
		v, _ := c.available(c.st.LastVehicle)
		return v
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
		if v, err = c.available(c.st.LastList[in.Selection-1]); err != nil {
			return err
		}
		if v == nil {
			c.say("Poxa, esse acabou de sair do nosso estoque. 😕 Vou te mostrar o que temos parecido.")
			f := app.VehicleFilter{}
			if c.st.LastFilter != nil {
				f = *c.st.LastFilter
			}
			return c.search(Intent{Kind: IntentSearch, Filter: f, Refine: true})
		}
	case len(in.names) > 0:
		for _, n := range in.names {
			if v = c.lastListed(n); v != nil {
				break
			}
		}
		if v == nil {
			return c.search(in)
		}
	default:
		v = c.focusVehicle(in)
	}
	if v == nil {
		c.say("De qual você quer ver os detalhes? Me manda o número da lista ou o modelo.")
		return nil
	}
	if in.Kind == IntentPhotos && len(v.Fotos) == 0 {
		c.st.LastVehicle, c.st.Focus = v.ID, FocusVehicle
		c.say("Ainda não tenho fotos do *" + vehicleTitle(v) + "* aqui. 😕 Quer que um vendedor te mande? É só responder *sim*.")
		c.st.Stage = StageOfferAnswer
		return nil
	}
	c.showVehicle(v)
	return nil
}

func (c *conv) showVehicle(v *app.Vehicle) {
	c.st.LastVehicle = v.ID
	c.st.Focus = FocusVehicle
	c.out.Actions.Interest = append(c.out.Actions.Interest, v.ID)
	c.say(vehicleDetails(v))
	c.out.Media = append(c.out.Media, MediaRef{VehicleID: v.ID, Legenda: vehicleTitle(v) + " - " + FormatPrice(v.Preco)})
	c.say("Gostou? Posso *agendar uma visita* ou *test drive*, te passar as condições de *financiamento* ou chamar um *vendedor*. É só dizer! 😉")
}

func (c *conv) price(in Intent) error {
	if in.Selection > 0 || len(in.names) == 0 {
		v := c.focusVehicle(in)
		if v == nil && in.Selection == 0 {
			c.say("De qual modelo você quer saber o preço? Por exemplo: _quanto custa o " + orDefault(c.firstModelo(), "Onix") + "?_")
			return nil
		}
		if v != nil && in.Selection == 0 {
			c.st.LastVehicle, c.st.Focus = v.ID, FocusVehicle
			c.say("O *" + vehicleTitle(v) + "* está por *" + FormatPrice(v.Preco) + "*, com " + FormatKm(v.Km) + ". 😉 Quer ver fotos, simular um financiamento ou agendar uma visita?")
			return nil
		}
		in.Kind = IntentDetails
		return c.details(in)
	}
	if v := c.lastListedAny(in); v != nil && c.st.Focus == FocusVehicle {
		c.say("O *" + vehicleTitle(v) + "* está por *" + FormatPrice(v.Preco) + "*.")
		return nil
	}
	f := c.context(in)
	f.Ordem = app.OrdemPreco
	vs, total, err := c.find(f)
	if err != nil {
		return err
	}
	name := describe(app.VehicleFilter{Marca: f.Marca, Modelo: f.Modelo, Modelos: f.Modelos})
	if total == 0 {
		if in.Unknown != "" && name == "" {
			return c.notStocked(in, f, "")
		}
		c.say("No momento não temos *" + orDefault(name, in.Unknown) + "* disponível. 😕")
		if e := c.entryOf(f); e != nil {
			return c.alternatives(e, f)
		}
		return c.nearest(f)
	}
	c.remember(vs, f)
	var b strings.Builder
	if total == 1 {
		b.WriteString("Temos 1 *" + name + "* disponível:\n\n")
	} else {
		b.WriteString("Temos " + strconv.Itoa(total) + " *" + name + "* disponíveis, a partir de *" + FormatPrice(vs[0].Preco) + "*:\n\n")
	}
	writeList(&b, vs, 0)
	b.WriteString("\n\nMe manda o número pra ver detalhes e fotos.")
	c.say(b.String())
	return nil
}

func (c *conv) lastListedAny(in Intent) *app.Vehicle {
	for _, n := range in.names {
		if v := c.lastListed(n); v != nil && v.ID == c.st.LastVehicle {
			return v
		}
	}
	return nil
}

func orDefault(s, def string) string {
	if s == "" {
		return def
	}
	return s
}

// descriptionWords are what a customer may ask that only the dealer's
// descrição can answer, with the words to look for in it.
var descriptionWords = map[string][]string{
	"dono":     {"unico dono", "único dono", "1 dono", "um dono", "primeiro dono", "dono"},
	"laudo":    {"laudo", "vistoria", "cautelar"},
	"revisado": {"revis", "concessionaria"},
	"ipva":     {"ipva"},
	"garantia": {"garantia"},
	"multa":    {"multa", "debito", "débito"},
	"sinistro": {"sinistro", "leilao", "leilão"},
	"leilao":   {"leilao", "leilão", "sinistro"},
	"batido":   {"batid", "colis", "pintura original", "original"},
	"original": {"original"},
	"chave":    {"chave", "manual"},
}

// question answers what the customer asks about the vehicle in focus.
func (c *conv) question(in Intent) error {
	v := c.focusVehicle(in)
	if v == nil {
		if in.Ask == "disponivel" && c.st.LastVehicle != 0 {
			c.say("Infelizmente esse já saiu do nosso estoque. 😕 Quer que eu te mostre opções parecidas?")
			return nil
		}
		c.say("Sobre qual veículo? Me manda o número da lista ou o modelo que eu te respondo. 🙂")
		return nil
	}
	c.st.LastVehicle, c.st.Focus = v.ID, FocusVehicle
	title := "*" + vehicleTitle(v) + "*"
	switch in.Ask {
	case "disponivel":
		c.say("Sim! O " + title + " ainda está disponível. ✅ Quer agendar uma visita pra ver de perto?")
	case "km":
		c.say("O " + title + " está com *" + FormatKm(v.Km) + "*.")
	case "ano":
		c.say("O " + title + " é ano *" + strconv.Itoa(v.AnoFabricacao) + "/" + strconv.Itoa(v.AnoModelo) + "* (fabricação/modelo).")
	case "cor":
		c.say("O " + title + " é *" + orDefault(strings.ToLower(v.Cor), "de cor não informada") + "*.")
	case "cambio":
		c.say("O " + title + " tem câmbio *" + display(v.Cambio) + "*.")
	case "combustivel":
		c.say("O " + title + " é *" + display(v.Combustivel) + "*.")
	case "versao":
		c.say("É a versão *" + orDefault(v.Versao, v.Modelo) + "*: " + vehicleTitle(v) + ".")
	default:
		if s := sentenceAbout(v.Descricao, descriptionWords[in.Ask]); s != "" {
			c.say("Sobre o " + title + ", o anúncio diz: _" + s + "_")
			return nil
		}
		c.say("Essa informação do " + title + " eu não tenho aqui. 🤔 Quer que um vendedor confirme pra você? É só responder *sim*.")
		c.st.Stage = StageOfferAnswer
	}
	return nil
}

// sentenceAbout returns the sentence of a descrição that mentions one of
// the words, "" when none does.
func sentenceAbout(desc string, keys []string) string {
	if desc == "" || len(keys) == 0 {
		return ""
	}
	for _, s := range strings.FieldsFunc(desc, func(r rune) bool { return r == '.' || r == '\n' || r == ';' || r == '!' }) {
		fs := app.Fold(s)
		for _, k := range keys {
			if strings.Contains(fs, app.Fold(k)) {
				return strings.TrimSpace(s)
			}
		}
	}
	return ""
}
