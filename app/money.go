package app

import (
	"bytes"
	"strconv"
	"strings"
)

// MaxCentavos bounds prices so that any sum the CRM or the assistant makes of
// a few of them still fits in a JavaScript number without losing a centavo.
const MaxCentavos Centavos = 1_000_000_000_00 // R$ 1 bilhão

// MarshalJSON writes reais as a plain decimal number: 115900, 115900.5.
func (c Centavos) MarshalJSON() ([]byte, error) {
	return []byte(c.Decimal()), nil
}

// UnmarshalJSON reads a JSON number of reais exactly: through its decimal
// text, never through a float64, so 0.1 + 0.2 stays 0.30 and 1234567.89 is
// 123456789 centavos. More than two decimal places is an error, not a
// rounding.
func (c *Centavos) UnmarshalJSON(b []byte) error {
	b = bytes.TrimSpace(b)
	if string(b) == "null" {
		return nil
	}
	if len(b) == 0 || b[0] == '"' {
		return Errorf(EINVALID, "preco deve ser um número de reais, como 115900 ou 115900.50")
	}
	v, err := parseDecimalReais(string(b))
	if err != nil {
		return err
	}
	*c = v
	return nil
}

// Decimal is c as a number of reais with a point and no trailing zeros
// (115900, 115900.5, 0.05): the JSON form.
func (c Centavos) Decimal() string {
	neg := c < 0
	u := uint64(c)
	if neg {
		u = uint64(-c)
	}
	s := strconv.FormatUint(u/100, 10)
	if cents := u % 100; cents != 0 {
		frac := strconv.FormatUint(cents+100, 10)[1:]
		s += "." + strings.TrimSuffix(frac, "0")
	}
	if neg {
		s = "-" + s
	}
	return s
}

// BR is c the way a Brazilian spreadsheet writes it, without thousands
// separators so that no reader mistakes them: 115900,00.
func (c Centavos) BR() string {
	neg := c < 0
	u := uint64(c)
	if neg {
		u = uint64(-c)
	}
	s := strconv.FormatUint(u/100, 10) + "," + strconv.FormatUint(u%100+100, 10)[1:]
	if neg {
		s = "-" + s
	}
	return s
}

// parseDecimalReais reads a JSON number (sign, point, exponent) exactly, by
// moving digits rather than multiplying floats. Exponents are bounded so
// that "1e999999999" costs nothing.
func parseDecimalReais(s string) (Centavos, error) {
	bad := func() (Centavos, error) {
		return 0, Errorf(EINVALID, "preco inválido: %q", truncate(s, 30))
	}
	rest := s
	neg := strings.HasPrefix(rest, "-")
	if neg {
		rest = rest[1:]
	}
	mant, exp := rest, 0
	if i := strings.IndexAny(rest, "eE"); i >= 0 {
		mant = rest[:i]
		e := strings.TrimPrefix(rest[i+1:], "+")
		n, err := strconv.Atoi(e)
		if err != nil || e == "" || strings.HasPrefix(e, "+") || n < -40 || n > 40 {
			return bad()
		}
		exp = n
	}
	intPart, frac, _ := strings.Cut(mant, ".")
	if intPart == "" || !allDigits(intPart) || !allDigits(frac) || strings.HasSuffix(mant, ".") {
		return bad()
	}
	digits := strings.TrimLeft(intPart+frac, "0")
	shift := exp - len(frac) + 2 // power of ten that turns digits into centavos
	if shift >= 0 {
		if digits != "" {
			digits += strings.Repeat("0", shift)
		}
	} else {
		cut := len(digits) + shift
		if cut < 0 {
			cut = 0
		}
		if strings.Trim(digits[cut:], "0") != "" {
			return 0, Errorf(EINVALID, "preco deve ter no máximo duas casas decimais: %s", truncate(s, 30))
		}
		digits = digits[:cut]
	}
	if digits == "" {
		return 0, nil
	}
	if len(digits) > 18 {
		return 0, Errorf(EINVALID, "preco fora do limite: %s", truncate(s, 30))
	}
	n, err := strconv.ParseInt(digits, 10, 64)
	if err != nil {
		return bad()
	}
	if neg {
		n = -n
	}
	return Centavos(n), nil
}

// ParseReais reads an amount of reais as people type it in Brazil or in a
// plain program: "R$ 115.900,00", "115.900", "115900", "115900,5",
// "115900.50". A comma is always the decimal separator; a dot is a thousands
// separator when it groups digits by three ("115.900", "1.500") and a
// decimal point otherwise ("115900.5").
func ParseReais(s string) (Centavos, error) {
	orig := s
	s = strings.TrimSpace(s)
	s = strings.TrimPrefix(s, "R$")
	s = strings.TrimPrefix(s, "r$")
	s = strings.Map(func(r rune) rune {
		if r == ' ' || r == '\u00a0' || r == '\u202f' {
			return -1
		}
		return r
	}, s)
	neg := false
	if strings.HasPrefix(s, "-") {
		neg, s = true, s[1:]
	}
	bad := func() (Centavos, error) {
		return 0, Errorf(EINVALID, "valor em reais inválido: %q (use, por exemplo, 115900 ou R$ 115.900,00)", truncate(orig, 30))
	}
	intPart, frac := s, ""
	if i := strings.IndexByte(s, ','); i >= 0 {
		intPart, frac = s[:i], s[i+1:]
		if strings.ContainsAny(frac, ",.") {
			return bad()
		}
		var ok bool
		if intPart, ok = ungroup(intPart); !ok {
			return bad()
		}
	} else if strings.Contains(s, ".") {
		if g, ok := ungroup(s); ok {
			intPart = g
		} else if i := strings.IndexByte(s, '.'); strings.Count(s, ".") == 1 && len(s)-i-1 <= 2 {
			intPart, frac = s[:i], s[i+1:]
		} else {
			return bad()
		}
	}
	if intPart == "" || len(frac) > 2 || !allDigits(intPart) || !allDigits(frac) || len(intPart) > 15 {
		return bad()
	}
	for len(frac) < 2 {
		frac += "0"
	}
	n, err := strconv.ParseInt(intPart+frac, 10, 64)
	if err != nil {
		return bad()
	}
	if neg {
		n = -n
	}
	return Centavos(n), nil
}

// ParseGroupedInt reads a non-negative whole number that may carry
// thousands dots ("35.000", "35000"), as km are written in Brazil.
func ParseGroupedInt(s string) (int, error) {
	t := strings.TrimSpace(s)
	if g, ok := ungroup(t); ok {
		t = g
	}
	if t == "" || !allDigits(t) || len(t) > 12 {
		return 0, Errorf(EINVALID, "número inteiro inválido: %q", truncate(s, 30))
	}
	n, err := strconv.Atoi(t)
	if err != nil {
		return 0, Errorf(EINVALID, "número inteiro inválido: %q", truncate(s, 30))
	}
	return n, nil
}

// ungroup removes thousands dots from s when they group it properly
// ("1.234.567"); s without dots is returned as is.
func ungroup(s string) (string, bool) {
	if !strings.Contains(s, ".") {
		return s, true
	}
	parts := strings.Split(s, ".")
	if len(parts[0]) < 1 || len(parts[0]) > 3 {
		return "", false
	}
	for _, p := range parts[1:] {
		if len(p) != 3 {
			return "", false
		}
	}
	return strings.Join(parts, ""), true
}

func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}
