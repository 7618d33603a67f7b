package main

// The panel's browser tests: the whole appliance in sandbox mode on a real
// loopback listener, driven by Debian's Chromium through chromedp at 360 px
// wide. They live here because only cmd/vendeai wires everything.

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"
)

// chromiumPath finds the browser: Debian's package "chromium". On CI a
// missing browser fails the run; elsewhere the browser tests skip.
func chromiumPath(t testing.TB) string {
	t.Helper()
	for _, p := range []string{os.Getenv("VENDEAI_CHROMIUM"), "/usr/bin/chromium", "/usr/bin/chromium-browser"} {
		if p == "" {
			continue
		}
		if _, err := exec.LookPath(p); err == nil {
			return p
		}
	}
	if os.Getenv("CI") == "true" {
		t.Fatal("Chromium não encontrado: instale o pacote Debian \"chromium\" (apt-get install -y chromium); .ci/run o instala")
	}
	t.Skip("testes do painel no navegador pulados: instale o pacote Debian \"chromium\" (apt-get install -y chromium)")
	return ""
}

// panel is one test's appliance and browser tab.
type panel struct {
	t      testing.TB
	m      *Main
	base   string // http://127.0.0.1:port
	admin  string // the admin token
	ctx    context.Context
	mu     sync.Mutex
	errors []string          // uncaught exceptions and console errors
	shots  map[string][]byte // 360 px screenshots by screen, written when the test fails
	order  []string
}

const viewportWidth, viewportHeight = 360, 780

// newPanel starts the appliance in sandbox mode and a headless Chromium
// with a fresh profile, 360 px wide.
func newPanel(t testing.TB) *panel {
	t.Helper()
	chromiumPath(t)
	dir := t.TempDir()
	cfg, err := parseServeFlags([]string{"-addr", "127.0.0.1:0", "-data", filepath.Join(dir, "data"),
		"-whatsapp", "sandbox", "-sandbox-qr-seconds", "60"}, func(string) string { return "" }, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	m := NewMain(cfg, slog.New(slog.DiscardHandler))
	if err := m.Run(context.Background()); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { m.Close() })
	raw, err := os.ReadFile(filepath.Join(cfg.DataDir, "admin.token"))
	if err != nil {
		t.Fatal(err)
	}
	return newPanelBrowser(t, m, strings.TrimSpace(string(raw)))
}

// newPanelBrowser opens a headless Chromium with a fresh profile on the
// running appliance m.
func newPanelBrowser(t testing.TB, m *Main, admin string) *panel {
	t.Helper()
	exe := chromiumPath(t)
	dir := t.TempDir()
	p := &panel{t: t, m: m, base: "http://" + m.Addr(), admin: admin, shots: map[string][]byte{}}

	alloc, cancelAlloc := chromedp.NewExecAllocator(context.Background(),
		chromedp.ExecPath(exe),
		chromedp.UserDataDir(filepath.Join(dir, "chromium")),
		chromedp.Flag("headless", true),
		chromedp.Flag("no-sandbox", true),
		chromedp.Flag("disable-gpu", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("no-first-run", true),
		chromedp.Flag("disable-dev-shm-usage", true),
		chromedp.WindowSize(viewportWidth, viewportHeight),
	)
	ctx, cancelTab := chromedp.NewContext(alloc)
	p.ctx = ctx
	t.Cleanup(func() {
		if t.Failed() || os.Getenv("VENDEAI_PANEL_SHOTS") != "" {
			p.saveShots()
		}
		cancelTab()
		cancelAlloc()
	})
	p.must(chromedp.EmulateViewport(viewportWidth, viewportHeight))
	messages := chromedp.Console(ctx)
	go func() {
		for msg, err := range messages {
			if err != nil {
				return
			}
			// Uncaught exceptions, console.error calls and CSP refusals;
			// the browser's own note of a 4xx answer is not a page error.
			if msg.IsException() || (msg.Type == chromedp.ConsoleError && msg.Source != "network") {
				p.mu.Lock()
				p.errors = append(p.errors, fmt.Sprintf("%s: %s (%s:%d)", msg.Type, msg.Text, msg.URL, msg.Line))
				p.mu.Unlock()
			}
		}
	}()
	return p
}

func (p *panel) must(a chromedp.Action[chromedp.Void]) {
	p.t.Helper()
	if err := chromedp.Do(p.ctx, a); err != nil {
		p.t.Fatalf("navegador: %v", err)
	}
}

// open goes to a panel address and waits for the screen's mark.
func (p *panel) open(path, ready string) {
	p.t.Helper()
	p.must(chromedp.Navigate(p.base + path))
	p.wait(ready)
}

// waitLimit bounds every wait for something that does happen: generous,
// because a loaded CI machine may take seconds to start a hundred sessions,
// and it only delays a test that fails anyway.
const waitLimit = 30 * time.Second

// wait waits (up to waitLimit) for a JavaScript condition.
func (p *panel) wait(cond string) {
	p.t.Helper()
	ctx, cancel := context.WithTimeout(p.ctx, waitLimit)
	defer cancel()
	if _, err := chromedp.Run(ctx, chromedp.Poll[bool](cond, chromedp.WithPollingTimeout(waitLimit))); err != nil {
		p.screen("espera-falhou")
		p.t.Fatalf("esperando %s: %v\ntexto da página: %s", cond, err, p.text("body"))
	}
}

// waitText waits for an element matching sel whose text contains want.
func (p *panel) waitText(sel, want string) {
	p.t.Helper()
	p.wait(fmt.Sprintf(`[...document.querySelectorAll(%q)].some(e => e.textContent.includes(%q))`, sel, want))
}

func (p *panel) eval(expr string) any {
	p.t.Helper()
	v, err := chromedp.Run(p.ctx, chromedp.Evaluate[any](expr, chromedp.EvalAwaitPromise))
	if err != nil {
		p.t.Fatalf("avaliar %s: %v", expr, err)
	}
	return v
}

func (p *panel) text(sel string) string {
	p.t.Helper()
	s, _ := chromedp.Run(p.ctx, chromedp.Evaluate[string](fmt.Sprintf(`(document.querySelector(%q)||{}).innerText||''`, sel)))
	return s
}

func (p *panel) click(sel string) {
	p.t.Helper()
	p.must(chromedp.Click(chromedp.CSS(sel), chromedp.NodeVisible))
}

// clickText clicks the button or link whose text is exactly label.
func (p *panel) clickText(label string) {
	p.t.Helper()
	p.wait(fmt.Sprintf(`[...document.querySelectorAll('button,a')].some(e => e.textContent.trim() === %q && !e.disabled)`, label))
	p.eval(fmt.Sprintf(`[...document.querySelectorAll('button,a')].filter(e => e.textContent.trim() === %q && !e.disabled).pop().click()`, label))
}

// fill types into a field the way a person does.
func (p *panel) fill(sel, value string) {
	p.t.Helper()
	p.wait(fmt.Sprintf(`!!document.querySelector(%q)`, sel))
	p.eval(fmt.Sprintf(`(() => { const e = document.querySelector(%q); e.focus(); e.select && e.select(); })()`, sel))
	p.must(chromedp.SendKeys(chromedp.CSS(sel), "\b", chromedp.NodeVisible))
	p.must(chromedp.SendKeys(chromedp.CSS(sel), value, chromedp.NodeVisible))
}

// screen keeps a 360 px screenshot of the current screen; they are written
// to testdata/panel-falhas/ when the test fails.
func (p *panel) screen(name string) {
	shot, err := chromedp.Run(p.ctx, chromedp.FullScreenshot(100))
	if err != nil {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	if _, seen := p.shots[name]; !seen {
		p.order = append(p.order, name)
	}
	p.shots[name] = shot
}

var unsafeName = regexp.MustCompile(`[^A-Za-z0-9_-]+`)

func (p *panel) saveShots() {
	p.mu.Lock()
	defer p.mu.Unlock()
	dir := filepath.Join("testdata", "panel-falhas")
	os.MkdirAll(dir, 0o755)
	for _, name := range p.order {
		file := filepath.Join(dir, unsafeName.ReplaceAllString(p.t.Name()+"-"+name, "_")+".png")
		if os.WriteFile(file, p.shots[name], 0o644) == nil {
			p.t.Logf("captura de tela (360 px): %s", file)
		}
	}
}

// noErrors fails the test if the page threw or logged an error so far.
func (p *panel) noErrors() {
	p.t.Helper()
	p.mu.Lock()
	defer p.mu.Unlock()
	for _, e := range p.errors {
		p.t.Errorf("erro de JavaScript no painel: %s", e)
	}
	p.errors = nil
}

// login signs in through the login screen with token.
func (p *panel) login(token string) {
	p.t.Helper()
	p.open("/painel/entrar", `!!document.querySelector('#token')`)
	p.screen("entrar")
	p.fill("#token", token)
	p.click("form button[type=submit]")
	p.wait(`!document.querySelector('#token') && !!document.querySelector('main h1, .topo h1')`)
}

// cookies are the browser's cookies for the appliance.
func (p *panel) cookies() []*network.Cookie {
	p.t.Helper()
	res, err := chromedp.Run(p.ctx, chromedp.Action[[]*network.Cookie](func(ctx context.Context, t *chromedp.Target) ([]*network.Cookie, error) {
		r, err := cdpCall(ctx, t, network.GetCookies, network.GetCookiesParams{URLs: []string{p.base + "/"}})
		if err != nil {
			return nil, err
		}
		return r.Cookies, nil
	}))
	if err != nil {
		p.t.Fatal(err)
	}
	return res
}

// api calls the appliance with a Bearer token, as the sandbox's "phone" and
// "customers" would act on it.
func (p *panel) api(method, path, token string, body any) map[string]any {
	p.t.Helper()
	var rd io.Reader
	if body != nil {
		data, _ := json.Marshal(body)
		rd = strings.NewReader(string(data))
	}
	req, _ := http.NewRequest(method, p.base+path, rd)
	req.Header.Set("Authorization", "Bearer "+token)
	req.Header.Set("Content-Type", "application/json")
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		p.t.Fatal(err)
	}
	defer res.Body.Close()
	var out map[string]any
	json.NewDecoder(res.Body).Decode(&out)
	if res.StatusCode >= 300 {
		p.t.Fatalf("%s %s: %d %v", method, path, res.StatusCode, out)
	}
	return out
}

// empresa creates an empresa and returns its id and token.
func (p *panel) empresa(nome string) (int, string) {
	p.t.Helper()
	r := p.api("POST", "/api/empresas", p.admin, map[string]any{"nome": nome})
	return int(r["empresa"].(map[string]any)["id"].(float64)), r["token"].(string)
}

// connected links empresa id's sandbox WhatsApp.
func (p *panel) connected(id int, phone string) {
	p.t.Helper()
	p.api("POST", fmt.Sprintf("/api/bot/connect/%d", id), p.admin, nil)
	r := p.api("POST", fmt.Sprintf("/api/sandbox/%d/scan", id), p.admin, map[string]any{"phone": phone})
	if r["status"] != "connected" {
		p.t.Fatalf("sandbox scan: %v", r)
	}
}
