package conversations_test

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	"vendeai/app"
	"vendeai/conversations"
)

// gatedMessenger holds each send until `of` sends are waiting together, or
// for at most a moment: sends that are serialized arrive one at a time and
// pass after the moment; sends that are not all meet at the gate.
type gatedMessenger struct {
	*messenger
	of      int
	mu      sync.Mutex
	waiting int
	open    chan struct{}
}

func (g *gatedMessenger) Send(ctx context.Context, empresaID int, to, text string) (string, error) {
	g.mu.Lock()
	g.waiting++
	if g.waiting == g.of {
		close(g.open)
	}
	g.mu.Unlock()
	select {
	case <-g.open:
	case <-time.After(100 * time.Millisecond):
	}
	return g.messenger.Send(ctx, empresaID, to, text)
}

// TestOutreachLimitHoldsUnderConcurrency: first messages sent at once
// cannot all pass the count before any is stored.
func TestOutreachLimitHoldsUnderConcurrency(t *testing.T) {
	f := newFixture(t)
	id := f.empresa("Loja")
	limit := 2
	if _, err := f.tenants.UpdateEmpresa(f.ctx, id, app.EmpresaUpdate{LimiteNovosContatosDia: &limit}); err != nil {
		t.Fatal(err)
	}
	const n = 6
	gate := &gatedMessenger{messenger: &messenger{}, of: n, open: make(chan struct{})}
	var mu sync.Mutex
	refused := map[string]int{}
	svc := conversations.New(conversations.Config{Tenants: f.tenants, Messenger: gate, Now: f.clock,
		OnSendRefused: func(_ int, code string) { mu.Lock(); refused[code]++; mu.Unlock() }})
	defer svc.Close()
	var wg sync.WaitGroup
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			svc.SendMessage(f.ctx, id, fmt.Sprintf("55119900000%02d", i), "Olá!")
		}()
	}
	wg.Wait()
	if got := len(gate.take()); got != limit || refused[app.ENEWCONTACTLIMIT] != n-limit {
		t.Errorf("%d sent, refusals %v; want %d sent and %d refused", got, refused, limit, n-limit)
	}
}

// TestOutreachWindowAndNinthDigit: the limit is a sliding 24 hours; a
// customer who wrote from a 12-digit account is no new contact when the
// CRM writes to its 13-digit form, and is one lead with its exact JID.
func TestOutreachWindowAndNinthDigit(t *testing.T) {
	f := newFixture(t)
	id := f.empresa("Loja")
	limit := 1
	if _, err := f.tenants.UpdateEmpresa(f.ctx, id, app.EmpresaUpdate{LimiteNovosContatosDia: &limit}); err != nil {
		t.Fatal(err)
	}
	if _, err := f.svc.SendMessage(f.ctx, id, "5511990000001", "Olá!"); err != nil {
		t.Fatal(err)
	}
	if _, err := f.svc.SendMessage(f.ctx, id, "5511990000002", "Olá!"); !app.IsCode(err, app.ENEWCONTACTLIMIT) {
		t.Fatalf("second new contact: %v", err)
	}
	f.deliver(app.InboundMessage{EmpresaID: id, From: "553188887777", Text: "oi", Kind: app.KindText, PushName: "Bia"})
	if _, err := f.svc.SendMessage(f.ctx, id, "5531988887777", "Oi Bia!"); err != nil {
		t.Errorf("to a customer who wrote, by its 13-digit form: %v", err)
	}
	if bia := f.lead(id, "5531988887777"); bia.Phone != "5531988887777" || bia.JID != "553188887777@s.whatsapp.net" || bia.Mensagens < 3 {
		t.Errorf("Bia = %+v, want one lead, canonical, with the account's JID", bia)
	}
	f.advance(24*time.Hour + time.Minute)
	if _, err := f.svc.SendMessage(f.ctx, id, "5511990000002", "Olá!"); err != nil {
		t.Errorf("a day later: %v", err)
	}
}
