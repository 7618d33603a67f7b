package webhooks_test

import (
	"bytes"
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"vendeai/app"
	"vendeai/storage/bolt"
	"vendeai/tenants"
	"vendeai/webhooks"
)

const segredo = "s3gredo-de-teste-bem-longo"

var (
	ctx      = context.Background()
	adminCtx = app.NewContextWithPrincipal(ctx, app.Principal{Admin: true})
)

func empresaCtx(id int) context.Context {
	return app.NewContextWithPrincipal(ctx, app.Principal{EmpresaID: id})
}

// fixture is the worker over real storage: a bbolt registry and the tenant
// SQLite files of the real tenants manager, in a temp dir.
type fixture struct {
	t       testing.TB
	dir     string
	reg     *bolt.DB
	tenants *tenants.Manager
	svc     *webhooks.Service
	cfg     webhooks.Config
	logs    *syncBuffer
	// attempts gets the result of every attempt, once it is recorded.
	attempts chan string
	clock    *clock
}

// relay hands the tenants' hooks to whatever service the fixture runs now.
type relay struct{ f *fixture }

func (r relay) GlobalWants(typ string) bool     { return r.f.svc.GlobalWants(typ) }
func (r relay) Recorded(id int, destino string) { r.f.svc.Recorded(id, destino) }
func (r relay) Publish(ev app.Event)            { r.f.svc.Publish(ev) }

func newFixture(t testing.TB, tune func(*webhooks.Config)) *fixture {
	t.Helper()
	f := &fixture{t: t, dir: t.TempDir(), logs: &syncBuffer{}, attempts: make(chan string, 1000), clock: &clock{}}
	reg, err := bolt.Open(filepath.Join(f.dir, bolt.FileName), time.Second)
	if err != nil {
		t.Fatal(err)
	}
	f.reg = reg
	f.tenants = tenants.New(tenants.Config{DataDir: f.dir, Registry: reg, Publisher: relay{f}, OutboxHooks: relay{f},
		Transport: tenants.NewSandbox(tenants.SandboxConfig{})})
	if err := f.tenants.Open(ctx); err != nil {
		t.Fatal(err)
	}
	f.cfg = webhooks.Config{
		Outboxes: f.tenants, Empresas: f.tenants, Global: reg,
		Backoff: 5 * time.Millisecond, Timeout: 2 * time.Second, Version: "teste",
		Logger:  slog.New(slog.NewTextHandler(f.logs, &slog.HandlerOptions{Level: slog.LevelDebug})),
		Observe: func(result string, _ time.Duration) { f.attempts <- result },
		Now:     f.clock.Now,
	}
	if tune != nil {
		tune(&f.cfg)
	}
	f.start()
	t.Cleanup(f.close)
	return f
}

// start runs a new service on the same data (a restart).
func (f *fixture) start() {
	f.t.Helper()
	f.svc = webhooks.New(f.cfg)
	if err := f.svc.LoadGlobal(ctx); err != nil {
		f.t.Fatal(err)
	}
	f.svc.Start()
}

func (f *fixture) close() {
	if f.svc != nil {
		f.svc.Close()
	}
	f.tenants.Close()
	f.reg.Close()
	// Nothing of a secret or a signature ever reaches the log.
	if logs := f.logs.String(); strings.Contains(logs, segredo) || strings.Contains(logs, "v1=") {
		f.t.Errorf("the log shows a secret or a signature:\n%s", logs)
	}
}

func (f *fixture) empresa(nome string) int {
	f.t.Helper()
	e, _, err := f.tenants.CreateEmpresa(ctx, app.NewEmpresa{Nome: nome})
	if err != nil {
		f.t.Fatal(err)
	}
	return e.ID
}

func (f *fixture) setWebhook(id int, url string, eventos ...string) {
	f.t.Helper()
	s := segredo
	in := app.WebhookInput{URL: url, Segredo: &s}
	if len(eventos) > 0 {
		in.Eventos = eventos
	}
	if _, err := f.svc.SetWebhook(adminCtx, id, in); err != nil {
		f.t.Fatal(err)
	}
}

func (f *fixture) setGlobal(url string, eventos ...string) {
	f.t.Helper()
	s := segredo
	in := app.WebhookInput{URL: url, Segredo: &s}
	if len(eventos) > 0 {
		in.Eventos = eventos
	}
	if _, err := f.svc.SetGlobalWebhook(adminCtx, in); err != nil {
		f.t.Fatal(err)
	}
}

// message stores a customer's message of empresa id the way the pipeline
// does: the message and its event in one write.
func (f *fixture) message(id int, text string) app.Event {
	f.t.Helper()
	leads, err := f.tenants.LeadStore(ctx, id)
	if err != nil {
		f.t.Fatal(err)
	}
	m := &app.Message{Phone: "5511987654321", Direction: app.DirectionIn, Author: "cliente", Kind: app.KindText, Text: text, Timestamp: time.Now().UTC()}
	ev := app.Event{Type: app.EventMessage, EmpresaID: id, Data: app.MessageEvent{Direction: "in", From: m.Phone, Text: text, Timestamp: m.Timestamp}}
	if err := leads.SaveMessage(ctx, m, "João", ev); err != nil {
		f.t.Fatal(err)
	}
	return ev
}

// waitAttempts waits for n recorded attempts and returns their results.
func (f *fixture) waitAttempts(n int) []string {
	f.t.Helper()
	var got []string
	for len(got) < n {
		select {
		case r := <-f.attempts:
			got = append(got, r)
		case <-time.After(10 * time.Second):
			f.t.Fatalf("waited for %d attempts, saw %v", n, got)
		}
	}
	return got
}

func (f *fixture) deliveries(id int, filter app.DeliveryFilter) []*app.Delivery {
	f.t.Helper()
	list, _, err := f.svc.Deliveries(adminCtx, id, filter)
	if err != nil {
		f.t.Fatal(err)
	}
	return list
}

// request is one delivery as a receiver saw it.
type request struct {
	header http.Header
	body   []byte
}

// receiver is a real HTTP server on loopback that answers with the next
// status of its script (the last one repeats) and hands every request over.
type receiver struct {
	*httptest.Server
	got chan request

	mu     sync.Mutex
	script []int
}

func newReceiver(t testing.TB, script ...int) *receiver {
	r := &receiver{got: make(chan request, 1000), script: script}
	r.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		body, _ := io.ReadAll(req.Body)
		r.got <- request{header: req.Header.Clone(), body: body}
		w.WriteHeader(r.next())
	}))
	t.Cleanup(r.Close)
	return r
}

func (r *receiver) next() int {
	r.mu.Lock()
	defer r.mu.Unlock()
	if len(r.script) == 0 {
		return http.StatusOK
	}
	code := r.script[0]
	if len(r.script) > 1 {
		r.script = r.script[1:]
	}
	return code
}

func (r *receiver) answer(codes ...int) {
	r.mu.Lock()
	r.script = codes
	r.mu.Unlock()
}

func (r *receiver) wait(t testing.TB) request {
	t.Helper()
	select {
	case req := <-r.got:
		return req
	case <-time.After(10 * time.Second):
		t.Fatal("the receiver got nothing")
	}
	return request{}
}

// verify checks a delivery's signature as a CRM would (written apart from
// the package's Sign, so the two cannot agree on a mistake): the HMAC of
// "<t>.<body>" and a t no older than five minutes.
func verify(secret string, h http.Header, body []byte, now time.Time) error {
	var ts, sig string
	for _, part := range strings.Split(h.Get("X-VendeAI-Assinatura"), ",") {
		k, v, _ := strings.Cut(part, "=")
		switch k {
		case "t":
			ts = v
		case "v1":
			sig = v
		}
	}
	t, err := strconv.ParseInt(ts, 10, 64)
	if err != nil {
		return fmt.Errorf("no t: %q", h.Get("X-VendeAI-Assinatura"))
	}
	if now.Sub(time.Unix(t, 0)) > 5*time.Minute {
		return fmt.Errorf("t too old")
	}
	mac := hmac.New(sha256.New, []byte(secret))
	fmt.Fprintf(mac, "%d.", t)
	mac.Write(body)
	want := hex.EncodeToString(mac.Sum(nil))
	if !hmac.Equal([]byte(want), []byte(sig)) {
		return fmt.Errorf("signature mismatch")
	}
	return nil
}

// clock is a clock the test moves; zero means the real time.
type clock struct {
	mu  sync.Mutex
	now time.Time
}

func (c *clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.now.IsZero() {
		return time.Now()
	}
	return c.now
}

func (c *clock) set(t time.Time) {
	c.mu.Lock()
	c.now = t
	c.mu.Unlock()
}

type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// setWebhookRaw changes empresa id's webhook in its outbox directly, as
// when no service runs.
func (f *fixture) setWebhookRaw(id int, url string) {
	f.t.Helper()
	outbox, err := f.tenants.WebhookOutbox(ctx, id)
	if err != nil {
		f.t.Fatal(err)
	}
	w := &app.Webhook{URL: url, Segredo: segredo, Eventos: app.DefaultWebhookEvents, Ativo: true, ByAdmin: true, AtualizadoEm: time.Now()}
	if err := outbox.SaveWebhook(ctx, w); err != nil {
		f.t.Fatal(err)
	}
}

func httptestServer(t testing.TB, h http.Handler) *httptest.Server {
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	return srv
}
