package bot

import (
	"strconv"
	"strings"

	"vendeai/app"
)

// FormatPrice writes an amount the way Brazilian buyers read it: R$ 115.900,
// with cents only when there are any (R$ 115.900,50).
func FormatPrice(c app.Centavos) string {
	neg := c < 0
	if neg {
		c = -c
	}
	reais, cents := int64(c)/100, int64(c)%100
	var b strings.Builder
	if neg {
		b.WriteString("-")
	}
	b.WriteString("R$ ")
	b.WriteString(groupThousands(reais))
	if cents != 0 {
		b.WriteString(",")
		if cents < 10 {
			b.WriteString("0")
		}
		b.WriteString(strconv.FormatInt(cents, 10))
	}
	return b.String()
}

// FormatKm writes a mileage with Brazilian thousand dots: 35.000 km.
func FormatKm(km int) string {
	if km < 0 {
		return "-" + groupThousands(int64(-km)) + " km"
	}
	return groupThousands(int64(km)) + " km"
}

func groupThousands(n int64) string {
	s := strconv.FormatInt(n, 10)
	if len(s) <= 3 {
		return s
	}
	var b strings.Builder
	head := len(s) % 3
	if head > 0 {
		b.WriteString(s[:head])
	}
	for i := head; i < len(s); i += 3 {
		if b.Len() > 0 {
			b.WriteByte('.')
		}
		b.WriteString(s[i : i+3])
	}
	return b.String()
}

// vehicleTitle is "Honda Civic EXL 2020/2021", skipping what the inventory
// left blank.
func vehicleTitle(v *app.Vehicle) string {
	parts := make([]string, 0, 4)
	for _, p := range []string{v.Marca, v.Modelo, v.Versao} {
		if p = strings.TrimSpace(p); p != "" {
			parts = append(parts, p)
		}
	}
	if v.AnoFabricacao > 0 || v.AnoModelo > 0 {
		fab, mod := v.AnoFabricacao, v.AnoModelo
		if fab == 0 {
			fab = mod
		}
		if mod == 0 {
			mod = fab
		}
		parts = append(parts, strconv.Itoa(fab)+"/"+strconv.Itoa(mod))
	}
	return strings.Join(parts, " ")
}

// VehicleLine is one vehicle as the assistant lists it:
// "Honda Civic EXL 2020/2021 - R$ 115.900 - 35.000 km".
func VehicleLine(v *app.Vehicle) string {
	return vehicleTitle(v) + " - " + FormatPrice(v.Preco) + " - " + FormatKm(v.Km)
}

// displayNames turns the inventory's folded enumerations into what a
// customer expects to read; anything else is shown as the dealer typed it.
var displayNames = map[string]string{
	"automatico": "automático", "automatizado": "automatizado", "cvt": "automático (CVT)", "manual": "manual",
	"flex": "flex", "gasolina": "gasolina", "etanol": "etanol", "diesel": "diesel", "eletrico": "elétrico",
	"hibrido": "híbrido", "gnv": "GNV",
	"suv": "SUV", "sedan": "sedã", "seda": "sedã", "hatch": "hatch", "picape": "picape",
}

func display(s string) string {
	if d, ok := displayNames[app.Fold(strings.TrimSpace(s))]; ok {
		return d
	}
	return strings.TrimSpace(s)
}

func capitalize(s string) string {
	if s == "" {
		return s
	}
	r := []rune(s)
	return strings.ToUpper(string(r[0])) + string(r[1:])
}

// vehicleDetails is the full card of one vehicle, photos included.
func vehicleDetails(v *app.Vehicle) string {
	var b strings.Builder
	b.WriteString("*" + vehicleTitle(v) + "*\n")
	b.WriteString("💰 " + FormatPrice(v.Preco) + "\n")
	b.WriteString("🛣️ " + FormatKm(v.Km) + "\n")
	var specs []string
	if v.Cambio != "" {
		specs = append(specs, "câmbio "+display(v.Cambio))
	}
	if v.Combustivel != "" {
		specs = append(specs, display(v.Combustivel))
	}
	if v.Categoria != "" {
		specs = append(specs, display(v.Categoria))
	}
	if v.Cor != "" {
		specs = append(specs, "cor "+strings.ToLower(display(v.Cor)))
	}
	if len(specs) > 0 {
		b.WriteString("⚙️ " + capitalize(strings.Join(specs, ", ")) + "\n")
	}
	if d := strings.TrimSpace(v.Descricao); d != "" {
		b.WriteString("\n" + d + "\n")
	}
	if len(v.Fotos) > 0 {
		b.WriteString("\n📸 Fotos:\n")
		for _, f := range v.Fotos {
			b.WriteString(f + "\n")
		}
	}
	return strings.TrimRight(b.String(), "\n")
}
