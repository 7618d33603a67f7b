package bot

import (
	"strings"

	"vendeai/app"
)

// entryOf finds the catalogue entry of the modelo (or marca) a filter
// names, for its category and typical price.
func (c *conv) entryOf(f app.VehicleFilter) *catalogEntry {
	cat := catalogFor(c.nicho)
	name := f.Modelo
	if name == "" && len(f.Modelos) == 1 {
		name = f.Modelos[0]
	}
	if name != "" {
		if e, ok := cat.modelo(nameKey(name), f.Marca); ok {
			return e
		}
		return nil
	}
	if f.Marca != "" && f.Categoria == "" {
		for _, group := range marcaAliases {
			if contains(group, nameKey(f.Marca)) {
				for _, alt := range group {
					if m, ok := cat.marcas[alt]; ok {
						return m
					}
				}
			}
		}
		return cat.marcas[nameKey(f.Marca)]
	}
	return nil
}

// notStocked answers a search for a marca or modelo this empresa does not
// stock: an honest "não temos", then the stocked version of that modelo
// when there is one ("onix plus" -> the Onix), else the closest by
// category and price.
func (c *conv) notStocked(in Intent, f app.VehicleFilter, prefix string) error {
	var e *catalogEntry
	for _, n := range in.names {
		if !n.Stocked() {
			e = n.Entry
			break
		}
	}
	c.say(prefix + "No momento não temos *" + in.Unknown + "* no estoque. 😕")
	if e == nil {
		return c.nearest(f)
	}
	if e.Modelo != "" {
		if mns := c.stockedVersionOf(e); len(mns) > 0 {
			g := f
			g.Marca, g.Modelo, g.Modelos = mns[0].Marca, "", nil
			for _, mn := range mns {
				g.Modelos = append(g.Modelos, mn.Modelo)
			}
			if len(g.Modelos) == 1 {
				g.Modelo, g.Modelos = g.Modelos[0], nil
			}
			vs, total, err := c.find(g)
			if err != nil {
				return err
			}
			if total > 0 {
				c.remember(vs, g)
				var b strings.Builder
				b.WriteString("Mas temos o *" + mns[0].Modelo + "*, do mesmo modelo:\n\n")
				writeList(&b, vs, 0)
				b.WriteString("\n\nQuer ver algum? Me manda o número.")
				c.say(b.String())
				return nil
			}
		}
	}
	return c.alternatives(e, f)
}

// stockedVersionOf finds the stocked modelos that are another version of
// e: the same first word ("Onix" for "Onix Plus", "Corolla" for "Corolla
// Cross"), of the same marca.
func (c *conv) stockedVersionOf(e *catalogEntry) []app.ModelName {
	first := nameKey(strings.Fields(app.Fold(e.Modelo))[0])
	key := nameKey(e.Modelo)
	var out []app.ModelName
	for k, mns := range c.ix.modelos {
		if k == key || !(strings.HasPrefix(key, k) && len(k) >= 3 || strings.HasPrefix(k, first) && len(first) >= 3) {
			continue
		}
		for _, mn := range mns {
			if sameMarca(mn.Marca, e.Marca) {
				out = append(out, mn)
			}
		}
	}
	return out
}

// alternatives lists what is closest to a catalogue entry: the same
// category near its typical price, then the category, then the price.
func (c *conv) alternatives(e *catalogEntry, base app.VehicleFilter) error {
	base.Marca, base.Modelo, base.Modelos, base.Q = "", "", nil, ""
	lo, hi := e.Preco*65/100, e.Preco*135/100
	type step struct {
		f   app.VehicleFilter
		why string
	}
	var steps []step
	cat := display(e.Categoria)
	if e.Categoria != "" && e.Categoria != "outro" {
		f := base
		f.Categoria, f.PrecoMin, f.PrecoMax, f.Ordem = e.Categoria, lo, hi, app.OrdemPreco
		steps = append(steps, step{f, cat + " na mesma faixa de preço"})
		f = base
		f.Categoria, f.Ordem = e.Categoria, nearestOrder(e.Preco)
		steps = append(steps, step{f, cat})
	}
	if e.Preco > 0 {
		f := base
		f.PrecoMin, f.PrecoMax, f.Ordem = lo, hi, app.OrdemPreco
		steps = append(steps, step{f, "na mesma faixa de preço"})
	}
	for _, s := range steps {
		vs, total, err := c.find(s.f)
		if err != nil {
			return err
		}
		if total == 0 {
			continue
		}
		c.remember(vs, s.f)
		var b strings.Builder
		b.WriteString("O mais parecido que temos (" + s.why + "):\n\n")
		writeList(&b, vs, 0)
		b.WriteString("\n\nSe algum te interessar, me manda o número. Ou mande *vendedor* que a nossa equipe procura pra você.")
		c.say(b.String())
		return nil
	}
	f := base
	f.Ordem = nearestOrder(e.Preco)
	return c.nearestList(f, "de outro tipo e faixa de preço")
}

// nearestOrder: for an expensive wish, the most expensive first.
func nearestOrder(p app.Centavos) string {
	if p >= 200_000_00 {
		return app.OrdemPrecoDesc
	}
	return app.OrdemPreco
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
			f.Ordem = app.OrdemPreco // closest to the budget first
		} else if f.PrecoMin != 0 {
			f.Ordem = app.OrdemPrecoDesc
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
		had := f.CilindradasMin != 0 || f.CilindradasMax != 0
		f.CilindradasMin, f.CilindradasMax = 0, 0
		return had
	}, "de outra cilindrada"},
	{func(f *app.VehicleFilter) bool {
		had := len(f.Cambios) > 0 || f.Categoria != "" || f.Cor != "" || f.Combustivel != ""
		f.Cambios, f.Categoria, f.Cor, f.Combustivel = nil, "", "", ""
		return had
	}, "com outro câmbio, tipo, cor ou combustível"},
	{func(f *app.VehicleFilter) bool {
		had := f.Modelo != "" || len(f.Modelos) > 0
		f.Modelo, f.Modelos = "", nil
		return had
	}, "de outro modelo da mesma marca"},
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
	if what == "" {
		c.say("No momento não temos veículos disponíveis. 😕 Se quiser, mande *vendedor* que a nossa equipe te avisa quando chegar algo.")
		return nil
	}
	c.say("Não encontrei nenhum veículo disponível com " + what + ". 😕")
	r := f
	for _, step := range relaxations {
		if !step.drop(&r) {
			continue
		}
		vs, total, err := c.find(r)
		if err != nil {
			return err
		}
		if total == 0 {
			continue
		}
		c.remember(vs, r)
		var b strings.Builder
		b.WriteString("O mais perto que tenho são estes, mas *não batem exatamente* com o que você pediu (" + step.why + "):\n\n")
		writeList(&b, vs, 0)
		b.WriteString("\n\nSe algum te interessar, me manda o número. Ou mande *vendedor* que a nossa equipe procura pra você.")
		c.say(b.String())
		return nil
	}
	c.say("Também não achei nada parecido agora. Mande *vendedor* que a nossa equipe te ajuda a encontrar.")
	return nil
}

// nearestList shows f's vehicles as the closest there are.
func (c *conv) nearestList(f app.VehicleFilter, why string) error {
	vs, total, err := c.find(f)
	if err != nil {
		return err
	}
	if total == 0 {
		c.say("No momento não temos veículos disponíveis. Mande *vendedor* que a nossa equipe te avisa quando chegar algo.")
		return nil
	}
	c.remember(vs, f)
	var b strings.Builder
	b.WriteString("O que temos de mais perto (" + why + "):\n\n")
	writeList(&b, vs, 0)
	b.WriteString("\n\nSe algum te interessar, me manda o número. Ou mande *vendedor* que a nossa equipe procura pra você.")
	c.say(b.String())
	return nil
}
