package app_test

import (
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"

	"vendeai/app"
)

// FuzzNormalizePhone: whatever is typed, a number the rule accepts is 10 to
// 15 ASCII digits and stays itself when checked again; a refused one says
// why without echoing the input.
func FuzzNormalizePhone(f *testing.F) {
	f.Fuzz(func(t *testing.T, s string) {
		phone, ok := app.NormalizePhone(s)
		got, err := app.CheckPhone("to", s)
		if ok != (err == nil) || (ok && got != phone) {
			t.Fatalf("NormalizePhone(%q) = %q, %v but CheckPhone = %q, %v", s, phone, ok, got, err)
		}
		if !ok {
			if !app.IsCode(err, app.EINVALID) || strings.Contains(app.ErrorMessage(err), s) && len(s) > 20 {
				t.Fatalf("CheckPhone(%q) error %v", s, err)
			}
			return
		}
		if len(phone) < app.MinPhoneDigits || len(phone) > app.MaxPhoneDigits || strings.Trim(phone, "0123456789") != "" {
			t.Fatalf("NormalizePhone(%q) = %q", s, phone)
		}
		if again, ok := app.NormalizePhone(phone); !ok || again != phone {
			t.Fatalf("NormalizePhone(%q) = %q, %v: not stable", phone, again, ok)
		}
	})
}

// FuzzParseEmpresaID: an accepted id is a positive 32-bit integer written
// in plain decimal; anything else is invalid_id with a short message (at
// most 20 characters of the input, quoted: never the whole of a long one).
func FuzzParseEmpresaID(f *testing.F) {
	f.Fuzz(func(t *testing.T, s string) {
		n, err := app.ParseEmpresaID(s)
		if err != nil {
			if !app.IsCode(err, app.EINVALIDID) || utf8.RuneCountInString(app.ErrorMessage(err)) > 250 {
				t.Fatalf("ParseEmpresaID(%q) error %v", s, err)
			}
			return
		}
		if n < 1 || n > app.MaxEmpresaID || strings.TrimLeft(s, "0") != strconv.Itoa(n) {
			t.Fatalf("ParseEmpresaID(%q) = %d", s, n)
		}
	})
}
