package bot

import (
	"strconv"
	"strings"

	"vendeai/app"
)

func (c *conv) find(f app.VehicleFilter) ([]*app.Vehicle, int, error) {
	sane(&f)
	f.Status = ""
	if f.Limit == 0 {
		f.Limit = MaxListed
	}
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

// sane puts bounds the customer gave backwards ("acima de 100 mil até 50
// mil") the right way round, so the store never refuses the filter.
func sane(f *app.VehicleFilter) {
	if f.PrecoMax != 0 && f.PrecoMin > f.PrecoMax {
		f.PrecoMin, f.PrecoMax = f.PrecoMax, f.PrecoMin
	}
	if f.AnoMax != 0 && f.AnoMin > f.AnoMax {
		f.AnoMin, f.AnoMax = f.AnoMax, f.AnoMin
	}
	if f.CilindradasMax != 0 && f.CilindradasMin > f.CilindradasMax {
		f.CilindradasMin, f.CilindradasMax = f.CilindradasMax, f.CilindradasMin
	}
}

func (c *conv) remember(vs []*app.Vehicle, f app.VehicleFilter) {
	sane(&f)
	c.st.LastList = c.st.LastList[:0]
	for _, v := range vs {
		c.st.LastList = append(c.st.LastList, v.ID)
		c.out.Actions.Interest = append(c.out.Actions.Interest, v.ID)
	}
	c.st.LastOffset = f.Offset
	f.Limit, f.Offset, f.Status = 0, 0, ""
	c.st.LastFilter = &f
	c.st.Focus = FocusList
}

func writeList(b *strings.Builder, vs []*app.Vehicle, from int) {
	for i, v := range vs {
		if i > 0 {
			b.WriteByte('\n')
		}
		b.WriteString(strconv.Itoa(from+i+1) + ". " + VehicleLine(v))
	}
}

// context is the filter a search message asks for: its own criteria laid
// over the last search's, unless it starts a new subject.
func (c *conv) context(in Intent) app.VehicleFilter {
	f := in.Filter
	last := c.st.LastFilter
	fresh := last == nil || in.NewSubject || c.in.Now.Sub(c.st.UpdatedAt) > ContextTTL ||
		len(in.names) > 0 && subjectChanged(*last, f) || f.Categoria != "" && f.Categoria != last.Categoria ||
		!in.Refine && restatement(in)
	if !fresh {
		f = merge(*last, f)
	}
	for _, field := range in.Clear {
		clearField(&f, field)
	}
	return f
}

// restatement: a full new request ("quero um carro automático até 90 mil",
// "tem ferrari?") rather than a follow-up ("e automático?", "até 100 mil").
func restatement(in Intent) bool {
	if in.restates {
		return true
	}
	for _, n := range in.names {
		if n.Stocked() {
			return false
		}
	}
	return in.Unknown != ""
}

func clearField(f *app.VehicleFilter, field string) {
	switch field {
	case "cambio":
		f.Cambios = nil
	case "cor":
		f.Cor = ""
	case "ano":
		f.AnoMin, f.AnoMax = 0, 0
	case "preco":
		f.PrecoMin, f.PrecoMax = 0, 0
	case "combustivel":
		f.Combustivel = ""
	case "km":
		f.KmMax = nil
	case "marca":
		f.Marca, f.Modelo, f.Modelos = "", "", nil
	}
}

func (c *conv) search(in Intent) error {
	if in.Pick.Pointing && len(c.st.LastList) > 0 {
		if done, err := c.pickFromList(in); done || err != nil {
			return err
		}
	}
	if in.Pick.Ordem != "" && c.st.LastFilter != nil && criteriaCount(in.Filter) <= 1 && !in.NewSubject && len(in.names) == 0 {
		return c.bestOfSearch(in.Pick.Ordem)
	}
	f := c.context(in)
	var b strings.Builder
	if in.Greets {
		b.WriteString(c.hello() + " ")
	}
	if in.Unknown != "" && f.Marca == "" && f.Modelo == "" && len(f.Modelos) == 0 {
		return c.notStocked(in, f, b.String())
	}
	if in.Unknown != "" {
		c.say(b.String() + "No momento não temos *" + in.Unknown + "* no estoque. 😕")
		b.Reset()
	}
	vs, total, err := c.find(f)
	if err != nil {
		return err
	}
	if total == 0 {
		if b.Len() > 0 {
			c.say(strings.TrimSpace(b.String()))
		}
		if e := c.entryOf(f); e != nil && criteriaCount(f) <= 2 {
			c.say("No momento não temos *" + e.Display() + "* disponível. 😕")
			return c.alternatives(e, f)
		}
		return c.nearest(f)
	}
	c.remember(vs, f)
	c.writeFound(&b, vs, total, f)
	return nil
}

func (c *conv) writeFound(b *strings.Builder, vs []*app.Vehicle, total int, f app.VehicleFilter) {
	what := describe(f)
	if total == 1 {
		b.WriteString("Encontrei *1 veículo*")
	} else {
		b.WriteString("Encontrei *" + strconv.Itoa(total) + " veículos*")
	}
	if what != "" {
		b.WriteString(" (" + what + ")")
	}
	shown := f.Offset + len(vs)
	if total > shown || f.Offset > 0 {
		b.WriteString(". Do " + strconv.Itoa(f.Offset+1) + "º ao " + strconv.Itoa(shown) + "º:\n\n")
	} else {
		b.WriteString(":\n\n")
	}
	writeList(b, vs, 0)
	b.WriteString("\n\nPra ver detalhes e fotos, me manda o número (ex.: *1*).")
	if total > shown {
		b.WriteString(" Pra ver mais, mande *mais*; ou refine por ano, preço ou câmbio.")
	}
	c.say(b.String())
}

// more shows the next page of the last search.
func (c *conv) more() error {
	if c.st.LastFilter == nil {
		c.say("Me conta o que você procura (ex.: " + c.examples() + ") que eu te mostro as opções.")
		return nil
	}
	f := *c.st.LastFilter
	f.Offset = c.st.LastOffset + MaxListed
	vs, total, err := c.find(f)
	if err != nil {
		return err
	}
	if len(vs) == 0 {
		c.say("Essas eram todas as opções dessa busca. 🙂 Quer que eu procure outra coisa? Ou mande *vendedor* que a nossa equipe te ajuda.")
		return nil
	}
	c.remember(vs, f)
	var b strings.Builder
	c.writeFound(&b, vs, total, f)
	return nil
}

// bestOfSearch answers "qual o mais barato?" within the last search.
func (c *conv) bestOfSearch(ordem string) error {
	f := *c.st.LastFilter
	f.Ordem, f.Offset, f.Limit = ordem, 0, 1
	vs, _, err := c.find(f)
	if err != nil {
		return err
	}
	if len(vs) == 0 {
		return c.nearest(f)
	}
	label := map[string]string{app.OrdemPreco: "O mais em conta", app.OrdemPrecoDesc: "O mais caro", app.OrdemAnoDesc: "O mais novo",
		app.OrdemAno: "O mais antigo", app.OrdemKm: "O menos rodado"}[ordem]
	what := describe(*c.st.LastFilter)
	if what != "" {
		what = " (" + what + ")"
	}
	c.say(label + " dessa busca" + what + " é este:")
	c.showVehicle(vs[0])
	return nil
}

// pickFromList finds "o prata", "esse de 2021", "o último" among the
// vehicles of the last list. done is false when nothing there matches, so
// that the message is searched for instead.
func (c *conv) pickFromList(in Intent) (done bool, err error) {
	var listed []*app.Vehicle
	for _, id := range c.st.LastList {
		v, err := c.available(id)
		if err != nil {
			return true, err
		}
		if v != nil {
			listed = append(listed, v)
		}
	}
	pk := in.Pick
	matched := listed
	if pk.Pos != 0 {
		i := pk.Pos - 1
		if pk.Pos < 0 {
			i = len(c.st.LastList) + pk.Pos
		}
		if i < 0 || i >= len(c.st.LastList) {
			c.say("Essa lista tinha só " + strconv.Itoa(len(c.st.LastList)) + " opções. Me manda um número de 1 a " + strconv.Itoa(len(c.st.LastList)) + ".")
			return true, nil
		}
		v, err := c.available(c.st.LastList[i])
		if err != nil || v == nil {
			return v == nil && err == nil && c.gone(), err
		}
		matched = []*app.Vehicle{v}
	}
	var keep []*app.Vehicle
	for _, v := range matched {
		if pk.Cor != "" && !contains(app.CorKeys(pk.Cor), app.SearchKey(v.Cor)) {
			continue
		}
		if pk.Ano != 0 && v.AnoModelo != pk.Ano && v.AnoFabricacao != pk.Ano {
			continue
		}
		keep = append(keep, v)
	}
	if pk.Ordem != "" && len(keep) > 1 {
		best := keep[0]
		for _, v := range keep[1:] {
			if better(v, best, pk.Ordem) {
				best = v
			}
		}
		keep = []*app.Vehicle{best}
	}
	switch len(keep) {
	case 0:
		return false, nil
	case 1:
		c.showVehicle(keep[0])
		return true, nil
	}
	c.st.LastList = c.st.LastList[:0]
	var b strings.Builder
	b.WriteString("Tenho " + strconv.Itoa(len(keep)) + " opções assim nessa lista:\n\n")
	writeList(&b, keep, 0)
	for _, v := range keep {
		c.st.LastList = append(c.st.LastList, v.ID)
	}
	c.st.LastOffset = 0
	c.st.Focus = FocusList
	b.WriteString("\n\nQual delas você quer ver? Me manda o número.")
	c.say(b.String())
	return true, nil
}

func better(a, b *app.Vehicle, ordem string) bool {
	switch ordem {
	case app.OrdemPrecoDesc:
		return a.Preco > b.Preco
	case app.OrdemAnoDesc:
		return a.AnoModelo > b.AnoModelo
	case app.OrdemAno:
		return a.AnoModelo < b.AnoModelo
	case app.OrdemKm:
		return a.Km < b.Km
	}
	return a.Preco < b.Preco
}

// merge lays a follow-up's criteria ("e automático?") over the last search.
func merge(base, add app.VehicleFilter) app.VehicleFilter {
	if add.Marca != "" {
		if !sameMarca(add.Marca, base.Marca) {
			base.Modelo, base.Modelos = "", nil
		}
		base.Marca = add.Marca
	}
	if add.Modelo != "" || len(add.Modelos) > 0 {
		base.Modelo, base.Modelos = add.Modelo, add.Modelos
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
	if add.CilindradasMin != 0 || add.CilindradasMax != 0 {
		base.CilindradasMin, base.CilindradasMax = add.CilindradasMin, add.CilindradasMax
	}
	if add.Ordem != "" {
		base.Ordem = add.Ordem
	}
	return base
}

// describe says in words what a filter asks for ("Civic, automático, até R$ 80.000").
func describe(f app.VehicleFilter) string {
	var parts []string
	switch {
	case len(f.Modelos) > 0:
		parts = append(parts, strings.Join(f.Modelos, " ou "))
	case f.Modelo != "":
		parts = append(parts, f.Modelo)
	case f.Marca != "":
		parts = append(parts, f.Marca)
	}
	if f.Categoria != "" {
		parts = append(parts, display(f.Categoria))
	}
	if len(f.Cambios) > 0 {
		switch {
		case f.Cambios[0] == "manual":
			parts = append(parts, "câmbio manual")
		case len(f.Cambios) == 1 && f.Cambios[0] == "cvt":
			parts = append(parts, "câmbio CVT")
		case len(f.Cambios) == 1 && f.Cambios[0] == "automatizado":
			parts = append(parts, "câmbio automatizado")
		default:
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
	case f.CilindradasMin != 0 && f.CilindradasMax != 0:
		parts = append(parts, strconv.Itoa(f.CilindradasMin)+" a "+strconv.Itoa(f.CilindradasMax)+" cc")
	case f.CilindradasMax != 0:
		parts = append(parts, "até "+strconv.Itoa(f.CilindradasMax)+" cc")
	case f.CilindradasMin != 0:
		parts = append(parts, "a partir de "+strconv.Itoa(f.CilindradasMin)+" cc")
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
