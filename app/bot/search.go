package bot

import (
	"strconv"
	"strings"

	"vendeai/app"
)

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
