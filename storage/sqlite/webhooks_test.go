package sqlite_test

import (
	"context"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"vendeai/app"
	"vendeai/storage/sqlite"
)

// hooks records what the outbox tells the worker; the global webhook wants
// what globalWants lists.
type hooks struct {
	mu          sync.Mutex
	globalWants []string
	recorded    []string
}

func (h *hooks) GlobalWants(typ string) bool {
	h.mu.Lock()
	defer h.mu.Unlock()
	for _, w := range h.globalWants {
		if w == typ {
			return true
		}
	}
	return false
}

func (h *hooks) Recorded(id int, destino string) {
	h.mu.Lock()
	h.recorded = append(h.recorded, destino)
	h.mu.Unlock()
}

func outboxDB(t testing.TB, h *hooks, eventos ...string) *sqlite.DB {
	t.Helper()
	ctx := context.Background()
	db := openTestDB(t)
	db.SetOutboxHooks(h)
	if err := db.SaveEmpresa(ctx, &app.Empresa{ID: 7, Nome: "Loja"}); err != nil {
		t.Fatal(err)
	}
	if len(eventos) > 0 {
		w := &app.Webhook{URL: "http://127.0.0.1:9/", Segredo: "segredo-0123456789", Eventos: eventos, Ativo: true, AtualizadoEm: time.Now()}
		if err := db.SaveWebhook(ctx, w); err != nil {
			t.Fatal(err)
		}
	}
	return db
}

func saveMessage(db *sqlite.DB, text string) error {
	m := &app.Message{Phone: "5511987654321", Direction: app.DirectionIn, Author: "cliente", Kind: app.KindText, Text: text, Timestamp: time.Now()}
	ev := app.Event{Type: app.EventMessage, EmpresaID: 7, Data: app.MessageEvent{Direction: "in", From: m.Phone, Text: text}}
	return db.SaveMessage(context.Background(), m, "", ev)
}

func count(t testing.TB, db *sqlite.DB, table string) int {
	t.Helper()
	var n int
	if err := db.SQL().QueryRow(`SELECT COUNT(*) FROM ` + table).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

func TestOutboxWritesADeliveryPerWebhookThatWantsTheEvent(t *testing.T) {
	ctx := context.Background()
	h := &hooks{globalWants: []string{app.EventMessage, app.EventLead}}
	db := outboxDB(t, h, app.EventMessage, app.EventStatus)

	if err := saveMessage(db, "oi"); err != nil {
		t.Fatal(err)
	}
	due, err := db.DueDeliveries(ctx, app.DestinoEmpresa, time.Now().Add(time.Second), 10)
	if err != nil || len(due) != 1 {
		t.Fatalf("empresa's due: %v %v", due, err)
	}
	global, _ := db.DueDeliveries(ctx, app.DestinoGlobal, time.Now().Add(time.Second), 10)
	if len(global) != 1 || global[0].Seq != due[0].Seq || global[0].ID == due[0].ID {
		t.Fatalf("global's due: %+v (empresa's %+v)", global, due[0])
	}
	if !strings.Contains(string(due[0].Body), `"entregaId":"`+due[0].ID+`"`) {
		t.Errorf("body %s", due[0].Body)
	}
	if strings.Join(h.recorded, ",") != "empresa,global" {
		t.Errorf("worker told of %v", h.recorded)
	}

	// A lead change with a motivo rides in UpdateLead; the empresa's webhook
	// does not want leads, the global one does.
	st := app.LeadHumano
	if _, err := db.UpdateLead(ctx, "5511987654321", app.LeadUpdate{Status: &st, Event: &app.LeadEvent{Motivo: app.LeadHumano, Razao: "pedido"}}); err != nil {
		t.Fatal(err)
	}
	global, _ = db.DueDeliveries(ctx, app.DestinoGlobal, time.Now().Add(time.Second), 10)
	if len(global) != 2 || global[1].Evento != app.EventLead || global[1].Seq <= global[0].Seq ||
		!strings.Contains(string(global[1].Body), `"motivo":"humano"`) || !strings.Contains(string(global[1].Body), `"razao":"pedido"`) || !strings.Contains(string(global[1].Body), `"empresaId":7`) {
		t.Errorf("lead delivery: %+v", global)
	}
	// Nobody wants a qr: nothing is written.
	if err := db.RecordEvent(ctx, app.Event{Type: app.EventQR, EmpresaID: 7}); err != nil {
		t.Fatal(err)
	}
	if n := count(t, db, "webhook_entregas"); n != 3 {
		t.Errorf("%d deliveries, want 3", n)
	}
	// A paused webhook gets nothing new.
	w, _ := db.Webhook(ctx)
	w.Ativo = false
	db.SaveWebhook(ctx, w)
	h.globalWants = nil
	saveMessage(db, "de novo")
	if n := count(t, db, "webhook_entregas"); n != 3 {
		t.Errorf("%d deliveries after pausing, want 3", n)
	}
}

// TestSeqOnlyGrows: past pruning, and past a restored older copy (the seq
// never falls below the clock in milliseconds).
func TestSeqOnlyGrows(t *testing.T) {
	ctx := context.Background()
	db := outboxDB(t, &hooks{}, app.EventMessage)
	before := time.Now().UnixMilli()
	var last int64
	for i := range 5 {
		if err := saveMessage(db, "m"); err != nil {
			t.Fatal(err)
		}
		d, _, _ := db.FindDeliveries(ctx, app.DeliveryFilter{Limit: 1})
		if d[0].Seq <= last || d[0].Seq < before {
			t.Errorf("message %d: seq %d after %d (clock %d)", i, d[0].Seq, last, before)
		}
		last = d[0].Seq
	}
	// Everything delivered and pruned, then a folder restored from a backup
	// taken when the last seq was 1: the next one still goes past every seq
	// given.
	db.SQL().Exec(`DELETE FROM webhook_entregas`)
	db.SQL().Exec(`INSERT INTO webhook_entregas (id, seq, evento, destino, body, status, prazo, criado_em, atualizado_em)
		VALUES ('antiga', 1, 'message', 'empresa', '{}', 'entregue', 0, 0, 0)`)
	db.Now = func() time.Time { return time.Now().Add(time.Minute) } // a restore takes a while
	saveMessage(db, "depois do restore")
	if d, _, _ := db.FindDeliveries(ctx, app.DeliveryFilter{}); len(d) != 2 || d[0].Seq <= last {
		t.Errorf("after restore: %+v, last %d", d, last)
	}
}

// TestDiskFullFailsTheWholeWrite: with no room left, storing a message
// fails with storage_full and leaves neither the message nor its delivery.
func TestDiskFullFailsTheWholeWrite(t *testing.T) {
	db := outboxDB(t, &hooks{}, app.EventMessage)
	// One connection, whose database may not grow past its current pages:
	// as a full disk, seen from SQLite.
	db.SQL().SetMaxOpenConns(1)
	var pages int
	if err := db.SQL().QueryRow(`PRAGMA page_count`).Scan(&pages); err != nil {
		t.Fatal(err)
	}
	if _, err := db.SQL().Exec(`PRAGMA max_page_count = ` + strconv.Itoa(pages)); err != nil {
		t.Fatal(err)
	}
	var err error
	for i := 0; i < 1000 && err == nil; i++ {
		err = saveMessage(db, strings.Repeat("texto longo ", 300))
	}
	if app.ErrorCode(err) != app.ESTORAGEFULL || !strings.Contains(app.ErrorMessage(err), "disco") {
		t.Fatalf("the write past the limit: %v", err)
	}
	if m, d := count(t, db, "messages"), count(t, db, "webhook_entregas"); m != d {
		t.Errorf("%d messages but %d deliveries: a write was half kept", m, d)
	}
}
