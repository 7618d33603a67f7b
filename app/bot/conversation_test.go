package bot_test

import (
	"context"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"vendeai/app"
	"vendeai/app/bot"
)

// TestConversationPointingAndRefining is one customer's whole conversation,
// on the fake and on SQLite: a search, refinements that keep the context,
// pointing into the list, questions about the chosen car, a new subject.
func TestConversationPointingAndRefining(t *testing.T) {
	mem := customerFixture()
	for name, inv := range map[string]app.VehicleSearcher{"fake": mem, "sqlite": sqliteInventory(t, mem.vs, nil)} {
		a := &bot.Assistant{}
		var st bot.State
		turn := 0
		send := func(msg string, must, not []string) bot.Output {
			t.Helper()
			turn++
			out, err := a.Reply(context.Background(), bot.Input{Empresa: lojaEmpresa, Text: msg, Now: testNow.Add(time.Duration(turn) * time.Minute),
				State: st, Inventory: inv})
			if err != nil {
				t.Fatalf("%s %q: %v", name, msg, err)
			}
			data, _ := json.Marshal(out.State)
			st = bot.State{}
			json.Unmarshal(data, &st)
			text := strings.Join(out.Replies, "\n")
			for _, m := range must {
				if !strings.Contains(text, m) {
					t.Errorf("%s %q: lacks %q:\n%s", name, msg, m, text)
				}
			}
			for _, m := range not {
				if strings.Contains(text, m) {
					t.Errorf("%s %q: shows %q:\n%s", name, msg, m, text)
				}
			}
			return out
		}
		send("oi, vcs tem suv?", []string{"4 veículos", "HR-V", "Renegade"}, nil)
		send("só automatico ate 130 mil", []string{"HR-V", "T-Cross", "Renegade"}, []string{"Compass"})
		send("e de 2021 pra cima?", []string{"T-Cross"}, []string{"HR-V", "Renegade", "Compass"})
		send("tanto faz o ano", []string{"HR-V", "T-Cross", "Renegade"}, []string{"Compass"})
		send("o vermelho", []string{"Jeep Renegade Sport", "84.900"}, []string{"HR-V"})
		send("qual a km dele?", []string{"55.000 km"}, nil)
		send("tem outro mais novo?", []string{"T-Cross"}, []string{"Renegade Sport 2019/2019 -"})
		if out := send("quero ver o t-cross", []string{"Volkswagen T-Cross Highline", "129.900"}, nil); st.LastVehicle != 5 || out.Intent != bot.IntentDetails {
			t.Errorf("%s: focus %d intent %s", name, st.LastVehicle, out.Intent)
		}
		send("ainda ta disponivel?", []string{"ainda está disponível"}, nil)
		send("outro carro: quero uma picape diesel", []string{"Amarok", "S10", "Hilux"}, []string{"T-Cross"})
		send("a mais barata", []string{"Chevrolet S10 LTZ", "169.900"}, []string{"Amarok V6"})
	}
}
