package sqlite_test

import (
	"context"
	"testing"
	"time"

	"vendeai/app"
)

// TestLeadKeepsJIDOrigemAndOutreach: an inbound message writes the exact
// JID and, for a new lead, its origem; the store writing to a contact that
// never wrote is outreach (counted), and stops being so once it writes.
func TestLeadKeepsJIDOrigemAndOutreach(t *testing.T) {
	ctx := context.Background()
	db := openTestDB(t)
	t0 := time.Date(2026, 6, 1, 9, 0, 0, 0, time.UTC)
	save := func(m app.Message) {
		t.Helper()
		if m.Kind == "" {
			m.Kind = app.KindText
		}
		if err := db.SaveMessage(ctx, &m, ""); err != nil {
			t.Fatal(err)
		}
	}
	ad := &app.Origem{Tipo: app.OrigemAnuncio, Titulo: "Civic 2021 na promoção", URL: "https://fb.me/ad", AnuncioID: "120210", Midia: "imagem"}
	save(app.Message{Phone: "5521987654321", Direction: app.DirectionIn, Author: "cliente", Text: "oi", Timestamp: t0,
		ContactJID: "552187654321@s.whatsapp.net", Origem: ad})
	// A later ad click does not change where the customer came from.
	save(app.Message{Phone: "5521987654321", Direction: app.DirectionIn, Author: "cliente", Text: "e o corolla?", Timestamp: t0.Add(time.Minute),
		ContactJID: "552187654321@s.whatsapp.net", Origem: &app.Origem{Tipo: app.OrigemAnuncio, AnuncioID: "999"}})
	save(app.Message{Phone: "5511912345678", Direction: app.DirectionOut, Author: "loja", Text: "Olá, aqui é da loja", Timestamp: t0.Add(2 * time.Minute)})
	save(app.Message{Phone: "5511955554444", Direction: app.DirectionIn, Author: "cliente", Text: "Olá, vim pelo site", Timestamp: t0.Add(3 * time.Minute),
		ContactJID: "5511955554444@s.whatsapp.net", Origem: &app.Origem{Tipo: app.OrigemLink, Texto: "Olá, vim pelo site"}})
	save(app.Message{Phone: "5511966667777", Direction: app.DirectionIn, Author: "cliente", Text: "bom dia", Timestamp: t0.Add(4 * time.Minute)})

	ana, _ := db.FindLead(ctx, "5521987654321")
	if ana.JID != "552187654321@s.whatsapp.net" || ana.Origem == nil || *ana.Origem != *ad || ana.UltimaMensagemCliente == nil ||
		!ana.UltimaMensagemCliente.Equal(t0.Add(time.Minute)) || ana.AbordadoEm != nil {
		t.Errorf("Ana = %+v, origem %+v", ana, ana.Origem)
	}
	cold, _ := db.FindLead(ctx, "5511912345678")
	if cold.Origem.Tipo != app.OrigemLoja || cold.UltimaMensagemCliente != nil || cold.AbordadoEm == nil || cold.JID != "" {
		t.Errorf("contact the store wrote first = %+v", cold)
	}
	for since, want := range map[time.Time]int{t0: 1, t0.Add(3 * time.Minute): 0} {
		if n, err := db.CountOutreach(ctx, since); err != nil || n != want {
			t.Errorf("CountOutreach(%v) = %d, %v; want %d", since, n, err, want)
		}
	}
	// It answers: the store's next messages are no outreach any more.
	save(app.Message{Phone: "5511912345678", Direction: app.DirectionIn, Author: "cliente", Text: "quem é?", Timestamp: t0.Add(5 * time.Minute),
		ContactJID: "5511912345678@s.whatsapp.net"})
	save(app.Message{Phone: "5511912345678", Direction: app.DirectionOut, Author: "loja", Text: "a loja", Timestamp: t0.Add(6 * time.Minute)})
	if cold, _ = db.FindLead(ctx, "5511912345678"); !cold.AbordadoEm.Equal(t0.Add(2*time.Minute)) || cold.Origem.Tipo != app.OrigemLoja ||
		cold.JID != "5511912345678@s.whatsapp.net" {
		t.Errorf("after answering = %+v", cold)
	}

	for origem, want := range map[string]int{app.OrigemAnuncio: 1, app.OrigemLoja: 1, app.OrigemLink: 1, app.OrigemDireto: 1, "": 4} {
		leads, total, err := db.FindLeads(ctx, app.LeadFilter{Origem: origem})
		if err != nil || total != want || len(leads) != want {
			t.Errorf("origem=%q: %d leads (total %d), %v", origem, len(leads), total, err)
		}
	}
	if _, _, err := db.FindLeads(ctx, app.LeadFilter{Origem: "tv"}); !app.IsCode(err, app.EINVALID) {
		t.Errorf("unknown origem: %v", err)
	}
	// A whole number finds its contact in either form of the ninth digit.
	for _, q := range []string{"552187654321", "5521987654321", "+55 21 8765-4321"} {
		if leads, _, _ := db.FindLeads(ctx, app.LeadFilter{Q: q}); len(leads) != 1 || leads[0].Phone != "5521987654321" {
			t.Errorf("q=%s found %v", q, leads)
		}
	}
	all, err := db.AllLeads(ctx, app.LeadFilter{Origem: app.OrigemAnuncio, Limit: 1, Offset: 5})
	if err != nil || len(all) != 1 || all[0].Phone != "5521987654321" {
		t.Errorf("AllLeads(anuncio) = %v, %v", all, err)
	}
	if all, _ := db.AllLeads(ctx, app.LeadFilter{}); len(all) != 4 || all[0].Phone != "5511912345678" {
		t.Errorf("AllLeads = %v (most recent first)", all)
	}
}

// TestMergeLeads: the primitive both the ninth digit and a resolved LID
// use. The weightier status and the latest JID win, the first origem is
// kept, messages and state move, the merge is recorded; bad calls change
// nothing.
func TestMergeLeads(t *testing.T) {
	ctx := context.Background()
	db := openTestDB(t)
	t0 := time.Date(2026, 6, 1, 9, 0, 0, 0, time.UTC)
	msg := func(phone, jid, dir string, at time.Duration, origem *app.Origem) {
		t.Helper()
		m := &app.Message{Phone: phone, Direction: dir, Author: "cliente", Kind: app.KindText, Text: "m", Timestamp: t0.Add(at), ContactJID: jid, Origem: origem}
		if err := db.SaveMessage(ctx, m, "Carla"); err != nil {
			t.Fatal(err)
		}
	}
	msg("123456789012345", "123456789012345@lid", app.DirectionIn, 0, &app.Origem{Tipo: app.OrigemAnuncio, AnuncioID: "42"})
	msg("123456789012345", "123456789012345@lid", app.DirectionIn, time.Minute, nil)
	msg("5511987654321", "5511987654321@s.whatsapp.net", app.DirectionIn, 2*time.Minute, nil)
	optOut := app.LeadOptOut
	if _, err := db.UpdateLead(ctx, "123456789012345", app.LeadUpdate{Status: &optOut, AddInteresse: []int64{7}}); err != nil {
		t.Fatal(err)
	}
	if err := db.SaveConversation(ctx, "123456789012345", []byte(`{"lid":true}`)); err != nil {
		t.Fatal(err)
	}

	if _, err := db.MergeLeads(ctx, "5511987654321", "5511987654321"); !app.IsCode(err, app.EINVALID) {
		t.Errorf("a lead merged into itself: %v", err)
	}
	if got, err := db.MergeLeads(ctx, "5599999999999", "5511987654321"); got != nil || err != nil {
		t.Errorf("merging a lead that is not there = %v, %v; want nothing to do", got, err)
	}
	if n, _, _ := db.FindLeads(ctx, app.LeadFilter{}); len(n) != 2 {
		t.Fatalf("a merge that did nothing changed the leads: %v", n)
	}

	merged, err := db.MergeLeads(ctx, "123456789012345", "5511987654321")
	if err != nil || merged == nil || merged.Phone != "5511987654321" || merged.Mensagens != 3 {
		t.Fatalf("MergeLeads = %+v, %v", merged, err)
	}
	l, err := db.FindLead(ctx, "5511987654321")
	if err != nil || l.Status != app.LeadOptOut || l.Mensagens != 3 || l.JID != "5511987654321@s.whatsapp.net" ||
		l.Origem.AnuncioID != "42" || !l.PrimeiroContato.Equal(t0) || len(l.Interesse) != 1 || l.BotAtivo {
		t.Errorf("merged lead = %+v, %v", l, err)
	}
	if _, err := db.FindLead(ctx, "123456789012345"); !app.IsCode(err, app.ENOTFOUND) {
		t.Errorf("the LID lead is left: %v", err)
	}
	if state, _ := db.Conversation(ctx, "5511987654321"); string(state) != `{"lid":true}` {
		t.Errorf("state = %s", state)
	}
	if merges, _ := db.LeadMerges(ctx); len(merges) != 1 || merges[0].Motivo != app.MergeLID || merges[0].Mensagens != 2 {
		t.Errorf("merges = %+v", merges)
	}
}
