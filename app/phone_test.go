package app_test

import (
	"strings"
	"testing"

	"vendeai/app"
)

func TestPhoneRule(t *testing.T) {
	for in, want := range map[string]string{
		"5511987654321":       "5511987654321",
		"+55 (11) 98765-4321": "5511987654321",
		"55.11.98765.4321":    "5511987654321",
		"1198765432":          "1198765432",      // 10 digits: the shortest
		"551198765432123":     "551198765432123", // 15 digits: the longest
	} {
		got, err := app.CheckPhone("to", in)
		if err != nil || got != want {
			t.Errorf("CheckPhone(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
	for _, bad := range []string{"", "55119876", "119876543", "5511987654321000", "5511a87654321", "5511987654321/",
		"+", strings.Repeat(" ", 100) + "5511987654321"} {
		_, err := app.CheckPhone("from", bad)
		if !app.IsCode(err, app.EINVALID) || !strings.HasPrefix(app.ErrorMessage(err), "from ") {
			t.Errorf("CheckPhone(%q) = %v, want invalid naming from", bad, err)
		}
	}
}

func TestTextRule(t *testing.T) {
	if got, err := app.CheckText("text", "  oi  "); err != nil || got != "oi" {
		t.Errorf("CheckText trims: %q, %v", got, err)
	}
	if got, err := app.CheckText("text", strings.Repeat("é", app.MaxTextLength)); err != nil || len([]rune(got)) != app.MaxTextLength {
		t.Errorf("CheckText at the limit: %v", err)
	}
	for _, bad := range []string{"", " \n\t", strings.Repeat("a", app.MaxTextLength+1)} {
		if _, err := app.CheckText("text", bad); !app.IsCode(err, app.EINVALID) {
			t.Errorf("CheckText(%.20q…) = %v, want invalid", bad, err)
		}
	}
}

func TestIgnoredMessages(t *testing.T) {
	customer := app.InboundMessage{From: "5511987654321", Text: "oi", Kind: app.KindText}
	if customer.Ignored() {
		t.Fatal("a customer's text is ignored")
	}
	own := customer
	own.FromMe = true
	if own.Ignored() {
		t.Error("what the empresa typed on its phone is ignored; it must be kept")
	}
	for name, change := range map[string]func(*app.InboundMessage){
		"group":         func(m *app.InboundMessage) { m.IsGroup = true },
		"broadcast":     func(m *app.InboundMessage) { m.IsBroadcast = true },
		"status":        func(m *app.InboundMessage) { m.IsStatus = true },
		"newsletter":    func(m *app.InboundMessage) { m.IsNewsletter = true },
		"edit":          func(m *app.InboundMessage) { m.IsEdit = true },
		"reaction":      func(m *app.InboundMessage) { m.IsReaction = true },
		"LID only":      func(m *app.InboundMessage) { m.From = "" },
		"short number":  func(m *app.InboundMessage) { m.From = "55119876" },
		"not a number":  func(m *app.InboundMessage) { m.From = "123456789012345@lid" },
		"own, in group": func(m *app.InboundMessage) { m.FromMe, m.IsGroup = true, true },
	} {
		m := customer
		change(&m)
		if !m.Ignored() {
			t.Errorf("%s: not ignored", name)
		}
	}
}
