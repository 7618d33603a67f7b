package tenants

import (
	"context"
	"regexp"
	"strings"
	"testing"
	"time"

	"vendeai/app"
)

func sandboxApp(t testing.TB, dir string, sc SandboxConfig) *testApp {
	cfg := fastConfig()
	if sc.ConnectDelay == 0 {
		sc.ConnectDelay = time.Millisecond
	}
	cfg.Transport = NewSandbox(sc)
	return startApp(t, dir, cfg)
}

func TestSandboxQRCadenceEndsInTimeout(t *testing.T) {
	a := sandboxApp(t, t.TempDir(), SandboxConfig{QRFirst: 15 * time.Millisecond, QRNext: 5 * time.Millisecond})
	id := a.empresa("Loja")
	if _, started, err := a.m.Connect(context.Background(), id); err != nil || !started {
		t.Fatal(err)
	}
	st := a.waitState(id, app.StateDisconnected)
	if st.Reason != app.ReasonQRTimeout {
		t.Fatalf("after the codes ran out: %+v", st)
	}
	qrs := a.rec.of(id, app.EventQR)
	if len(qrs) != 6 {
		t.Fatalf("%d QR codes, want 6 (whatsmeow's cadence)", len(qrs))
	}
	for _, e := range qrs {
		q := e.Data.(app.QREvent)
		if !strings.HasPrefix(q.QR, "2@") || !strings.HasPrefix(q.QRImage, "data:image/png;base64,iVBOR") || q.ExpiresAt.IsZero() {
			t.Fatalf("QR event = %+v", q)
		}
	}
	if d := qrs[0].Data.(app.QREvent).ExpiresAt.Sub(qrs[1].Data.(app.QREvent).ExpiresAt); d > 0 {
		t.Errorf("second code expires before the first")
	}
}

func TestSandboxFullCycle(t *testing.T) {
	cfg := fastConfig()
	in := newInbox()
	cfg.Inbound = in
	cfg.Transport = NewSandbox(SandboxConfig{QRFirst: time.Hour, HealDelay: 10 * time.Millisecond, BanDuration: 30 * time.Millisecond, ConnectDelay: time.Millisecond})
	a := startApp(t, t.TempDir(), cfg)
	ctx := context.Background()
	sb, ok := a.m.Sandbox()
	if !ok {
		t.Fatal("no sandbox in sandbox mode")
	}
	id := a.empresa("Loja")
	if _, err := sb.Scan(ctx, id, ""); !app.IsCode(err, app.ENOTCONNECTED) {
		t.Fatalf("Scan before connect: %v", err)
	}
	a.m.Connect(ctx, id)
	a.waitState(id, app.StateQR)
	if _, err := sb.Scan(ctx, id, "12ab"); !app.IsCode(err, app.EINVALID) {
		t.Fatalf("Scan bad phone: %v", err)
	}
	st, err := sb.Scan(ctx, id, "5521999990001")
	if err != nil || st.Status != app.StateConnected || st.Phone != "5521999990001" || st.JID != "5521999990001:12@s.whatsapp.net" || st.PushName == "" {
		t.Fatalf("Scan = %+v, %v", st, err)
	}
	if _, err := sb.Scan(ctx, id, ""); !app.IsCode(err, app.ECONFLICT) {
		t.Fatalf("Scan when connected: %v", err)
	}

	// A customer writes: the message reaches the inbound handler as
	// whatsmeow would deliver it.
	if err := sb.Inbound(ctx, id, app.SandboxInbound{From: "+55 11 98765-4321", Text: "oi, tem Onix?", PushName: "João"}); err != nil {
		t.Fatal(err)
	}
	if m := in.wait(t); m.EmpresaID != id || m.From != "5511987654321" || m.Text != "oi, tem Onix?" || m.Kind != app.KindText ||
		m.PushName != "João" || m.FromMe || m.Ignored() || m.ID == "" || m.Chat != "5511987654321@s.whatsapp.net" {
		t.Fatalf("inbound message = %+v", m)
	}
	for _, bad := range []string{"abc", "21987654", "5511987654321000"} { // the one phone rule: 10 to 15 digits
		if err := sb.Inbound(ctx, id, app.SandboxInbound{From: bad, Text: "oi"}); !app.IsCode(err, app.EINVALID) {
			t.Fatalf("Inbound from %q: %v, want invalid", bad, err)
		}
	}
	if err := sb.Inbound(ctx, id, app.SandboxInbound{From: "5511987654321", Text: strings.Repeat("a", app.MaxTextLength+1)}); !app.IsCode(err, app.EINVALID) {
		t.Fatalf("Inbound over the text limit: %v, want invalid", err)
	}

	// The empresa answers.
	if from, err := a.m.Send(ctx, id, "5511987654321", "Temos sim!"); err != nil || from != "5521999990001" {
		t.Fatalf("Send = %q, %v; want the empresa's own number", from, err)
	}
	out, _ := sb.Outbox(ctx, id)
	if len(out) != 1 || out[0].To != "5511987654321" || out[0].Text != "Temos sim!" || out[0].Timestamp.IsZero() {
		t.Fatalf("outbox = %+v", out)
	}

	// A transient drop heals by itself.
	if err := sb.Fault(ctx, id, app.FaultDisconnect); err != nil {
		t.Fatal(err)
	}
	a.waitState(id, app.StateReconnecting)
	a.waitState(id, app.StateConnected)

	// A ban heals after its expiry.
	sb.Fault(ctx, id, app.FaultTemporaryBan)
	st = a.waitState(id, app.StateBanned)
	if st.BanExpiresAt == nil {
		t.Fatalf("banned without expiry: %+v", st)
	}
	a.waitState(id, app.StateConnected)

	// 440 stays replaced.
	sb.Fault(ctx, id, app.FaultStreamReplaced)
	a.waitState(id, app.StateReplaced)
	a.staysPut(id)
	if st := a.status(id); st.Status != app.StateReplaced {
		t.Fatalf("replaced session moved by itself to %s", st.Status)
	}
	if err := sb.Inbound(ctx, id, app.SandboxInbound{From: "5511987654321", Text: "oi"}); !app.IsCode(err, app.ENOTCONNECTED) {
		t.Fatalf("Inbound while replaced: %v", err)
	}
	// The owner reconnects: saved credentials, no QR.
	if _, err := a.m.Reconnect(ctx, id, false); err != nil {
		t.Fatal(err)
	}
	a.waitState(id, app.StateConnected)

	// Outdated client.
	sb.Fault(ctx, id, app.FaultClientOutdated)
	a.waitState(id, app.StateOutdated)
	a.m.Connect(ctx, id)
	a.waitState(id, app.StateConnected)

	// Logged out from the phone: credentials gone, a new QR on the next connect.
	sb.Fault(ctx, id, app.FaultLoggedOut)
	st = a.waitState(id, app.StateLoggedOut)
	if st.LoggedIn || st.Phone != "" {
		t.Fatalf("logged out = %+v", st)
	}
	db, _ := a.m.folderDB(ctx, id)
	if _, ok, _ := db.SandboxDevice(ctx); ok {
		t.Fatal("sandbox device kept after a logout")
	}
	a.m.Connect(ctx, id)
	a.waitState(id, app.StateQR)

	if err := sb.Fault(ctx, id, "meteor"); !app.IsCode(err, app.EINVALID) {
		t.Fatalf("unknown fault: %v", err)
	}
}

func TestSandboxReconnectFreshAndPairPhone(t *testing.T) {
	a := sandboxApp(t, t.TempDir(), SandboxConfig{QRFirst: time.Hour})
	ctx := context.Background()
	sb, _ := a.m.Sandbox()
	id := a.empresa("Loja")

	// Pairing by code starts the session where needed; the number may be
	// typed as people write it.
	code, err := a.m.PairPhone(ctx, id, "+55 (21) 99999-9999")
	if err != nil || !regexp.MustCompile(`^[0-9A-Z]{4}-[0-9A-Z]{4}$`).MatchString(code) {
		t.Fatalf("PairPhone = %q, %v", code, err)
	}
	if evs := a.rec.of(id, app.EventPairCode); len(evs) != 1 || evs[0].Data.(app.PairCodeEvent).Code != code || evs[0].Data.(app.PairCodeEvent).Phone != "5521999999999" {
		t.Fatalf("pair_code events = %+v", evs)
	}
	st, err := sb.Scan(ctx, id, "")
	if err != nil || st.Phone != "5521999999999" {
		t.Fatalf("Scan after pair code = %+v %v", st, err)
	}
	if _, err := a.m.PairPhone(ctx, id, "5521999999999"); !app.IsCode(err, app.ECONFLICT) {
		t.Fatalf("PairPhone when connected: %v", err)
	}

	// fresh: logs out first, always a new QR.
	st, err = a.m.Reconnect(ctx, id, true)
	if err != nil || st.LoggedIn {
		t.Fatalf("Reconnect fresh = %+v %v", st, err)
	}
	a.waitState(id, app.StateQR)

	// Disconnect: logged out, credentials forgotten.
	sb.Scan(ctx, id, "")
	st, err = a.m.Disconnect(ctx, id)
	if err != nil || st.Status != app.StateDisconnected || st.Reason != app.ReasonUserLogout || st.LoggedIn {
		t.Fatalf("Disconnect = %+v %v", st, err)
	}
	db, _ := a.m.folderDB(ctx, id)
	if ok, _ := a.m.transport.Paired(ctx, db); ok {
		t.Fatal("credentials kept after Disconnect")
	}
	if _, err := a.m.Send(ctx, id, "5511987654321", "oi"); !app.IsCode(err, app.ENOTCONNECTED) {
		t.Fatalf("Send after Disconnect: %v", err)
	}
	list, _ := a.m.Sessions(ctx)
	stats := app.NewSessionStats(list)
	if stats["total"] != 1 || stats["disconnected"] != 1 || stats["connected"] != 0 {
		t.Fatalf("stats = %v", stats)
	}
}

func TestNoSandboxOutsideSandboxMode(t *testing.T) {
	a, _ := fakeApp(t)
	if _, ok := a.m.Sandbox(); ok {
		t.Fatal("sandbox exposed with another transport")
	}
}

// TestPairPhoneNeverUnlinksASavedDevice: a paired empresa, even one whose
// session is down, must be disconnected explicitly before pairing by code.
func TestPairPhoneNeverUnlinksASavedDevice(t *testing.T) {
	a := sandboxApp(t, t.TempDir(), SandboxConfig{QRFirst: time.Hour})
	ctx := context.Background()
	sb, _ := a.m.Sandbox()
	id := a.empresa("Loja")
	a.m.Connect(ctx, id)
	a.waitState(id, app.StateQR)
	if _, err := sb.Scan(ctx, id, "5521999990001"); err != nil {
		t.Fatal(err)
	}
	if err := sb.Fault(ctx, id, app.FaultStreamReplaced); err != nil {
		t.Fatal(err)
	}
	a.waitState(id, app.StateReplaced)
	if _, err := a.m.PairPhone(ctx, id, "5521988887777"); !app.IsCode(err, app.ECONFLICT) {
		t.Fatalf("pair-phone on a paired, replaced session: %v, want conflict", err)
	}
	if st := a.status(id); !st.LoggedIn {
		t.Errorf("the saved device was unlinked: %+v", st)
	}
}
