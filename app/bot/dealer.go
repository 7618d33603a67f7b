package bot

import (
	"strconv"
	"strings"
	"unicode/utf8"

	"vendeai/app"
)

// tradeIn takes the customer's vehicle as a trade-in: it notes marca,
// modelo, ano and km, asks once for what is missing, and leaves the price
// to an evaluator: the assistant never values a customer's vehicle.
func (c *conv) tradeIn(in Intent, inStage bool) error {
	t := app.Troca{}
	if c.st.Troca != nil {
		t = *c.st.Troca
	}
	if len(in.names) > 0 {
		n := in.names[0]
		if n.Entry != nil {
			t.Marca = n.Entry.Marca
			if n.Entry.Modelo != "" {
				t.Modelo = n.Entry.Modelo
			}
		} else {
			t.Marca = n.Marca
			if len(n.Modelos) > 0 {
				t.Modelo = n.Modelos[0]
			}
		}
	}
	if y := in.Filter.AnoMax; y != 0 {
		t.Ano = y
	} else if y := in.Filter.AnoMin; y != 0 {
		t.Ano = y
	}
	if in.Filter.KmMax != nil {
		km := *in.Filter.KmMax
		t.Km = &km
	}
	c.st.Troca = &t
	var missing []string
	if t.Modelo == "" {
		missing = append(missing, "o *modelo*")
	}
	if t.Ano == 0 {
		missing = append(missing, "o *ano*")
	}
	if t.Km == nil {
		missing = append(missing, "a *quilometragem*")
	}
	if len(missing) > 0 && !inStage {
		c.st.Stage = StageTradeIn
		intro := "Aceitamos seu " + c.noun(false) + " na troca, sim! 🔄"
		if t.Modelo != "" {
			intro = "Aceitamos seu *" + strings.TrimSpace(t.Marca+" "+t.Modelo) + "* na troca, sim! 🔄"
		}
		c.say(intro + " Pra nossa equipe avaliar, me conta " + joinPT(missing) + " dele.")
		return nil
	}
	if t.Marca == "" && t.Modelo == "" && t.Ano == 0 && t.Km == nil {
		c.say("Sem problema! Quando quiser, me conta o modelo, o ano e a quilometragem do seu " + c.noun(false) + " que a gente avalia pra troca. 🙂")
		return nil
	}
	c.st.Troca = nil
	c.out.Actions.Troca = &t
	c.say("Anotei: *" + tradeLine(t) + "*. ✅ Nosso avaliador vai analisar e te responder por aqui com a proposta pela troca. " +
		"Enquanto isso, quer ver alguma opção do nosso estoque?")
	return nil
}

func tradeLine(t app.Troca) string {
	parts := []string{strings.TrimSpace(t.Marca + " " + t.Modelo)}
	if parts[0] == "" {
		parts[0] = "seu veículo"
	}
	if t.Ano != 0 {
		parts = append(parts, strconv.Itoa(t.Ano))
	}
	if t.Km != nil {
		parts = append(parts, FormatKm(*t.Km))
	}
	return strings.Join(parts, ", ")
}

func joinPT(items []string) string {
	switch len(items) {
	case 0:
		return ""
	case 1:
		return items[0]
	}
	return strings.Join(items[:len(items)-1], ", ") + " e " + items[len(items)-1]
}

// haggle never invents a price or discount: it notes what the customer
// offered and hands the contact to a salesperson.
func (c *conv) haggle(in Intent) error {
	neg := &app.Negociacao{Mensagem: truncateRunes(strings.TrimSpace(c.in.Text), 200), SolicitadaEm: c.in.Now.UTC()}
	if in.Filter.PrecoMax != 0 {
		neg.ValorOferecido = in.Filter.PrecoMax
	} else if in.Filter.PrecoMin != 0 {
		neg.ValorOferecido = in.Filter.PrecoMin
	}
	about := ""
	if v := c.focusVehicle(in); v != nil {
		neg.VeiculoID, neg.Veiculo = v.ID, vehicleTitle(v)
		about = " pelo *" + neg.Veiculo + "*"
		c.out.Actions.Interest = append(c.out.Actions.Interest, v.ID)
	}
	c.out.Actions.Negociacao = neg
	c.handOver(ReasonNegotiate)
	offer := ""
	if neg.ValorOferecido != 0 {
		offer = " Anotei sua proposta de *" + FormatPrice(neg.ValorOferecido) + "*" + about + "."
	} else if about != "" {
		offer = " Anotei seu interesse" + about + "."
	}
	c.say("Entendi! Valores e condições especiais quem define é a nossa equipe de vendas." + offer +
		" Um vendedor vai te responder por aqui em instantes. 👍")
	return nil
}

func truncateRunes(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	return string([]rune(s)[:n])
}

// storeInfo answers from the empresa's loja config; a field left empty is
// passed to a person, never guessed.
func (c *conv) storeInfo(in Intent) error {
	l := c.in.Empresa.Loja
	switch in.Info {
	case "endereco":
		if l.Endereco != "" {
			msg := "📍 Estamos em: *" + l.Endereco + "*"
			if l.MapsURL != "" {
				msg += "\nNo mapa: " + l.MapsURL
			}
			if l.Horario != "" {
				msg += "\n🕒 Horário: " + l.Horario
			}
			c.say(msg + "\n\nQuer agendar uma visita? É só me dizer o dia e o período. 😉")
			return nil
		}
		if l.MapsURL != "" {
			c.say("📍 Nossa localização no mapa: " + l.MapsURL)
			return nil
		}
	case "horario":
		if l.Horario != "" {
			c.say("🕒 Nosso horário de funcionamento: *" + l.Horario + "*.\n\nQuer agendar uma visita? É só me dizer o dia e o período. 😉")
			return nil
		}
	case "pagamento":
		if l.FormasPagamento != "" {
			c.say("💳 Formas de pagamento: *" + l.FormasPagamento + "*. Também trabalhamos com financiamento; quer simular?")
			return nil
		}
	case "telefone":
		if l.Telefone != "" {
			c.say("📞 Nosso telefone: *" + l.Telefone + "*. E por aqui mesmo eu te atendo! 🙂")
			return nil
		}
	case "site":
		if l.Site != "" {
			c.say("🌐 Nosso site: " + l.Site)
			return nil
		}
	}
	c.out.Actions.Question = in.Info
	c.say("Essa informação eu vou confirmar com a nossa equipe: um vendedor te responde por aqui em instantes. 👍 Enquanto isso, posso te mostrar nosso estoque!")
	return nil
}

// compare shows two or more vehicles side by side: price, year, km, gearbox.
func (c *conv) compare(in Intent) error {
	var vs []*app.Vehicle
	var missing []string
	seen := map[int64]bool{}
	addV := func(v *app.Vehicle) {
		if v != nil && !seen[v.ID] {
			seen[v.ID] = true
			vs = append(vs, v)
		}
	}
	for _, n := range in.names {
		if !n.Stocked() || len(n.Modelos) == 0 {
			if !n.Stocked() {
				missing = append(missing, n.Display())
			}
			continue
		}
		if v := c.lastListed(n); v != nil {
			addV(v)
			continue
		}
		f := in.Filter
		f.Marca, f.Modelo, f.Modelos, f.Ordem = n.Marca, "", n.Modelos, app.OrdemPreco
		found, _, err := c.find(f)
		if err != nil {
			return err
		}
		if len(found) == 0 {
			missing = append(missing, n.Display())
			continue
		}
		addV(found[0])
	}
	for _, q := range c.selections(in) {
		if q >= 1 && q <= len(c.st.LastList) {
			v, err := c.available(c.st.LastList[q-1])
			if err != nil {
				return err
			}
			addV(v)
		}
	}
	if len(missing) > 0 {
		c.say("No momento não temos *" + strings.Join(missing, "* nem *") + "* disponível. 😕")
	}
	if len(vs) == 0 {
		return c.nearest(in.Filter)
	}
	var b strings.Builder
	if len(vs) == 1 {
		b.WriteString("Do que você citou, temos este:\n\n")
	} else {
		b.WriteString("Comparando lado a lado:\n\n")
	}
	c.st.LastList = c.st.LastList[:0]
	for i, v := range vs {
		if i > 0 {
			b.WriteString("\n\n")
		}
		b.WriteString(strconv.Itoa(i+1) + ". *" + vehicleTitle(v) + "*\n")
		b.WriteString("💰 " + FormatPrice(v.Preco) + " · 📅 " + strconv.Itoa(v.AnoModelo) + " · 🛣️ " + FormatKm(v.Km) +
			" · ⚙️ " + display(v.Cambio))
		c.st.LastList = append(c.st.LastList, v.ID)
		c.out.Actions.Interest = append(c.out.Actions.Interest, v.ID)
	}
	c.st.LastOffset, c.st.Focus = 0, FocusList
	if len(vs) > 1 && (strings.Contains(app.Fold(c.in.Text), "econom") || strings.Contains(app.Fold(c.in.Text), "consum")) {
		b.WriteString("\n\nO consumo varia com a versão e o motor; um vendedor pode te passar os números certinhos de cada um.")
	}
	b.WriteString("\n\nQuer ver detalhes e fotos de algum? Me manda o número.")
	c.say(b.String())
	return nil
}

// selections are the list numbers a message names ("o 1 ou o 2").
func (c *conv) selections(in Intent) []int {
	var out []int
	for _, t := range tokenize(c.in.Text) {
		if t.num && !t.sep && t.val >= 1 && t.val <= 20 {
			out = append(out, int(t.val))
		}
	}
	if len(out) < 2 {
		return nil
	}
	return out
}

// foreign answers a message in English or Spanish: a short note that the
// store answers in Portuguese, then the search when there was one.
func (c *conv) foreign(in Intent) error {
	search := in.Kind == IntentSearch || in.Kind == IntentPrice || in.Kind == IntentCompare
	note := map[string][2]string{
		"en": {"Hi! 👋 Our store answers in Portuguese, but here is what I found for you:",
			"Hi! 👋 Our store answers in Portuguese. Please write in Portuguese, or send *vendedor* to talk to our team."},
		"es": {"¡Hola! 👋 Nuestra tienda atiende en portugués, pero esto es lo que encontré para usted:",
			"¡Hola! 👋 Nuestra tienda atiende en portugués. Escriba en portugués, o envíe *vendedor* para hablar con nuestro equipo."},
	}[in.Lang]
	if !search || !in.HasCriteria() && in.Unknown == "" {
		c.say(note[1])
		return nil
	}
	c.say(note[0])
	in.Greets = false
	return c.handleIntent(in)
}
