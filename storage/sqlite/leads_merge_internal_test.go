package sqlite

import (
	"context"
	"database/sql"
	"path/filepath"
	"testing"
	"time"

	"vendeai/app"
)

// TestUpgradeMergesNinthDigitTwins builds a file as the appliance left it
// before issue 12 (leads keyed by the number WhatsApp delivered from, so
// one person could be two leads) and opens it with this version: the twins
// become one lead with every message, a lone 12-digit mobile moves to its
// canonical form, landlines and foreign numbers stay, and each move is
// recorded and reported.
func TestUpgradeMergesNinthDigitTwins(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), FileName)
	raw, err := sql.Open("sqlite3", DSN(path))
	if err != nil {
		t.Fatal(err)
	}
	old := &DB{db: raw, path: path, Now: time.Now}
	if err := old.migrateUpTo(ctx, 69); err != nil {
		t.Fatal(err)
	}
	t0 := time.Date(2026, 5, 1, 12, 0, 0, 0, time.UTC).UnixMilli()
	for _, stmt := range []struct {
		q    string
		args []any
	}{
		// Ana wrote from her old account (12 digits), the CRM wrote to her 13-digit form.
		{`INSERT INTO leads (phone, nome, nome_busca, status, interesse, primeiro_contato, ultimo_contato, mensagens) VALUES (?, 'Ana', 'ana', 'em_atendimento', '[3]', ?, ?, 2)`,
			[]any{"552187654321", t0, t0 + 60_000}},
		{`INSERT INTO leads (phone, nome, nome_busca, status, interesse, primeiro_contato, ultimo_contato, mensagens, humano_ate) VALUES (?, '', '', 'humano', '[5]', ?, ?, 1, ?)`,
			[]any{"5521987654321", t0 + 120_000, t0 + 120_000, t0 + 3_600_000}},
		{`INSERT INTO messages (phone, direction, author, kind, text, ts) VALUES ('552187654321', 'in', 'cliente', 'text', 'oi', ?)`, []any{t0}},
		{`INSERT INTO messages (phone, direction, author, kind, text, ts) VALUES ('552187654321', 'out', 'bot', 'text', 'Olá!', ?)`, []any{t0 + 60_000}},
		{`INSERT INTO messages (phone, direction, author, kind, text, ts) VALUES ('5521987654321', 'out', 'loja', 'text', 'Seu carro chegou', ?)`, []any{t0 + 120_000}},
		{`INSERT INTO conversations (key, state, updated_at) VALUES ('552187654321', '{"stage":"ana"}', ?)`, []any{t0 + 60_000}},
		// Bruno, alone under 12 digits; a landline and a US number.
		{`INSERT INTO leads (phone, nome, nome_busca, primeiro_contato, ultimo_contato, mensagens) VALUES ('553188887777', 'Bruno', 'bruno', ?, ?, 1)`, []any{t0, t0}},
		{`INSERT INTO messages (phone, direction, author, kind, text, ts) VALUES ('553188887777', 'in', 'cliente', 'text', 'tem civic?', ?)`, []any{t0}},
		{`INSERT INTO leads (phone, nome, nome_busca, primeiro_contato, ultimo_contato, mensagens) VALUES ('551133334444', 'Loja', 'loja', ?, ?, 0)`, []any{t0, t0}},
		{`INSERT INTO leads (phone, nome, nome_busca, primeiro_contato, ultimo_contato, mensagens) VALUES ('14155552671', 'Joe', 'joe', ?, ?, 0)`, []any{t0, t0}},
	} {
		if _, err := raw.ExecContext(ctx, stmt.q, stmt.args...); err != nil {
			t.Fatalf("%s: %v", stmt.q, err)
		}
	}
	raw.Close()

	db, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if got := db.NinthDigitAtOpen(); got != (NinthDigitReport{Joined: 1, Renamed: 1}) {
		t.Fatalf("ninth digit at open = %+v, want Ana joined and Bruno renamed", got)
	}
	_, total, err := db.FindLeads(ctx, app.LeadFilter{Limit: 10})
	if err != nil || total != 4 {
		t.Fatalf("leads after the upgrade: %d, %v", total, err)
	}
	ana, err := db.FindLead(ctx, "5521987654321")
	if err != nil {
		t.Fatal(err)
	}
	if ana.Nome != "Ana" || ana.Status != app.LeadHumano || ana.Mensagens != 3 || len(ana.Interesse) != 2 ||
		ana.JID != "552187654321@s.whatsapp.net" || ana.HumanoAte == nil || ana.PrimeiroContato.UnixMilli() != t0 ||
		ana.UltimoContato.UnixMilli() != t0+120_000 || ana.UltimaMensagemCliente == nil || ana.UltimaMensagemCliente.UnixMilli() != t0 ||
		ana.Origem == nil || ana.Origem.Tipo != app.OrigemDireto {
		t.Errorf("Ana merged = %+v", ana)
	}
	msgs, n, err := db.FindMessages(ctx, ana.Phone, 10, 0)
	if err != nil || n != 3 || msgs[0].Text != "oi" || msgs[2].Text != "Seu carro chegou" {
		t.Errorf("Ana's messages = %v (%d, %v)", msgs, n, err)
	}
	if state, _ := db.Conversation(ctx, ana.Phone); string(state) != `{"stage":"ana"}` {
		t.Errorf("Ana's conversation state = %s", state)
	}
	if state, _ := db.Conversation(ctx, "552187654321"); state != nil {
		t.Errorf("the old key's state is left: %s", state)
	}
	bruno, err := db.FindLead(ctx, "5531988887777")
	if err != nil || bruno.Nome != "Bruno" || bruno.JID != "553188887777@s.whatsapp.net" || bruno.Mensagens != 1 {
		t.Errorf("Bruno moved = %+v, %v", bruno, err)
	}
	for _, phone := range []string{"551133334444", "14155552671"} {
		if _, err := db.FindLead(ctx, phone); err != nil {
			t.Errorf("%s must stay: %v", phone, err)
		}
	}
	if merges, err := db.LeadMerges(ctx); err != nil || len(merges) != 2 || merges[1].De != "552187654321" || merges[1].Para != "5521987654321" ||
		merges[1].Mensagens != 2 || merges[0].De != "553188887777" || merges[0].Motivo != app.MergeNinthDigit {
		t.Errorf("recorded merges = %+v, %v", merges, err)
	}
	var fkProblems int
	if err := db.SQL().QueryRowContext(ctx, `SELECT COUNT(*) FROM pragma_foreign_key_check`).Scan(&fkProblems); err != nil || fkProblems != 0 {
		t.Errorf("foreign key check: %d problems, %v", fkProblems, err)
	}
	db.Close()

	// Once applied, the step never runs again.
	again, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer again.Close()
	if got := again.NinthDigitAtOpen(); got != (NinthDigitReport{}) {
		t.Errorf("second open merged again: %v", got)
	}
}
