package app_test

import (
	"testing"

	"vendeai/app"
)

func TestFold(t *testing.T) {
	for in, want := range map[string]string{
		"Automático": "automatico", "SUV": "suv", "Elétrico": "eletrico", "Sedã": "seda",
		"João Açaí": "joao acai", "plain": "plain", "": "",
	} {
		if got := app.Fold(in); got != want {
			t.Errorf("Fold(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestParseEmpresaID(t *testing.T) {
	for _, bad := range []string{"abc", "0", "-1", "1.5", "../1", "99999999999", "", " 1", "+1", "2147483648", "1e3"} {
		if _, err := app.ParseEmpresaID(bad); !app.IsCode(err, app.EINVALIDID) {
			t.Errorf("ParseEmpresaID(%q) err = %v, want invalid_id", bad, err)
		}
	}
	for in, want := range map[string]int{"1": 1, "7": 7, "2147483647": 2147483647, "007": 7} {
		if got, err := app.ParseEmpresaID(in); err != nil || got != want {
			t.Errorf("ParseEmpresaID(%q) = %d, %v; want %d", in, got, err, want)
		}
	}
}
