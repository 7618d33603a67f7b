package sqlite_test

import (
	"context"
	"testing"
	"time"

	"vendeai/app"
)

func TestLeadsFollowMessages(t *testing.T) {
	ctx := context.Background()
	db := openTestDB(t)
	t0 := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
	msgs := []struct {
		phone, nome, dir, text string
		at                     time.Duration
	}{
		{"5511987654321", "João", app.DirectionIn, "oi", 0},
		{"5511987654321", "", app.DirectionOut, "Olá, João!", time.Second},
		{"5521999990000", "Maria", app.DirectionIn, "tem civic?", time.Minute},
		{"5511987654321", "João Silva", app.DirectionIn, "quero ver o 2", 2 * time.Minute},
	}
	for _, m := range msgs {
		msg := &app.Message{Phone: m.phone, Direction: m.dir, Text: m.text, Kind: app.KindText, Author: "cliente", Timestamp: t0.Add(m.at)}
		if err := db.SaveMessage(ctx, msg, m.nome); err != nil {
			t.Fatal(err)
		}
		if msg.ID == 0 {
			t.Error("message id not assigned")
		}
	}
	leads, total, err := db.FindLeads(ctx, app.LeadFilter{})
	if err != nil || total != 2 || len(leads) != 2 {
		t.Fatalf("FindLeads = %d leads, total %d, %v", len(leads), total, err)
	}
	joao := leads[0] // most recent contact first
	if joao.Phone != "5511987654321" || joao.Nome != "João Silva" || joao.Mensagens != 3 || joao.Status != app.LeadNovo ||
		!joao.PrimeiroContato.Equal(t0) || !joao.UltimoContato.Equal(t0.Add(2*time.Minute)) || !joao.BotAtivo {
		t.Errorf("lead = %+v", joao)
	}
	if got, _, _ := db.FindLeads(ctx, app.LeadFilter{Q: "joao"}); len(got) != 1 || got[0].Phone != joao.Phone {
		t.Errorf("q=joao (no accent) found %v", got)
	}
	if got, _, _ := db.FindLeads(ctx, app.LeadFilter{Q: "99990"}); len(got) != 1 || got[0].Nome != "Maria" {
		t.Errorf("q by phone found %v", got)
	}
	if _, _, err := db.FindLeads(ctx, app.LeadFilter{Status: "vip"}); !app.IsCode(err, app.EINVALID) {
		t.Errorf("unknown status: %v", err)
	}

	page, n, err := db.FindMessages(ctx, joao.Phone, 2, 0)
	if err != nil || n != 3 || len(page) != 2 || page[0].Text != "Olá, João!" || page[1].Text != "quero ver o 2" {
		t.Fatalf("latest page = %v (total %d, %v)", page, n, err)
	}
	if older, _, _ := db.FindMessages(ctx, joao.Phone, 2, 2); len(older) != 1 || older[0].Text != "oi" {
		t.Errorf("older page = %v", older)
	}
	if _, _, err := db.FindMessages(ctx, "5500000000000", 10, 0); !app.IsCode(err, app.ENOTFOUND) {
		t.Errorf("messages of an unknown contact: %v", err)
	}
}

func TestUpdateLeadHandoffVisitAndInterest(t *testing.T) {
	ctx := context.Background()
	db := openTestDB(t)
	phone := "5511987654321"
	if err := db.SaveMessage(ctx, &app.Message{Phone: phone, Direction: app.DirectionIn, Text: "oi", Kind: app.KindText, Author: "cliente"}, "Ana"); err != nil {
		t.Fatal(err)
	}
	until := time.Now().Add(24 * time.Hour).UTC().Truncate(time.Millisecond)
	status := app.LeadHumano
	l, err := db.UpdateLead(ctx, phone, app.LeadUpdate{Status: &status, HumanoAte: &until, AddInteresse: []int64{3, 5, 3}})
	if err != nil {
		t.Fatal(err)
	}
	if l.Status != app.LeadHumano || l.HumanoAte == nil || !l.HumanoAte.Equal(until) || l.BotAtivo || len(l.Interesse) != 2 {
		t.Errorf("after handoff: %+v", l)
	}
	visita := &app.Visita{Dia: "sábado", Periodo: "manhã", VeiculoID: 3}
	agendado := app.LeadAgendado
	l, err = db.UpdateLead(ctx, phone, app.LeadUpdate{Status: &agendado, Visita: visita, AddInteresse: []int64{5, 8}})
	if err != nil {
		t.Fatal(err)
	}
	if l.Visita == nil || l.Visita.Dia != "sábado" || l.HumanoAte == nil || len(l.Interesse) != 3 {
		t.Errorf("after visit: %+v (handoff must be kept)", l)
	}
	var zero time.Time
	if l, _ = db.UpdateLead(ctx, phone, app.LeadUpdate{HumanoAte: &zero}); l.HumanoAte != nil || !l.BotAtivo {
		t.Errorf("after giving back: %+v", l)
	}
	bad := "vip"
	if _, err := db.UpdateLead(ctx, phone, app.LeadUpdate{Status: &bad}); !app.IsCode(err, app.EINVALID) {
		t.Errorf("bad status: %v", err)
	}
	if _, err := db.UpdateLead(ctx, "5500", app.LeadUpdate{}); !app.IsCode(err, app.ENOTFOUND) {
		t.Errorf("unknown lead: %v", err)
	}
}

func TestConversationState(t *testing.T) {
	ctx := context.Background()
	db := openTestDB(t)
	if got, err := db.Conversation(ctx, "5511"); err != nil || got != nil {
		t.Fatalf("new contact: %q, %v", got, err)
	}
	for _, state := range []string{`{"stage":"a"}`, `{"stage":"b"}`} {
		if err := db.SaveConversation(ctx, "5511", []byte(state)); err != nil {
			t.Fatal(err)
		}
		if got, _ := db.Conversation(ctx, "5511"); string(got) != state {
			t.Errorf("state = %s, want %s", got, state)
		}
	}
}

func TestStatsCountTodayAndLeadsByStatus(t *testing.T) {
	ctx := context.Background()
	db := openTestDB(t)
	midnight := time.Date(2026, 3, 1, 3, 0, 0, 0, time.UTC) // 00:00 in São Paulo
	save := func(phone, dir string, at time.Time) {
		t.Helper()
		m := &app.Message{Phone: phone, Direction: dir, Text: "x", Kind: app.KindText, Author: "cliente", Timestamp: at}
		if err := db.SaveMessage(ctx, m, ""); err != nil {
			t.Fatal(err)
		}
	}
	empty, err := db.Stats(ctx, midnight)
	if err != nil || empty.Mensagens != (app.MessageCounts{}) || empty.Leads["total"] != 0 || len(empty.Leads) != len(app.LeadStatuses)+1 {
		t.Fatalf("empty stats %+v %v", empty, err)
	}
	save("5511900000001", app.DirectionIn, midnight.Add(-time.Minute)) // yesterday
	save("5511900000001", app.DirectionIn, midnight)
	save("5511900000001", app.DirectionOut, midnight.Add(time.Second))
	save("5511900000002", app.DirectionIn, midnight.Add(time.Hour))
	save("5511900000003", app.DirectionIn, midnight.Add(-time.Hour))
	agendado := app.LeadAgendado
	if _, err := db.UpdateLead(ctx, "5511900000002", app.LeadUpdate{Status: &agendado}); err != nil {
		t.Fatal(err)
	}
	st, err := db.Stats(ctx, midnight)
	if err != nil {
		t.Fatal(err)
	}
	if st.Mensagens != (app.MessageCounts{Recebidas: 2, Enviadas: 1}) {
		t.Errorf("messages since midnight %+v, want 2 in and 1 out", st.Mensagens)
	}
	if st.Leads["total"] != 3 || st.Leads[app.LeadNovo] != 2 || st.Leads[app.LeadAgendado] != 1 || st.Leads[app.LeadHumano] != 0 {
		t.Errorf("leads by status %v", st.Leads)
	}
}
