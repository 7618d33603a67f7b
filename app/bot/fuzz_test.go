package bot_test

import (
	"context"
	"strings"
	"testing"

	"vendeai/app/bot"
)

// FuzzParse: whatever a customer writes, the parser and the assistant never
// panic, always answer or stay silent without error, and every filter they
// would send to the store is one the store accepts.
func FuzzParse(f *testing.F) {
	for _, rows := range [][]customerRow{understandingRows, followUpRows, dealerRows, motoRows} {
		for _, r := range rows {
			f.Add(r.msg)
		}
	}
	f.Add("acima de 100 mil até 50 mil")
	f.Add("de 2030 a 1950 km 999999999999999999999 mil")
	f.Add(strings.Repeat("civic ou hrv 80k a 90k ", 300))
	inv := customerFixture()
	a := &bot.Assistant{}
	voc, _ := inv.Vocabulary(context.Background())
	f.Fuzz(func(t *testing.T, text string) {
		in := bot.Parse(text, voc)
		if in.Kind == "" {
			t.Fatalf("%q: no intent", text)
		}
		var st bot.State
		for _, msg := range []string{"suv", text, text} {
			out, err := a.Reply(context.Background(), bot.Input{Empresa: lojaEmpresa, Text: msg, Now: testNow, State: st, Inventory: inv})
			if err != nil {
				t.Fatalf("%q: %v", msg, err)
			}
			if f := out.State.LastFilter; f != nil {
				g := *f
				if err := g.Normalize(); err != nil {
					t.Fatalf("%q: the store would refuse the filter %+v: %v", msg, *f, err)
				}
			}
			st = out.State
		}
	})
}
