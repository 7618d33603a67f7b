package tenants

import (
	"context"
	"errors"
	"net"
	"net/http"
	"runtime"
	"strings"
	"sync"
	"testing"

	"go.mau.fi/whatsmeow/proto/waAdv"
	"go.mau.fi/whatsmeow/types"

	"vendeai/app"
	"vendeai/storage/sqlite"
)

// offlineDialer is the network of a machine without one: every dial fails
// at once, on the loopback side, and is counted with where it was going.
// The whatsmeow tests use it, so none ever reaches WhatsApp's servers.
type offlineDialer struct {
	mu    sync.Mutex
	addrs []string
}

func (d *offlineDialer) dial(ctx context.Context, network, addr string) (net.Conn, error) {
	d.mu.Lock()
	d.addrs = append(d.addrs, addr)
	d.mu.Unlock()
	return nil, &net.OpError{Op: "dial", Net: network, Err: errors.New("sem rede (teste)")}
}

func (d *offlineDialer) dialed() []string {
	d.mu.Lock()
	defer d.mu.Unlock()
	return append([]string(nil), d.addrs...)
}

// offlineWhatsmeow is the real whatsmeow transport over offlineDialer.
func offlineWhatsmeow() (*Whatsmeow, *offlineDialer) {
	d := &offlineDialer{}
	return NewWhatsmeow(WhatsmeowConfig{HTTPClient: &http.Client{Transport: &http.Transport{
		Proxy: nil, DialContext: d.dial, DialTLSContext: d.dial}}}), d
}

// The real adapter: device tables in empresa.db, and a connect without
// network ends in error with lastError while everything else keeps going.
func TestWhatsmeowOfflineConnect(t *testing.T) {
	base := runtime.NumGoroutine()
	ctx := context.Background()
	cfg := fastConfig()
	var dialer *offlineDialer
	cfg.Transport, dialer = offlineWhatsmeow()
	a := startApp(t, t.TempDir(), cfg)
	id := a.empresa("Loja real")
	db, err := a.m.folderDB(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	for _, table := range []string{"whatsmeow_device", "whatsmeow_sessions", "whatsmeow_identity_keys"} {
		var n int
		if err := db.SQL().QueryRow(`SELECT COUNT(*) FROM sqlite_master WHERE type='table' AND name=?`, table).Scan(&n); err != nil || n != 1 {
			t.Fatalf("table %s missing from empresa.db (%v)", table, err)
		}
	}
	if ok, err := a.m.transport.Paired(ctx, db); err != nil || ok {
		t.Fatalf("new empresa paired=%v err=%v", ok, err)
	}

	// Unpaired, offline: error, not retried.
	if _, _, err := a.m.Connect(ctx, id); err != nil {
		t.Fatal(err)
	}
	st := a.waitState(id, app.StateError)
	if !strings.Contains(st.LastError, "sem rede (teste)") || st.Reason != app.ReasonConnectFailed {
		t.Fatalf("offline status = %+v", st)
	}
	// The client did try WhatsApp, and only our dialer answered.
	if got := dialer.dialed(); len(got) != 1 || got[0] != "web.whatsapp.com:443" {
		t.Fatalf("dials %v, want one to web.whatsapp.com:443", got)
	}
	a.staysPut(id)
	if st := a.status(id); st.Status != app.StateError || strings.Contains(st.LastError, "nova tentativa") {
		t.Fatalf("unpaired offline session retried: %+v", st)
	}

	// Paired (a device with an identity in empresa.db), offline: error and
	// retried with the backoff.
	paired := a.empresa("Loja pareada")
	pdb, _ := a.m.folderDB(ctx, paired)
	pairDevice(t, pdb, "5521999990001")
	if ok, _ := a.m.transport.Paired(ctx, pdb); !ok {
		t.Fatal("device with an ID not seen as paired")
	}
	a.m.Connect(ctx, paired)
	st = a.waitState(paired, app.StateError)
	if !strings.Contains(st.LastError, "nova tentativa") || !st.LoggedIn || st.Phone != "5521999990001" {
		t.Fatalf("paired offline status = %+v", st)
	}
	a.waitState(paired, app.StateConnecting) // the retry
	a.waitState(paired, app.StateError)

	// The process is healthy: other calls answer.
	if _, err := a.m.Sessions(ctx); err != nil {
		t.Fatal(err)
	}
	// Disconnect forgets the credentials even offline.
	if _, err := a.m.Disconnect(ctx, paired); err != nil {
		t.Fatal(err)
	}
	if ok, _ := a.m.transport.Paired(ctx, pdb); ok {
		t.Fatal("credentials kept after an offline Disconnect")
	}
	a.stop()
	goroutinesBack(t, base)
	// Every connection attempt, the retries included, went to the dialer.
	got := dialer.dialed()
	if len(got) < 3 {
		t.Errorf("%d dials, want the unpaired one and at least two of the paired", len(got))
	}
	for _, addr := range got {
		if addr != "web.whatsapp.com:443" {
			t.Errorf("dialed %s", addr)
		}
	}
}

func TestWALoggerJoinsModules(t *testing.T) {
	var buf strings.Builder
	l := NewWALogger(slogText(&buf), "").Sub("Client").Sub("Socket")
	l.Warnf("queda %d", 1)
	l.Debugf("Emitting QR code %s", "2@secret")
	out := buf.String()
	if !strings.Contains(out, "module=Client/Socket") || !strings.Contains(out, "queda 1") {
		t.Fatalf("log = %q", out)
	}
	if strings.Count(out, "module=") != 1 || strings.Contains(out, "2@secret") {
		t.Fatalf("module repeated or QR logged: %q", out)
	}
}

// pairDevice stores a whatsmeow device with an identity for phone in db,
// as a finished pairing leaves it.
func pairDevice(t testing.TB, db *sqlite.DB, phone string) {
	t.Helper()
	c := db.DeviceContainer(nil)
	dev := c.NewDevice()
	jid := types.JID{User: phone, Device: 12, Server: types.DefaultUserServer}
	dev.ID = &jid
	dev.PushName = "Loja"
	dev.Account = &waAdv.ADVSignedDeviceIdentity{Details: []byte{1}, AccountSignature: make([]byte, 64),
		AccountSignatureKey: make([]byte, 32), DeviceSignature: make([]byte, 64)}
	if err := c.PutDevice(context.Background(), dev); err != nil {
		t.Fatal(err)
	}
}
