package app_test

import (
	"strings"
	"testing"

	"vendeai/app"
)

func TestCheckFaultNamesEveryKind(t *testing.T) {
	for _, kind := range app.Faults {
		if err := app.CheckFault(kind); err != nil {
			t.Errorf("CheckFault(%q) = %v", kind, err)
		}
	}
	err := app.CheckFault("meteor")
	if !app.IsCode(err, app.EINVALID) {
		t.Fatalf("CheckFault(meteor) = %v, want invalid", err)
	}
	for _, kind := range app.Faults {
		if !strings.Contains(app.ErrorMessage(err), kind) {
			t.Errorf("the error does not name %q: %s", kind, app.ErrorMessage(err))
		}
	}
}
