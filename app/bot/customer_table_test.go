package bot_test

import (
	"context"
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"vendeai/app"
	"vendeai/app/bot"
	"vendeai/storage/sqlite"
)

// customerRow is one customer message, written from the customer's side,
// with the conversation before it, and what the answer must and must not
// show: vehicles by id (their modelo and versão in the reply) and words.
type customerRow struct {
	before []string
	msg    string
	kind   bot.IntentKind // "" = any
	must   []int64
	not    []int64
	says   []string // the reply contains each (case- and accent-insensitive)
	never  []string // the reply contains none
	check  func(bot.Output) bool
}

// lojaEmpresa is a dealer that filled in its store information.
var lojaEmpresa = &app.Empresa{ID: 1, Nome: "Auto Center Rio", BotAtivo: true, PausaHumanoHoras: 12,
	Loja: app.Loja{Endereco: "Av. Brasil, 1000 - Centro, Rio de Janeiro", Horario: "Seg a sex 8h às 18h, sáb 8h às 13h",
		FormasPagamento: "Pix, cartão de crédito e débito, financiamento", Telefone: "(21) 3333-4444",
		MapsURL: "https://maps.example/autocenter"}}

// customerFixture is the table's inventory: fixture() with the descrições
// some questions are answered from.
func customerFixture() *memInventory {
	inv := fixture()
	for _, v := range inv.vs {
		switch v.ID {
		case 1:
			v.Descricao = "Único dono, todas as revisões na concessionária. IPVA 2026 pago."
		case 13:
			v.Descricao = "Laudo cautelar aprovado. Pneus novos."
		}
	}
	return inv
}

func sqliteInventory(t *testing.T, vs []*app.Vehicle, empresa *app.Empresa) *sqlite.DB {
	t.Helper()
	ctx := context.Background()
	db, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), sqlite.FileName))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	if empresa != nil {
		if err := db.SaveEmpresa(ctx, empresa); err != nil {
			t.Fatal(err)
		}
	}
	base := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	for i, v := range vs {
		c := *v
		c.ID, c.Codigo = 0, ""
		db.Now = func() time.Time { return base.Add(time.Duration(i) * time.Minute) }
		if err := db.CreateVehicle(ctx, &c); err != nil {
			t.Fatalf("vehicle %d: %v", v.ID, err)
		}
		if c.ID != v.ID {
			t.Fatalf("fixture ids must be 1..N in order: got %d for %d", c.ID, v.ID)
		}
	}
	db.Now = time.Now
	return db
}

// play sends the turns of one conversation, the state carried through
// JSON as the pipeline stores it, and returns the last output.
func play(t *testing.T, a *bot.Assistant, emp *app.Empresa, inv app.VehicleSearcher, turns []string) bot.Output {
	t.Helper()
	var st bot.State
	var out bot.Output
	for i, msg := range turns {
		var err error
		out, err = a.Reply(context.Background(), bot.Input{Empresa: emp, Text: msg, PushName: "Maria Souza",
			Now: testNow.Add(time.Duration(i) * time.Minute), State: st, Inventory: inv})
		if err != nil {
			t.Fatalf("%q: %v", msg, err)
		}
		data, _ := json.Marshal(out.State)
		st = bot.State{}
		if err := json.Unmarshal(data, &st); err != nil {
			t.Fatal(err)
		}
	}
	return out
}

func checkRow(t *testing.T, where string, r customerRow, vs []*app.Vehicle, out bot.Output) {
	t.Helper()
	text := strings.Join(out.Replies, "\n")
	folded := app.Fold(text)
	byID := map[int64]*app.Vehicle{}
	for _, v := range vs {
		byID[v.ID] = v
	}
	label := func(id int64) string { v := byID[id]; return v.Modelo + " " + v.Versao }
	fail := func(format string, args ...any) {
		t.Helper()
		t.Errorf("%s %q after %q: "+format+"\n--- reply:\n%s", append([]any{where, r.msg, r.before}, append(args, text)...)...)
	}
	if r.kind != "" && out.Intent != r.kind {
		fail("intent %q, want %q", out.Intent, r.kind)
	}
	for _, id := range r.must {
		if !strings.Contains(text, label(id)) {
			fail("lacks vehicle %d (%s)", id, label(id))
		}
	}
	for _, id := range r.not {
		if strings.Contains(text, label(id)) {
			fail("shows vehicle %d (%s)", id, label(id))
		}
	}
	for _, v := range vs {
		if v.Status != app.VehicleDisponivel && strings.Contains(text, v.Modelo+" "+v.Versao) {
			fail("offers unavailable vehicle %d", v.ID)
		}
	}
	for _, s := range r.says {
		if !strings.Contains(folded, app.Fold(s)) {
			fail("lacks %q", s)
		}
	}
	for _, s := range r.never {
		if strings.Contains(folded, app.Fold(s)) {
			fail("says %q", s)
		}
	}
	if r.check != nil && !r.check(out) {
		fail("output check failed: %+v", out.Actions)
	}
}

// TestCustomerTable runs every row against the in-memory fake and the
// real SQLite store: both must answer the customer alike.
func TestCustomerTable(t *testing.T) {
	mem := customerFixture()
	db := sqliteInventory(t, mem.vs, nil)
	a := &bot.Assistant{}
	for _, rows := range [][]customerRow{understandingRows, followUpRows, dealerRows} {
		for _, r := range rows {
			turns := append(append([]string{}, r.before...), r.msg)
			checkRow(t, "fake", r, mem.vs, play(t, a, lojaEmpresa, mem, turns))
			checkRow(t, "sqlite", r, mem.vs, play(t, a, lojaEmpresa, db, turns))
		}
	}
}

func vids(xs ...int64) []int64 { return xs }

var (
	hatches   = vids(8, 9, 10, 17, 18, 19, 21)
	pickups   = vids(6, 11, 13)
	suvs      = vids(3, 5, 14, 15)
	sedans    = vids(1, 2)
	autoSUV   = vids(3, 5, 14, 15)
	notPickup = vids(1, 2, 3, 5, 8, 9, 10, 14, 15, 17, 18, 19, 21)
)
