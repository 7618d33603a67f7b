package tenants

import (
	"context"
	"testing"
	"time"

	"vendeai/app"
)

// The whole appliance restarts on the same data dir: paired empresas come
// back by themselves, the rest stay down, and no QR is shown to nobody.
func TestReconnectAfterRestart(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	sc := SandboxConfig{QRFirst: time.Hour}

	a := sandboxApp(t, dir, sc)
	sb, _ := a.m.Sandbox()
	paired := a.empresa("Pareada")
	never := a.empresa("Nunca conectou")
	ownerOff := a.empresa("Dono desconectou")
	replaced := a.empresa("Substituída")
	pending := a.empresa("QR pendente")
	for _, id := range []int{paired, ownerOff, replaced, pending} {
		a.m.Connect(ctx, id)
		a.waitState(id, app.StateQR)
	}
	for _, id := range []int{paired, ownerOff, replaced} {
		if _, err := sb.Scan(ctx, id, ""); err != nil {
			t.Fatal(err)
		}
	}
	a.m.Disconnect(ctx, ownerOff)
	sb.Fault(ctx, replaced, app.FaultStreamReplaced)
	a.waitState(replaced, app.StateReplaced)
	a.stop()

	for run := 0; run < 2; run++ { // twice: the holds survive the reconnection itself
		b := sandboxApp(t, dir, sc)
		if err := b.m.ReconnectSaved(ctx); err != nil {
			t.Fatal(err)
		}
		st := b.waitState(paired, app.StateConnected)
		if st.Phone == "" || !st.LoggedIn {
			t.Fatalf("reconnected status = %+v", st)
		}
		for id, reason := range map[int]string{never: app.ReasonNotPaired, ownerOff: app.ReasonNotPaired,
			replaced: ReasonStreamReplaced, pending: app.ReasonNotPaired} {
			if st := b.status(id); st.Status != app.StateDisconnected || st.Reason != reason {
				t.Errorf("run %d empresa %d: %s/%s, want disconnected/%s", run, id, st.Status, st.Reason, reason)
			}
			if qrs := b.rec.of(id, app.EventQR); len(qrs) != 0 {
				t.Errorf("run %d empresa %d: %d QR codes at boot", run, id, len(qrs))
			}
		}
		b.stop()
	}
}

// At most ReconnectConcurrency sessions connect at once.
func TestReconnectBoundsConcurrency(t *testing.T) {
	ctx := context.Background()
	ft := newFake()
	cfg := fastConfig()
	cfg.Transport = ft
	cfg.ReconnectConcurrency = 2
	a := startApp(t, t.TempDir(), cfg)
	var ids []int
	for i := 0; i < 6; i++ {
		id := a.empresa("Loja")
		ft.setPaired(id, true)
		ids = append(ids, id)
	}
	done := make(chan error, 1)
	go func() { done <- a.m.ReconnectSaved(ctx) }()
	// Nothing logs in by itself: each slot stays taken while connecting,
	// and the third waits for one (the reconnection counts its waits).
	for deadline := time.Now().Add(5 * time.Second); ; time.Sleep(time.Millisecond) {
		n := started(ft, ids)
		if n > 2 {
			t.Fatalf("%d sessions connecting at once, want 2", n)
		}
		if n == 2 && a.m.slotWaits.Load() == 1 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("%d sessions connecting, %d waiting for a slot; want 2 and 1", n, a.m.slotWaits.Load())
		}
	}
	for len(ids) > 0 {
		progress := false
		for i, id := range ids {
			if ft.count(id) > 0 {
				ft.last(t, id).emit(eventsConnectedPtr())
				a.waitState(id, app.StateConnected)
				ids = append(ids[:i], ids[i+1:]...)
				progress = true
				break
			}
		}
		if !progress {
			time.Sleep(2 * time.Millisecond)
		}
	}
	if err := <-done; err != nil {
		t.Fatal(err)
	}
}

func started(ft *fakeTransport, ids []int) int {
	n := 0
	for _, id := range ids {
		n += ft.count(id)
	}
	return n
}
