package app_test

import (
	"strings"
	"testing"

	"vendeai/app"
)

// TestPhoneForms is the table of real cases of Brazil's ninth digit: which
// numbers are mobiles WhatsApp may know without the 9 (55 + DDD + 9 + eight
// digits starting 6 to 9), and which never change (landlines start 2 to 5,
// DDDs Brazil does not have, other countries).
func TestPhoneForms(t *testing.T) {
	for _, c := range []struct {
		in, canonical, alt, why string
	}{
		{"5521987654321", "5521987654321", "552187654321", "Rio de Janeiro mobile with the 9"},
		{"552187654321", "5521987654321", "552187654321", "Rio de Janeiro mobile of an old account, without the 9"},
		{"5511987654321", "5511987654321", "551187654321", "São Paulo mobile"},
		{"551198765432", "5511998765432", "551198765432", "São Paulo mobile 9876-5432 written before the 9"},
		{"553188887777", "5531988887777", "553188887777", "Belo Horizonte mobile starting 8, without the 9"},
		{"5531988887777", "5531988887777", "553188887777", "Belo Horizonte mobile starting 8, with the 9"},
		{"558199998888", "5581999998888", "558199998888", "Recife mobile without the 9"},
		{"556171234567", "5561971234567", "556171234567", "Brasília mobile starting 7"},
		{"556161234567", "5561961234567", "556161234567", "Brasília mobile starting 6"},
		{"559291234567", "5592991234567", "559291234567", "Manaus mobile without the 9"},
		{"5599981234567", "5599981234567", "559981234567", "DDD 99 (Maranhão), the last one"},
		{"5555991234567", "5555991234567", "555591234567", "DDD 55 (Rio Grande do Sul) after the country code 55"},
		{"551133334444", "551133334444", "", "São Paulo landline (3): never gets a 9"},
		{"552125551234", "552125551234", "", "Rio landline (2)"},
		{"554140041234", "554140041234", "", "Curitiba landline (4)"},
		{"555153334444", "555153334444", "", "Pelotas landline (5)"},
		{"5511912345678", "5511912345678", "", "9 then 1: no mobile of the old plan, no other form"},
		{"5511923456789", "5511923456789", "", "9 then 2: its 12-digit twin would be a landline, another line"},
		{"5511887654321", "5511887654321", "", "13 digits without the 9 after the DDD: not a Brazilian mobile"},
		{"5520987654321", "5520987654321", "", "DDD 20 does not exist"},
		{"5510987654321", "5510987654321", "", "DDD 10 does not exist"},
		{"5523987654321", "5523987654321", "", "DDD 23 does not exist"},
		{"552087654321", "552087654321", "", "12 digits in DDD 20: left alone"},
		{"55119876543210", "55119876543210", "", "14 digits: not a Brazilian number"},
		{"14155552671", "14155552671", "", "United States"},
		{"351912345678", "351912345678", "", "Portugal mobile"},
		{"5411987654321", "5411987654321", "", "Argentina (54), not Brazil"},
	} {
		canonical, alt := app.PhoneForms(c.in)
		if canonical != c.canonical || alt != c.alt {
			t.Errorf("%s: PhoneForms(%s) = %q, %q; want %q, %q", c.why, c.in, canonical, alt, c.canonical, c.alt)
		}
		if got := app.CanonicalPhone(c.in); got != c.canonical {
			t.Errorf("%s: CanonicalPhone(%s) = %s", c.why, c.in, got)
		}
	}
}

// FuzzPhoneForms: for any number the phone rule accepts, the canonical
// form is stable, both forms lead to it, they differ by exactly one 9 after
// the DDD, and only Brazilian numbers ever change.
func FuzzPhoneForms(f *testing.F) {
	f.Fuzz(func(t *testing.T, s string) {
		phone, ok := app.NormalizePhone(s)
		if !ok {
			return
		}
		canonical, alt := app.PhoneForms(phone)
		if _, valid := app.NormalizePhone(canonical); !valid {
			t.Fatalf("PhoneForms(%q): canonical %q breaks the phone rule", phone, canonical)
		}
		if again, _ := app.PhoneForms(canonical); again != canonical {
			t.Fatalf("PhoneForms(%q): canonical %q not stable (%q)", phone, canonical, again)
		}
		if canonical != phone && !strings.HasPrefix(phone, "55") {
			t.Fatalf("PhoneForms(%q) changed a non-Brazilian number to %q", phone, canonical)
		}
		if alt == "" {
			if canonical != phone {
				t.Fatalf("PhoneForms(%q) = %q without another form", phone, canonical)
			}
			return
		}
		if app.CanonicalPhone(alt) != canonical || len(canonical) != 13 || len(alt) != 12 ||
			canonical[:4] != alt[:4] || canonical[4] != '9' || canonical[5:] != alt[4:] {
			t.Fatalf("PhoneForms(%q) = %q, %q", phone, canonical, alt)
		}
	})
}
