package tenants

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"

	"go.mau.fi/whatsmeow/types/events"

	"vendeai/app"
	"vendeai/storage/bolt"
	"vendeai/storage/sqlite"
)

// recorder is a Publisher that keeps every event.
type recorder struct {
	mu     sync.Mutex
	events []app.Event
}

func (r *recorder) Publish(e app.Event) {
	r.mu.Lock()
	r.events = append(r.events, e)
	r.mu.Unlock()
}

func (r *recorder) count() int {
	r.mu.Lock()
	defer r.mu.Unlock()
	return len(r.events)
}

func (r *recorder) of(id int, typ string) []app.Event {
	r.mu.Lock()
	defer r.mu.Unlock()
	var out []app.Event
	for _, e := range r.events {
		if e.EmpresaID == id && e.Type == typ {
			out = append(out, e)
		}
	}
	return out
}

// inbox is an InboundHandler that keeps every message the sessions deliver.
type inbox struct {
	mu   sync.Mutex
	msgs []app.InboundMessage
	got  chan struct{} // signalled on every message
}

func newInbox() *inbox { return &inbox{got: make(chan struct{}, 1024)} }

func (b *inbox) HandleInbound(ctx context.Context, msg app.InboundMessage) {
	b.mu.Lock()
	b.msgs = append(b.msgs, msg)
	b.mu.Unlock()
	b.got <- struct{}{}
}

// wait waits (bounded) for the next message delivered.
func (b *inbox) wait(t testing.TB) app.InboundMessage {
	t.Helper()
	select {
	case <-b.got:
	case <-time.After(5 * time.Second):
		t.Fatal("no inbound message delivered")
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.msgs[len(b.msgs)-1]
}

// testApp is one run of the appliance on a data dir: a real bbolt registry
// and real tenant SQLite files.
type testApp struct {
	t   testing.TB
	dir string
	reg *bolt.DB
	m   *Manager
	rec *recorder
}

func fastConfig() Config {
	return Config{
		Backoff:         Backoff{Base: 5 * time.Millisecond, Max: 40 * time.Millisecond},
		ReconnectJitter: time.Millisecond,
	}
}

// startApp opens the registry and the Manager on dir; cfg's Transport and
// tuning are kept. Closed with the test (idempotent with stop).
func startApp(t testing.TB, dir string, cfg Config) *testApp {
	t.Helper()
	reg, err := bolt.Open(filepath.Join(dir, bolt.FileName), time.Second)
	if err != nil {
		t.Fatal(err)
	}
	rec := &recorder{}
	cfg.DataDir, cfg.Registry, cfg.Publisher = dir, reg, rec
	m := New(cfg)
	if err := m.Open(context.Background()); err != nil {
		t.Fatal(err)
	}
	a := &testApp{t: t, dir: dir, reg: reg, m: m, rec: rec}
	t.Cleanup(a.stop)
	return a
}

// stop shuts the whole app down in order: sessions, tenant DBs, registry.
func (a *testApp) stop() {
	if a.m == nil {
		return
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := a.m.Shutdown(ctx); err != nil {
		a.t.Errorf("Shutdown: %v", err)
	}
	a.m.Close()
	a.reg.Close()
	a.m = nil
}

func (a *testApp) empresa(nome string) int {
	a.t.Helper()
	e, _, err := a.m.CreateEmpresa(context.Background(), app.NewEmpresa{Nome: nome})
	if err != nil {
		a.t.Fatal(err)
	}
	return e.ID
}

// waitState waits (bounded) for empresa id's session to reach want.
func (a *testApp) waitState(id int, want app.SessionState) app.SessionStatus {
	a.t.Helper()
	s, _, err := a.m.session(context.Background(), id)
	if err != nil {
		a.t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	st, err := s.waitFor(ctx, func(st app.SessionState) bool { return st == want })
	if err != nil {
		a.t.Fatalf("empresa %d: state %s (reason %q, lastError %q), want %s", id, st.Status, st.Reason, st.LastError, want)
	}
	got, _ := a.m.Status(context.Background(), id)
	return got
}

// waitUntil waits (bounded) until ok accepts empresa id's status.
func (a *testApp) waitUntil(id int, what string, ok func(app.SessionStatus) bool) app.SessionStatus {
	a.t.Helper()
	s, _, err := a.m.session(context.Background(), id)
	if err != nil {
		a.t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	st, err := s.waitUntil(ctx, ok)
	if err != nil {
		a.t.Fatalf("empresa %d: %s never happened; status %+v", id, what, st)
	}
	return st
}

func (a *testApp) status(id int) app.SessionStatus {
	a.t.Helper()
	st, err := a.m.Status(context.Background(), id)
	if err != nil {
		a.t.Fatal(err)
	}
	return st
}

// staysPut shows that empresa id's session will do nothing more by itself:
// every event already queued has been handled (flush) and no backoff or
// ban timer is pending, so no event can come from the session's side. (A
// client the test drives may still emit; the caller asserts its count.)
func (a *testApp) staysPut(id int) {
	a.t.Helper()
	s := a.m.existing(id)
	if s == nil {
		a.t.Fatalf("empresa %d has no session", id)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := s.flush(ctx); err != nil {
		a.t.Fatalf("empresa %d: events not handled: %v", id, err)
	}
	if s.retryPending() {
		a.t.Fatalf("empresa %d: a retry is scheduled: %+v", id, s.snapshot())
	}
}

// --- scripted fake transport ---

type fakeTransport struct {
	mu         sync.Mutex
	paired     map[int]bool
	clients    map[int][]*fakeClient
	connectErr map[int][]error // popped per Connect
	logoutGate chan struct{}   // when set, Logout waits for it
	forgets    map[int]int
	// autoLogin: a paired client announces Connected as soon as it connects.
	autoLogin bool
}

func newFake() *fakeTransport {
	return &fakeTransport{paired: map[int]bool{}, clients: map[int][]*fakeClient{},
		connectErr: map[int][]error{}, forgets: map[int]int{}}
}

func (f *fakeTransport) NewClient(ctx context.Context, cfg ClientConfig) (Client, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	c := &fakeClient{f: f, cfg: cfg, paired: f.paired[cfg.EmpresaID]}
	f.clients[cfg.EmpresaID] = append(f.clients[cfg.EmpresaID], c)
	return c, nil
}

// empresaOf reads which empresa a device store belongs to (the fake keys
// its credentials by empresa).
func empresaOf(ctx context.Context, store app.DeviceStore) (*app.Empresa, error) {
	return store.(*sqlite.DB).LoadEmpresa(ctx)
}

func (f *fakeTransport) Paired(ctx context.Context, store app.DeviceStore) (bool, error) {
	e, err := empresaOf(ctx, store)
	if err != nil {
		return false, err
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.paired[e.ID], nil
}

func (f *fakeTransport) Forget(ctx context.Context, store app.DeviceStore) error {
	e, err := empresaOf(ctx, store)
	if err != nil {
		return err
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	f.paired[e.ID] = false
	f.forgets[e.ID]++
	return nil
}

func (f *fakeTransport) setPaired(id int, v bool) {
	f.mu.Lock()
	f.paired[id] = v
	f.mu.Unlock()
}

func (f *fakeTransport) failConnects(id int, errs ...error) {
	f.mu.Lock()
	f.connectErr[id] = append(f.connectErr[id], errs...)
	f.mu.Unlock()
}

func (f *fakeTransport) count(id int) int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return len(f.clients[id])
}

func (f *fakeTransport) last(t testing.TB, id int) *fakeClient {
	t.Helper()
	f.mu.Lock()
	defer f.mu.Unlock()
	list := f.clients[id]
	if len(list) == 0 {
		t.Fatalf("empresa %d has no client", id)
	}
	return list[len(list)-1]
}

type fakeClient struct {
	f      *fakeTransport
	cfg    ClientConfig
	mu     sync.Mutex
	paired bool
	closed bool
}

func (c *fakeClient) emit(evt any) { c.cfg.Events(evt) }

func (c *fakeClient) IsPaired() bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.paired
}

func (c *fakeClient) Self() (string, string) {
	if !c.IsPaired() {
		return "", ""
	}
	return fmt.Sprintf("55219999%05d:12@s.whatsapp.net", c.cfg.EmpresaID), "Loja Fake"
}

func (c *fakeClient) Connect(ctx context.Context) error {
	c.f.mu.Lock()
	var err error
	if errs := c.f.connectErr[c.cfg.EmpresaID]; len(errs) > 0 {
		err, c.f.connectErr[c.cfg.EmpresaID] = errs[0], errs[1:]
	}
	auto := c.f.autoLogin
	c.f.mu.Unlock()
	if err == nil && auto && c.IsPaired() {
		c.emit(&events.Connected{})
	}
	return err
}

func (c *fakeClient) Logout(ctx context.Context) error {
	c.f.mu.Lock()
	gate := c.f.logoutGate
	c.f.mu.Unlock()
	if gate != nil {
		<-gate
	}
	c.mu.Lock()
	c.paired = false
	c.mu.Unlock()
	c.f.setPaired(c.cfg.EmpresaID, false)
	return errors.New("offline")
}

func (c *fakeClient) Close() {
	c.mu.Lock()
	c.closed = true
	c.mu.Unlock()
}

func (c *fakeClient) isClosed() bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.closed
}

func (c *fakeClient) PairPhone(ctx context.Context, phone string) (string, error) {
	return "ABCD-EFGH", nil
}
func (c *fakeClient) Send(ctx context.Context, to, text string) error            { return nil }
func (c *fakeClient) MarkRead(ctx context.Context, msg app.InboundMessage) error { return nil }
func (c *fakeClient) Typing(ctx context.Context, to string) error                { return nil }
func (c *fakeClient) IsOnWhatsApp(ctx context.Context, phones []string) (string, error) {
	return phones[0], nil
}

// --- goroutine leak check ---

// goroutinesBack waits (bounded) for the goroutine count to come back to
// base and reports the stacks of any left.
func goroutinesBack(t *testing.T, base int) {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for {
		n := runtime.NumGoroutine()
		if n <= base {
			return
		}
		if time.Now().After(deadline) {
			buf := make([]byte, 1<<20)
			buf = buf[:runtime.Stack(buf, true)]
			var ours []string
			for _, g := range strings.Split(string(buf), "\n\n") {
				if strings.Contains(g, "vendeai/") || strings.Contains(g, "whatsmeow") {
					ours = append(ours, g)
				}
			}
			t.Fatalf("%d goroutines left after Shutdown (before: %d):\n%s", n, base, strings.Join(ours, "\n\n"))
		}
		time.Sleep(20 * time.Millisecond)
	}
}

func eventsConnectedPtr() *events.Connected { return &events.Connected{} }

func slogText(w io.Writer) *slog.Logger {
	return slog.New(slog.NewTextHandler(w, &slog.HandlerOptions{Level: slog.LevelDebug}))
}
