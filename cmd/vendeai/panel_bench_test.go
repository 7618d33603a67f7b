package main

import (
	"context"
	"fmt"
	"sort"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"

	"vendeai/app"
)

// probe runs before the panel's own code on every page (DevTools injects
// it, so the CSP does not apply): it notes when the screen's mark first
// appears, and every long task (> 50 ms) the page runs.
const probe = `(() => {
  window.__longTasks = [];
  try { new PerformanceObserver(l => { for (const e of l.getEntries()) window.__longTasks.push(e.duration); }).observe({type: 'longtask', buffered: true}); } catch (e) {}
  const marks = ['tr[data-empresa] .badge', '.numeros dd'];
  new MutationObserver(() => {
    if (!window.__ready && marks.some(m => document.querySelector(m))) window.__ready = performance.now();
  }).observe(document, {childList: true, subtree: true});
})()`

// BenchmarkPanel measures the panel on loopback with 1,000 empresas:
// time to interactive of the admin's list and of an empresa's overview
// (navigation start to the screen's data on it; Warm: a returning browser,
// Cold: its cache disabled), and the longest task while a burst of 1,000
// live status changes arrives (every session started, or stopped, at once).
//
//	go test -run '^$' -bench Panel -benchtime 10x ./cmd/vendeai
func BenchmarkPanel(b *testing.B) {
	p := newPanel(b)
	var wg sync.WaitGroup
	sem := make(chan struct{}, 4)
	for i := 1; i <= 1000; i++ {
		wg.Add(1)
		sem <- struct{}{}
		go func() {
			defer wg.Done()
			defer func() { <-sem }()
			if _, _, err := p.m.core.Tenants.CreateEmpresa(context.Background(), app.NewEmpresa{Nome: fmt.Sprintf("Loja %04d", i)}); err != nil {
				b.Error(err)
			}
		}()
	}
	wg.Wait()
	p.login(p.admin)
	p.must(chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
		if _, err := cdpCall(ctx, t, page.AddScriptToEvaluateOnNewDocument, page.AddScriptToEvaluateOnNewDocumentParams{Source: probe}); err != nil {
			return err
		}
		_, err := cdpCall(ctx, t, network.Enable, network.EnableParams{})
		return err
	}))
	setCache := func(disabled bool) {
		p.must(chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
			_, err := cdpCall(ctx, t, network.SetCacheDisabled, network.SetCacheDisabledParams{CacheDisabled: disabled})
			return err
		}))
	}

	interactive := func(b *testing.B, path string) {
		var ms []float64
		for b.Loop() {
			p.must(chromedp.Navigate(p.base + path))
			p.wait(`!!window.__ready`)
			ms = append(ms, p.eval(`window.__ready`).(float64))
		}
		sort.Float64s(ms)
		b.ReportMetric(ms[len(ms)/2], "ms-interactive-p50")
		b.ReportMetric(ms[len(ms)-1], "ms-interactive-max")
	}
	for _, cold := range []bool{false, true} {
		setCache(cold)
		name := map[bool]string{false: "Warm", true: "Cold"}[cold]
		b.Run("Empresas1000"+name, func(b *testing.B) { interactive(b, "/painel/empresas") })
		b.Run("Overview"+name, func(b *testing.B) { interactive(b, "/painel/empresas/500") })
	}
	setCache(false)
	b.Run("Burst1000Sessions", func(b *testing.B) {
		var longest, settle []float64
		round := 0
		for b.Loop() {
			round++
			p.open("/painel/empresas", `document.querySelectorAll('tr[data-empresa]').length === 50`)
			p.eval(`window.__longTasks = []; 0`)
			start := time.Now()
			label := "Aguardando leitura do QR"
			if round%2 == 1 {
				connectAll(b, p.m, 1000)
			} else {
				label = "Desconectado"
				var wg sync.WaitGroup
				for i := 1; i <= 1000; i++ {
					wg.Add(1)
					go func() { defer wg.Done(); p.m.core.Tenants.Disconnect(context.Background(), i) }()
				}
				wg.Wait()
			}
			p.wait(fmt.Sprintf(`[...document.querySelectorAll('tr[data-empresa] .badge')].every(e => e.textContent === %q)`, label))
			settle = append(settle, float64(time.Since(start).Milliseconds()))
			longest = append(longest, p.eval(`Math.max(0, ...window.__longTasks)`).(float64))
		}
		sort.Float64s(longest)
		sort.Float64s(settle)
		b.ReportMetric(longest[len(longest)-1], "ms-longest-task")
		b.ReportMetric(settle[len(settle)/2], "ms-to-show-p50")
	})
}
