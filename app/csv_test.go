package app_test

import (
	"testing"

	"vendeai/app"
)

func TestSpreadsheetSafe(t *testing.T) {
	for in, want := range map[string]string{
		"": "", "Civic": "Civic", "=1+1": "'=1+1", "+5521": "'+5521", "-abc": "'-abc", "@SUM(A1)": "'@SUM(A1)",
		"\tx": "'\tx", "\rx": "'\rx", "-5": "-5", "-1.500,00": "-1.500,00", "-1,": "'-1,", "-": "'-", "a=b": "a=b",
	} {
		if got := app.SpreadsheetSafe(in); got != want {
			t.Errorf("SpreadsheetSafe(%q) = %q, want %q", in, got, want)
		}
	}
}
