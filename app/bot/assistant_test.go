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

// chat plays one contact's conversation, carrying the State between turns
// as the pipeline does (through JSON, as it is stored).
type chat struct {
	t   *testing.T
	a   bot.Assistant
	emp *app.Empresa
	inv app.VehicleSearcher
	st  bot.State
	now time.Time
}

func newChat(t *testing.T) *chat {
	return &chat{t: t, emp: testEmpresa, inv: fixture(), now: testNow}
}

func (c *chat) send(text string) bot.Output {
	c.t.Helper()
	out, err := c.a.Reply(context.Background(), bot.Input{Empresa: c.emp, Text: text, PushName: "Maria Souza",
		Now: c.now, State: c.st, Inventory: c.inv})
	if err != nil {
		c.t.Fatalf("%q: %v", text, err)
	}
	b, err := json.Marshal(out.State)
	if err != nil {
		c.t.Fatal(err)
	}
	c.st = bot.State{}
	if err := json.Unmarshal(b, &c.st); err != nil {
		c.t.Fatal(err)
	}
	return out
}

func text(out bot.Output) string { return strings.Join(out.Replies, "\n") }

func mustContain(t *testing.T, out bot.Output, parts ...string) {
	t.Helper()
	for _, p := range parts {
		if !strings.Contains(text(out), p) {
			t.Errorf("reply lacks %q:\n%s", p, text(out))
		}
	}
}

func TestListDetailsVisit(t *testing.T) {
	c := newChat(t)
	out := c.send("Oi, tem suv automático?")
	mustContain(t, out, "Encontrei *4 veículos*", "1. Jeep Renegade Sport 2019/2019 - R$ 84.900 - 55.000 km",
		"3. Volkswagen T-Cross Highline 2021/2022 - R$ 129.900 - 28.000 km", "4. Honda HR-V EX 2019/2019 - R$ 98.900 - 61.000 km")
	if strings.Contains(text(out), "Kicks") {
		t.Error("reserved Kicks offered")
	}
	out = c.send("3")
	if out.Intent != bot.IntentDetails || c.st.LastVehicle != 5 {
		t.Fatalf("details: %q, last vehicle %d", out.Intent, c.st.LastVehicle)
	}
	mustContain(t, out, "*Volkswagen T-Cross Highline 2021/2022*", "R$ 129.900", "28.000 km",
		"https://fotos.example/T-Cross-1.jpg", "https://fotos.example/T-Cross-2.jpg", "visita", "financiamento", "vendedor")
	if len(out.Actions.Interest) != 1 || out.Actions.Interest[0] != 5 {
		t.Errorf("interest %v", out.Actions.Interest)
	}
	out = c.send("quero agendar um test drive")
	if c.st.Stage != bot.StageVisitDay {
		t.Fatalf("stage %q after asking for a visit", c.st.Stage)
	}
	mustContain(t, out, "Qual dia")
	out = c.send("sábado")
	if c.st.Stage != bot.StageVisitPeriod || out.Actions.Visit != nil {
		t.Fatalf("stage %q, visit %+v after the day only", c.st.Stage, out.Actions.Visit)
	}
	mustContain(t, out, "manhã", "tarde")
	out = c.send("de manhã")
	v := out.Actions.Visit
	if v == nil || v.Dia != "sábado" || v.Periodo != "manhã" || v.Data != "2026-03-14" || v.VeiculoID != 5 {
		t.Fatalf("visit %+v", v)
	}
	mustContain(t, out, "Combinado", "sábado (14/03)", "manhã", "T-Cross")
	if c.st.Stage != bot.StageNone || c.st.Visit == nil {
		t.Errorf("state after visit: %+v", c.st)
	}
}

func TestDetailsByModelAfterList(t *testing.T) {
	c := newChat(t)
	c.send("até 120 mil automático")
	out := c.send("quero ver o civic")
	if out.Intent != bot.IntentDetails || c.st.LastVehicle != 1 {
		t.Fatalf("intent %q, vehicle %d:\n%s", out.Intent, c.st.LastVehicle, text(out))
	}
	mustContain(t, out, "Honda Civic EXL 2020/2021")
	out = c.send("quanto custa?")
	mustContain(t, out, "R$ 115.900")
}

func TestVisitInOneMessageAndRetry(t *testing.T) {
	c := newChat(t)
	out := c.send("quero agendar uma visita amanhã à tarde")
	if v := out.Actions.Visit; v == nil || v.Data != "2026-03-12" || v.Periodo != "tarde" {
		t.Fatalf("visit %+v\n%s", out.Actions.Visit, text(out))
	}
	c = newChat(t)
	c.send("visita")
	out = c.send("hmm")
	if c.st.Stage != bot.StageVisitDay || !strings.Contains(text(out), "amanhã de manhã") {
		t.Fatalf("no re-ask: %q %s", c.st.Stage, text(out))
	}
	out = c.send("quero falar com um vendedor")
	if out.Actions.Handoff == nil || c.st.Stage != bot.StageNone {
		t.Fatalf("another intent must leave the visit stage: %+v", out)
	}
}

func TestFinancingOffersSeller(t *testing.T) {
	c := newChat(t)
	c.emp = &app.Empresa{ID: 1, Nome: "Auto Center Rio", PausaHumanoHoras: 12,
		MensagemFinanciamento: "Financiamos em até 60x com entrada a partir de 20%."}
	out := c.send("vocês financiam?")
	mustContain(t, out, "Financiamos em até 60x", "vendedor")
	out = c.send("sim")
	if out.Actions.Handoff == nil || out.Actions.Handoff.Reason != "financiamento" {
		t.Fatalf("yes after financing: %+v", out.Actions)
	}
}

func TestHumanHandoffSilenceAndExpiry(t *testing.T) {
	c := newChat(t)
	out := c.send("quero falar com um atendente")
	h := out.Actions.Handoff
	if h == nil || !h.Until.Equal(testNow.Add(12*time.Hour)) || h.Reason != "pedido" {
		t.Fatalf("handoff %+v", h)
	}
	mustContain(t, out, "vendedor vai te responder")
	c.now = c.now.Add(time.Hour)
	for _, msg := range []string{"oi", "tem civic?", "2", "??"} {
		if out := c.send(msg); len(out.Replies) != 0 || out.Actions.Handoff != nil {
			t.Fatalf("%q answered while with a human: %v", msg, out.Replies)
		}
	}
	c.now = testNow.Add(12*time.Hour + time.Minute)
	out = c.send("oi")
	if len(out.Replies) == 0 || !c.st.HumanUntil.IsZero() {
		t.Fatalf("assistant did not come back after pausaHumanoHoras: %v %v", out.Replies, c.st.HumanUntil)
	}

	// The CRM may give the contact back before the pause ends.
	c.send("vendedor")
	c.now = c.now.Add(time.Minute)
	c.st.ReturnToBot()
	if out := c.send("tem hilux?"); len(out.Replies) == 0 {
		t.Fatal("silent after ReturnToBot")
	}
}

func TestOptOutAndBack(t *testing.T) {
	c := newChat(t)
	c.send("tem civic?")
	out := c.send("não quero mais receber mensagens")
	if !out.Actions.OptOut || !c.st.OptOut || len(out.Replies) != 1 || !strings.Contains(out.Replies[0], "voltar") {
		t.Fatalf("opt-out: %+v", out)
	}
	for _, msg := range []string{"oi", "parar", "tem civic?", "vendedor", "volta"} {
		if out := c.send(msg); len(out.Replies) != 0 || out.Actions.Handoff != nil {
			t.Fatalf("%q answered after opt-out: %v", msg, out.Replies)
		}
	}
	out = c.send("Voltar")
	if !out.Actions.OptIn || c.st.OptOut || len(out.Replies) == 0 {
		t.Fatalf("voltar: %+v", out)
	}
	if out := c.send("oi"); len(out.Replies) == 0 {
		t.Fatal("silent after voltar")
	}
}

func TestOptOutWhileWithHuman(t *testing.T) {
	c := newChat(t)
	c.send("vendedor")
	out := c.send("parar")
	if !out.Actions.OptOut || len(out.Replies) != 1 {
		t.Fatalf("opt-out with a human: %+v", out)
	}
}

func TestGreetingCountsAvailable(t *testing.T) {
	c := newChat(t)
	out := c.send("bom dia")
	mustContain(t, out, "Olá, Maria!", "Auto Center Rio", "Temos *16 veículos* disponíveis")
	c.emp = &app.Empresa{ID: 1, Nome: "Loja X", MensagemBoasVindas: "Bem-vindo à Loja X, a casa do seminovo!"}
	out = c.send("olá")
	mustContain(t, out, "Bem-vindo à Loja X, a casa do seminovo!", "16 veículos")
}

func TestNearestSaysItDoesNotMatch(t *testing.T) {
	c := newChat(t)
	out := c.send("civic automático até 100 mil")
	mustContain(t, out, "Não encontrei nenhum veículo disponível com Civic, câmbio automático, até R$ 100.000",
		"*não batem exatamente*", "preço", "1. Honda Civic EXL 2020/2021 - R$ 115.900 - 35.000 km")
	out = c.send("tem ranger?")
	mustContain(t, out, "não temos *Ranger*")
}

func TestSoldAfterListing(t *testing.T) {
	inv := fixture()
	c := newChat(t)
	c.inv = inv
	c.send("tem amarok?")
	inv.vs[5].Status = app.VehicleVendido // id 6 sells meanwhile
	out := c.send("1")
	if strings.Contains(text(out), "V6 Highline") && !strings.Contains(text(out), "saiu") {
		t.Fatalf("sold vehicle detailed:\n%s", text(out))
	}
	mustContain(t, out, "acabou de sair")
	assertNothingUnavailable(t, "1", inv, out)
}

func TestRefineLastSearch(t *testing.T) {
	c := newChat(t)
	c.send("suv")
	out := c.send("e até 100 mil?")
	if len(c.st.LastList) != 2 || c.st.LastList[0] != 15 || c.st.LastList[1] != 3 { // newest first, as the store lists
		t.Fatalf("refined list %v\n%s", c.st.LastList, text(out))
	}
}

func TestSilentStatesAndErrors(t *testing.T) {
	a := &bot.Assistant{}
	if _, err := a.Reply(context.Background(), bot.Input{Text: "oi"}); err == nil {
		t.Fatal("no error without empresa")
	}
	st := bot.State{HumanUntil: testNow.Add(time.Hour)}
	if !st.Silenced(testNow) || st.Silenced(testNow.Add(2*time.Hour)) {
		t.Fatal("Silenced does not follow HumanUntil")
	}
}

func TestFormat(t *testing.T) {
	for c, want := range map[app.Centavos]string{11590000: "R$ 115.900", 11590050: "R$ 115.900,50", 0: "R$ 0",
		99: "R$ 0,99", 100: "R$ 1", 100000: "R$ 1.000", 123456789: "R$ 1.234.567,89", 5: "R$ 0,05", -150000: "-R$ 1.500"} {
		if got := bot.FormatPrice(c); got != want {
			t.Errorf("FormatPrice(%d) = %q, want %q", c, got, want)
		}
	}
	for km, want := range map[int]string{35000: "35.000 km", 0: "0 km", 999: "999 km", 1000: "1.000 km", 1234567: "1.234.567 km"} {
		if got := bot.FormatKm(km); got != want {
			t.Errorf("FormatKm(%d) = %q, want %q", km, got, want)
		}
	}
}

func BenchmarkAssistantReply(b *testing.B) {
	a := &bot.Assistant{}
	inv := versioned(fixture())
	msgs := []string{"oi", "tem suv automático até 100 mil?", "2", "quanto custa o amarok?", "civic 2020 a 2022",
		"financiamento", "tem corolla?", "obrigado"}
	var st bot.State
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		out, err := a.Reply(context.Background(), bot.Input{Empresa: testEmpresa, Text: msgs[i%len(msgs)], Now: testNow, State: st, Inventory: inv})
		if err != nil {
			b.Fatal(err)
		}
		st = out.State
		st.Stage = ""
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "replies/s")
}
