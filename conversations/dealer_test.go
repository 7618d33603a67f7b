package conversations_test

import (
	"testing"

	"vendeai/app"
	"vendeai/app/bot"
)

func leadEvents(f *fixture) []app.LeadEvent {
	var out []app.LeadEvent
	for _, ev := range f.events.ofType(app.EventLead) {
		out = append(out, ev.Data.(app.LeadEvent))
	}
	return out
}

// TestTradeInHaggleAndQuestionOnTheLead: what the assistant notes for the
// salespeople reaches the lead in the empresa's SQLite and the CRM's
// WebSocket: the trade-in, the haggle (with the offered value and a
// handoff), and a question the store's config could not answer.
func TestTradeInHaggleAndQuestionOnTheLead(t *testing.T) {
	f := newFixture(t)
	id := f.empresa("Loja", car("Honda", "Civic", 2021, 115900, app.VehicleDisponivel))
	const phone = "5511987650001"

	f.say(id, phone, "tenho um gol 2015 pra dar de entrada")
	f.say(id, phone, "80 mil km")
	lead := f.lead(id, phone)
	if tr := lead.Troca; tr == nil || tr.Modelo != "Gol" || tr.Ano != 2015 || tr.Km == nil || *tr.Km != 80000 {
		t.Fatalf("troca on the lead: %+v", lead.Troca)
	}
	if evs := leadEvents(f); len(evs) != 1 || evs[0].Motivo != "troca" || evs[0].Lead.Troca == nil {
		t.Fatalf("troca events: %+v", evs)
	}

	f.say(id, phone, "onde fica a loja?")
	if evs := leadEvents(f); len(evs) != 2 || evs[1].Motivo != "pergunta" || evs[1].Razao != "endereco" {
		t.Fatalf("question event: %+v", evs)
	}

	f.say(id, phone, "tem civic?")
	sent := f.say(id, phone, "faz por 100 mil?")
	if len(sent) == 0 {
		t.Fatal("no answer to a haggle")
	}
	lead = f.lead(id, phone)
	n := lead.Negociacao
	if n == nil || n.ValorOferecido != 10000000 || n.Veiculo == "" || lead.Status != app.LeadHumano || lead.HumanoAte == nil {
		t.Fatalf("haggle on the lead: %+v status %s", n, lead.Status)
	}
	evs := leadEvents(f)
	if last := evs[len(evs)-1]; last.Motivo != app.LeadHumano || last.Razao != bot.ReasonNegotiate {
		t.Fatalf("haggle event: %+v", last)
	}
	if tr := lead.Troca; tr == nil || tr.Modelo != "Gol" {
		t.Fatalf("the haggle must keep the trade-in: %+v", lead.Troca)
	}
}
