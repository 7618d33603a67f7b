package tenants

import (
	"context"
	"errors"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"

	"go.mau.fi/whatsmeow/proto/waE2E"
	"go.mau.fi/whatsmeow/types"
	"go.mau.fi/whatsmeow/types/events"
	"google.golang.org/protobuf/proto"

	"vendeai/app"
)

func fakeApp(t *testing.T) (*testApp, *fakeTransport) {
	ft := newFake()
	cfg := fastConfig()
	cfg.Transport = ft
	return startApp(t, t.TempDir(), cfg), ft
}

// The whole life of a session, driven event by event.
func TestFakeQRPairConnectDropAndPermanentEvents(t *testing.T) {
	a, ft := fakeApp(t)
	ctx := context.Background()
	id := a.empresa("Loja Centro")

	st, started, err := a.m.Connect(ctx, id)
	if err != nil || !started || st.Status != app.StateConnecting {
		t.Fatalf("Connect = %+v started=%v err=%v", st, started, err)
	}
	c := ft.last(t, id)
	c.emit(QRCode{Code: "2@abc,def", Timeout: time.Minute})
	st = a.waitState(id, app.StateQR)
	if st.QR == nil || *st.QR != "2@abc,def" || st.QRImage == nil || !strings.HasPrefix(*st.QRImage, "data:image/png;base64,") || st.QRExpiresAt == nil {
		t.Fatalf("QR status = %+v", st)
	}
	if qrs := a.rec.of(id, app.EventQR); len(qrs) != 1 || qrs[0].Data.(app.QREvent).QRImage == "" {
		t.Fatalf("qr events = %+v", qrs)
	}
	// Idempotent while waiting for the scan: the pending QR, nothing new.
	st, started, _ = a.m.Connect(ctx, id)
	if started || st.Status != app.StateQR || st.QR == nil || ft.count(id) != 1 {
		t.Fatalf("second Connect = %+v started=%v clients=%d", st, started, ft.count(id))
	}

	// Codes ran out: disconnected, qr_timeout, and no new QR by itself.
	c.emit(QRDone{Event: QRTimeout})
	st = a.waitState(id, app.StateDisconnected)
	if st.Reason != app.ReasonQRTimeout || st.QR != nil {
		t.Fatalf("after QR timeout: %+v", st)
	}
	a.staysPut(id)
	if ft.count(id) != 1 {
		t.Fatalf("a QR timeout started %d clients by itself", ft.count(id)-1)
	}

	// Pair and connect.
	a.m.Connect(ctx, id)
	c = ft.last(t, id)
	c.emit(QRCode{Code: "2@x", Timeout: time.Minute})
	a.waitState(id, app.StateQR)
	jid := types.JID{User: "5521999990001", Device: 12, Server: types.DefaultUserServer}
	c.mu.Lock()
	c.paired = true
	c.mu.Unlock()
	ft.setPaired(id, true)
	c.emit(QRDone{Event: QRSuccess})
	c.emit(&events.PairSuccess{ID: jid})
	st = a.waitState(id, app.StateConnecting)
	if st.Phone != "5521999990001" || !st.LoggedIn {
		t.Fatalf("after PairSuccess: %+v", st)
	}
	c.emit(&events.Connected{})
	st = a.waitState(id, app.StateConnected)
	if !st.Connected || st.JID == "" || st.PushName != "Loja Fake" || !st.BotAtivo {
		t.Fatalf("connected status = %+v", st)
	}
	st, started, _ = a.m.Connect(ctx, id)
	if started || st.Status != app.StateConnected {
		t.Fatalf("Connect when connected = %+v started=%v", st, started)
	}

	// A drop is whatsmeow's to heal: reconnecting, then connected.
	c.emit(&events.Disconnected{})
	a.waitState(id, app.StateReconnecting)
	c.emit(ReconnectFailed{Err: errors.New("dial tcp: timeout"), Attempt: 1, Next: time.Second})
	a.waitUntil(id, "lastError of the failed reconnect", func(st app.SessionStatus) bool {
		return st.Status == app.StateReconnecting && strings.Contains(st.LastError, "dial tcp")
	})
	c.emit(&events.Connected{})
	st = a.waitState(id, app.StateConnected)
	if st.LastError != "" {
		t.Fatalf("lastError kept after reconnect: %q", st.LastError)
	}

	// 440: replaced, and it stays so.
	clients := ft.count(id)
	c.emit(&events.StreamReplaced{})
	st = a.waitState(id, app.StateReplaced)
	if st.Reason != ReasonStreamReplaced || !c.isClosed() {
		t.Fatalf("replaced: %+v closed=%v", st, c.isClosed())
	}
	a.staysPut(id)
	if ft.count(id) != clients || a.status(id).Status != app.StateReplaced {
		t.Fatalf("a replaced session reconnected by itself: %+v", a.status(id))
	}
	// A late event of the closed client cannot move the new state.
	c.emit(&events.Connected{})
	a.staysPut(id)
	if a.status(id).Status != app.StateReplaced {
		t.Fatal("stale event of a closed client changed the state")
	}

	// Ban: banned with its expiry, reconnected after it.
	ft.autoLogin = true
	a.m.Connect(ctx, id)
	a.waitState(id, app.StateConnected)
	c = ft.last(t, id)
	clients = ft.count(id)
	c.emit(&events.TemporaryBan{Code: events.TempBanBlockedByUsers, Expire: 30 * time.Millisecond})
	st = a.waitState(id, app.StateBanned)
	if st.BanExpiresAt == nil || st.Reason != ReasonTemporaryBan {
		t.Fatalf("banned status = %+v", st)
	}
	a.waitState(id, app.StateConnected)
	if ft.count(id) != clients+1 {
		t.Fatalf("ban healed with %d new clients, want 1", ft.count(id)-clients)
	}

	// Logged out from the phone: credentials forgotten, empresa kept.
	c = ft.last(t, id)
	c.emit(&events.LoggedOut{Reason: events.ConnectFailureLoggedOut})
	st = a.waitState(id, app.StateLoggedOut)
	if st.LoggedIn || st.JID != "" || ft.forgets[id] == 0 {
		t.Fatalf("logged out status = %+v forgets=%d", st, ft.forgets[id])
	}
	if _, err := a.m.FindEmpresa(ctx, id); err != nil {
		t.Fatal("empresa gone after a logout")
	}

	// Outdated client.
	a.m.Connect(ctx, id)
	ft.last(t, id).emit(&events.ClientOutdated{})
	st = a.waitState(id, app.StateOutdated)
	if st.Reason != ReasonClientOutdated {
		t.Fatalf("outdated status = %+v", st)
	}
}

func TestFakeInitialConnectFailure(t *testing.T) {
	a, ft := fakeApp(t)
	ctx := context.Background()

	// Unpaired: error with lastError, never retried.
	u := a.empresa("Sem celular")
	ft.failConnects(u, errors.New("dial tcp: lookup web.whatsapp.com: no such host"))
	a.m.Connect(ctx, u)
	st := a.waitState(u, app.StateError)
	if st.Reason != app.ReasonConnectFailed || !strings.Contains(st.LastError, "no such host") {
		t.Fatalf("status = %+v", st)
	}
	a.staysPut(u)
	if ft.count(u) != 1 || a.status(u).Status != app.StateError {
		t.Fatalf("unpaired failure retried: %d clients, %+v", ft.count(u), a.status(u))
	}

	// Paired: error, then retried with the backoff until it works.
	p := a.empresa("Com celular")
	ft.setPaired(p, true)
	ft.autoLogin = true
	ft.failConnects(p, errors.New("offline 1"), errors.New("offline 2"))
	a.m.Connect(ctx, p)
	a.waitState(p, app.StateConnected)
	if n := ft.count(p); n != 3 {
		t.Fatalf("paired empresa used %d clients, want 3 (two failures, one success)", n)
	}
}

func TestBackoffCappedWithJitter(t *testing.T) {
	b := Backoff{Base: time.Second, Max: 5 * time.Minute}
	prevMax := time.Duration(0)
	for n := 1; n <= 30; n++ {
		d := b.Delay(n)
		full := time.Second << (n - 1)
		if n > 12 || full > 5*time.Minute {
			full = 5 * time.Minute
		}
		if d < full/2 || d > full {
			t.Fatalf("Delay(%d) = %v, want in [%v, %v]", n, d, full/2, full)
		}
		prevMax = full
	}
	if prevMax != 5*time.Minute {
		t.Fatal("cap not reached")
	}
	lo := Backoff{Base: time.Second, Max: time.Minute, Rand: func() float64 { return 0 }}
	hi := Backoff{Base: time.Second, Max: time.Minute, Rand: func() float64 { return 0.999999 }}
	if lo.Delay(3) != 2*time.Second || hi.Delay(3) < 3999*time.Millisecond {
		t.Fatalf("jitter bounds: %v %v", lo.Delay(3), hi.Delay(3))
	}
}

// Many lifecycle calls on one empresa at once: serialized, and the state
// left is the one the last call made.
func TestConcurrentLifecycleOneEmpresa(t *testing.T) {
	a := sandboxApp(t, t.TempDir(), SandboxConfig{QRFirst: time.Hour})
	ctx := context.Background()
	id := a.empresa("Corrida")
	var wg sync.WaitGroup
	for g := 0; g < 8; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; i < 15; i++ {
				switch (g + i) % 4 {
				case 0:
					a.m.Connect(ctx, id)
				case 1:
					a.m.Disconnect(ctx, id)
				case 2:
					a.m.Reconnect(ctx, id, i%2 == 0)
				case 3:
					a.m.Status(ctx, id)
					a.m.Sessions(ctx)
				}
			}
		}()
	}
	wg.Wait()
	if _, err := a.m.Disconnect(ctx, id); err != nil {
		t.Fatal(err)
	}
	st := a.status(id)
	if st.Status != app.StateDisconnected || st.Reason != app.ReasonUserLogout || st.LoggedIn {
		t.Fatalf("after final Disconnect: %+v", st)
	}
	a.m.Connect(ctx, id)
	a.waitState(id, app.StateQR)
}

// A lifecycle call stuck on one empresa never holds up another's.
func TestEmpresasDoNotWaitOnEachOther(t *testing.T) {
	a, ft := fakeApp(t)
	ctx := context.Background()
	slow, fast := a.empresa("Lenta"), a.empresa("Rápida")
	ft.setPaired(slow, true)
	a.m.Connect(ctx, slow)
	gate := make(chan struct{})
	ft.mu.Lock()
	ft.logoutGate = gate
	ft.mu.Unlock()
	done := make(chan struct{})
	go func() {
		a.m.Disconnect(ctx, slow) // blocks in Logout until the gate opens
		close(done)
	}()
	// Wait until the slow call holds its session.
	s, _, _ := a.m.session(ctx, slow)
	for s.op.TryLock() {
		s.op.Unlock()
		time.Sleep(time.Millisecond)
	}
	tctx, cancel := context.WithTimeout(ctx, 2*time.Second)
	defer cancel()
	if _, _, err := a.m.Connect(tctx, fast); err != nil {
		t.Fatal(err)
	}
	if _, err := a.m.Status(tctx, slow); err != nil {
		t.Fatal(err) // Status never waits for a lifecycle call either
	}
	if _, err := a.m.Sessions(tctx); err != nil {
		t.Fatal(err)
	}
	close(gate)
	<-done
	if st := a.status(slow); st.Status != app.StateDisconnected || st.Reason != app.ReasonUserLogout {
		t.Fatalf("slow empresa after Disconnect: %+v", st)
	}
}

func TestUnknownEmpresaAndNotConnected(t *testing.T) {
	a, _ := fakeApp(t)
	ctx := context.Background()
	if _, _, err := a.m.Connect(ctx, 99); !app.IsCode(err, app.ENOTFOUND) {
		t.Errorf("Connect unknown: %v", err)
	}
	if _, err := a.m.Status(ctx, 99); !app.IsCode(err, app.ENOTFOUND) {
		t.Errorf("Status unknown: %v", err)
	}
	id := a.empresa("Loja")
	if _, err := a.m.Send(ctx, id, "5511987654321", "oi"); !app.IsCode(err, app.ENOTCONNECTED) {
		t.Errorf("Send not connected: %v", err)
	}
	if _, err := a.m.Send(ctx, id, "21987654", "oi"); !app.IsCode(err, app.EINVALID) {
		t.Errorf("Send to 8 digits: %v, want invalid", err)
	}
	if _, err := a.m.Send(ctx, id, "5511987654321", " "); !app.IsCode(err, app.EINVALID) {
		t.Errorf("Send of a blank text: %v, want invalid", err)
	}
	for _, bad := range []string{"", "123", "21987654", "55119876543210000", "5511a87654321", "5511987654321@s.whatsapp.net"} {
		if _, err := a.m.PairPhone(ctx, id, bad); !app.IsCode(err, app.EINVALID) {
			t.Errorf("PairPhone(%q): %v, want invalid", bad, err)
		}
	}
}

func TestBotAtivoShowsAtOnce(t *testing.T) {
	a, _ := fakeApp(t)
	ctx := context.Background()
	id := a.empresa("Loja")
	if !a.status(id).BotAtivo {
		t.Fatal("new empresa's bot should be on")
	}
	off := false
	if _, err := a.m.UpdateEmpresa(ctx, id, app.EmpresaUpdate{BotAtivo: &off}); err != nil {
		t.Fatal(err)
	}
	if a.status(id).BotAtivo {
		t.Fatal("toggle not shown in status")
	}
	list, _ := a.m.Sessions(ctx)
	if len(list) != 1 || list[0].BotAtivo {
		t.Fatalf("Sessions = %+v", list)
	}
}

// panicky is an inbound handler with a bug: it says it ran, then panics.
type panicky struct{ ran chan string }

func (p panicky) HandleInbound(ctx context.Context, msg app.InboundMessage) {
	p.ran <- msg.From
	panic("handler bug")
}

// A panic in one empresa's handling is logged; the process and the
// session carry on, and the next event is handled.
func TestPanicInHandlingIsContained(t *testing.T) {
	ft := newFake()
	cfg := fastConfig()
	cfg.Transport = ft
	var logs syncBuffer
	cfg.Logger = slogText(&logs)
	handler := panicky{ran: make(chan string, 1)}
	cfg.Inbound = handler
	a := startApp(t, t.TempDir(), cfg)
	id := a.empresa("Loja")
	ft.setPaired(id, true)
	ft.autoLogin = true
	a.m.Connect(context.Background(), id)
	a.waitState(id, app.StateConnected)
	c := ft.last(t, id)
	customer := types.NewJID("5511987654321", types.DefaultUserServer)
	c.emit(&events.Message{Info: types.MessageInfo{MessageSource: types.MessageSource{Chat: customer, Sender: customer}},
		Message: &waE2E.Message{Conversation: proto.String("oi")}})
	select {
	case from := <-handler.ran:
		if from != "5511987654321" {
			t.Fatalf("the handler got a message from %q", from)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("the panicking handler never ran: the test would prove nothing")
	}
	c.emit(&events.Disconnected{})
	a.waitState(id, app.StateReconnecting)
	if !strings.Contains(logs.String(), "handler bug") {
		t.Errorf("the panic was not logged:\n%s", logs.String())
	}
}

func TestDeleteEmpresaStopsSession(t *testing.T) {
	a, ft := fakeApp(t)
	ctx := context.Background()
	id := a.empresa("Loja")
	a.m.Connect(ctx, id)
	c := ft.last(t, id)
	s := a.m.existing(id)
	if err := a.m.DeleteEmpresa(ctx, id); err != nil {
		t.Fatal(err)
	}
	if !c.isClosed() {
		t.Fatal("client still open after DeleteEmpresa")
	}
	// A late event of the stopped client is dropped as it is posted (the
	// session is closed), so nothing of it can surface later.
	published := a.rec.count()
	c.emit(QRCode{Code: "late", Timeout: time.Second})
	s.mu.Lock()
	queued, running := len(s.queue), s.running
	s.mu.Unlock()
	if queued != 0 || running {
		t.Fatalf("a late event of a removed empresa was queued (%d, worker %v)", queued, running)
	}
	if n := a.rec.count(); n != published {
		t.Fatalf("a late event of a removed empresa published %d events", n-published)
	}
	if a.m.existing(id) != nil {
		t.Fatal("the removed empresa still has a session")
	}
	if _, err := a.m.Status(ctx, id); !app.IsCode(err, app.ENOTFOUND) {
		t.Fatalf("Status of removed empresa: %v", err)
	}
}

func TestNoGoroutinesLeftAfterShutdown(t *testing.T) {
	base := runtime.NumGoroutine()
	dir := t.TempDir()
	a := sandboxApp(t, dir, SandboxConfig{QRFirst: time.Hour, HealDelay: time.Hour, BanDuration: time.Hour})
	ctx := context.Background()
	sb, _ := a.m.Sandbox()
	var ids []int
	for i := 0; i < 6; i++ {
		ids = append(ids, a.empresa("Loja"))
	}
	for _, id := range ids {
		a.m.Connect(ctx, id)
		a.waitState(id, app.StateQR)
	}
	for _, id := range ids[1:] {
		if _, err := sb.Scan(ctx, id, ""); err != nil {
			t.Fatal(err)
		}
	}
	sb.Fault(ctx, ids[2], app.FaultDisconnect)     // heal timer pending
	sb.Fault(ctx, ids[3], app.FaultTemporaryBan)   // ban timer pending
	sb.Fault(ctx, ids[4], app.FaultStreamReplaced) // held
	sb.Inbound(ctx, ids[5], app.SandboxInbound{From: "5511987654321", Text: "oi", PushName: "João"})
	a.waitState(ids[3], app.StateBanned)
	a.stop()
	goroutinesBack(t, base)
}
