package appliance_test

import (
	"context"
	"path/filepath"
	"runtime"
	"sync"
	"testing"
	"time"

	"vendeai/app"
	"vendeai/appliance"
	"vendeai/conversations"
	"vendeai/storage/bolt"
	"vendeai/tenants"
)

type recorder struct {
	mu     sync.Mutex
	events []app.Event
}

func (r *recorder) Publish(e app.Event) {
	r.mu.Lock()
	r.events = append(r.events, e)
	r.mu.Unlock()
}

func (r *recorder) messages() []app.MessageEvent {
	r.mu.Lock()
	defer r.mu.Unlock()
	var out []app.MessageEvent
	for _, e := range r.events {
		if e.Type == app.EventMessage {
			out = append(out, e.Data.(app.MessageEvent))
		}
	}
	return out
}

// TestOneMessageFromWhatsAppToTheReply follows a customer's message through
// the core as cmd/vendeai builds it: the sandbox session delivers it, the
// pipeline answers from the empresa's stock, the reply leaves through the
// same session, and both directions are published once each.
func TestOneMessageFromWhatsAppToTheReply(t *testing.T) {
	base := runtime.NumGoroutine()
	ctx := context.Background()
	dir := t.TempDir()
	reg, err := bolt.Open(filepath.Join(dir, bolt.FileName), time.Second)
	if err != nil {
		t.Fatal(err)
	}
	defer reg.Close()
	rec := &recorder{}
	replied := make(chan struct{}, 1)
	core := appliance.New(appliance.Config{
		Tenants: tenants.Config{DataDir: dir, Registry: reg, Publisher: rec,
			Transport: tenants.NewSandbox(tenants.SandboxConfig{QRFirst: time.Hour, ConnectDelay: time.Millisecond})},
		Pipeline: conversations.Config{OnReply: func(int, string, time.Duration) { replied <- struct{}{} }},
	})
	if err := core.Tenants.Open(ctx); err != nil {
		t.Fatal(err)
	}
	e, _, err := core.Tenants.CreateEmpresa(ctx, app.NewEmpresa{Nome: "Loja"})
	if err != nil {
		t.Fatal(err)
	}
	vehicles, _ := core.Tenants.VehicleStore(ctx, e.ID)
	if err := vehicles.CreateVehicle(ctx, &app.Vehicle{Marca: "Honda", Modelo: "Civic", AnoFabricacao: 2021, AnoModelo: 2021,
		Preco: 11590000, Combustivel: "flex", Cambio: "cvt", Categoria: "sedan", Status: app.VehicleDisponivel}); err != nil {
		t.Fatal(err)
	}
	sandbox, _ := core.Tenants.Sandbox()
	if _, _, err := core.Tenants.Connect(ctx, e.ID); err != nil {
		t.Fatal(err)
	}
	for deadline := time.Now().Add(5 * time.Second); ; time.Sleep(time.Millisecond) { // the QR comes from the session's goroutine
		if st, _ := core.Tenants.Status(ctx, e.ID); st.Status == app.StateQR {
			break
		} else if time.Now().After(deadline) {
			t.Fatalf("status %+v, want qr", st)
		}
	}
	if st, err := sandbox.Scan(ctx, e.ID, "5521999990001"); err != nil || st.Status != app.StateConnected {
		t.Fatalf("scan: %+v %v", st, err)
	}

	if err := sandbox.Inbound(ctx, e.ID, app.SandboxInbound{From: "5511987654321", Text: "tem civic?", PushName: "Ana"}); err != nil {
		t.Fatal(err)
	}
	select {
	case <-replied:
	case <-time.After(10 * time.Second):
		t.Fatal("no reply")
	}
	sent, _ := sandbox.Outbox(ctx, e.ID)
	if len(sent) == 0 || sent[0].To != "5511987654321" {
		t.Fatalf("outbox %+v", sent)
	}
	msgs := rec.messages()
	if len(msgs) != 1+len(sent) {
		t.Fatalf("%d message events for 1 in and %d out: %+v", len(msgs), len(sent), msgs)
	}
	if in := msgs[0]; in.Direction != app.DirectionIn || in.From != "5511987654321" || in.Text != "tem civic?" {
		t.Errorf("inbound event %+v", in)
	}
	for i, out := range msgs[1:] {
		if out.Direction != app.DirectionOut || out.From != "5521999990001" || out.To != "5511987654321" || out.Text != sent[i].Text {
			t.Errorf("outbound event %d: %+v, sent %+v", i, out, sent[i])
		}
	}
	leads, _ := core.Tenants.LeadStore(ctx, e.ID)
	if l, err := leads.FindLead(ctx, "5511987654321"); err != nil || l.Mensagens != 1+len(sent) || l.Nome != "Ana" {
		t.Errorf("lead %+v, %v", l, err)
	}

	if err := core.Close(); err != nil {
		t.Fatal(err)
	}
	// Everything the core started has ended.
	deadline := time.Now().Add(5 * time.Second)
	for runtime.NumGoroutine() > base && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
	}
	if n := runtime.NumGoroutine(); n > base {
		t.Errorf("%d goroutines left after Close (before: %d)", n, base)
	}
}
