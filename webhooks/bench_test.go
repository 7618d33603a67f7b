package webhooks_test

import (
	"fmt"
	"net/http"
	"sync/atomic"
	"testing"
	"time"

	"vendeai/app"
	"vendeai/webhooks"
)

// BenchmarkDeliveriesToALocalReceiver: b.N deliveries recorded while the
// worker is stopped (as after a restart), then sent, signed, to a receiver
// on loopback that answers 204 at once. One empresa is one lane (one
// request at a time, in seq order); several empresas run their lanes side
// by side, up to the per-host bound.
func BenchmarkDeliveriesToALocalReceiver(b *testing.B) {
	for _, empresas := range []int{1, 8} {
		b.Run(fmt.Sprintf("empresas=%d", empresas), func(b *testing.B) {
			var received atomic.Int64
			srv := httptestServer(b, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				received.Add(1)
				w.WriteHeader(http.StatusNoContent)
			}))
			f := newFixture(b, func(c *webhooks.Config) { c.Logger = nil })
			ids := make([]int, empresas)
			for i := range ids {
				ids[i] = f.empresa(fmt.Sprint("Loja ", i))
				f.setWebhookRaw(ids[i], srv.URL)
			}
			f.svc.Close() // recorded with nobody sending
			for i := range b.N {
				f.message(ids[i%empresas], "tem SUV automático até 120 mil?")
			}
			b.ResetTimer()
			start := time.Now()
			f.start()
			f.waitAttempts(b.N)
			b.StopTimer()
			if received.Load() != int64(b.N) {
				b.Fatalf("received %d of %d", received.Load(), b.N)
			}
			b.ReportMetric(float64(b.N)/time.Since(start).Seconds(), "entregas/s")
			if list := f.deliveries(ids[0], app.DeliveryFilter{Status: app.DeliveryPending}); len(list) != 0 {
				b.Fatalf("%d still pending", len(list))
			}
		})
	}
}
