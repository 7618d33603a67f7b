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
