package conversations_test

import (
	"fmt"
	"slices"
	"testing"
	"time"
)

// replyScript is one customer's conversation: greeting, a search, a
// refinement, pointing into the list, questions about the vehicle chosen,
// a comparison, a modelo not in stock, a visit.
var replyScript = []string{"oi", "tem suv automatico ate 150 mil?", "só os de 2020 pra cima", "o mais barato",
	"qual a km dele?", "tem civic ou hrv?", "o 2", "qnto ta?", "tem onix plus?", "posso passar sabado de manha?"}

// BenchmarkAssistantReplies is the assistant over one empresa's real SQLite
// inventory of 200 and of 5,000 vehicles, each customer playing the whole
// replyScript, the conversation state loaded from and saved to SQLite on
// every message (as the pipeline does), no WhatsApp. It reports replies/s
// and the 50th and 99th percentile of one reply.
func BenchmarkAssistantReplies(b *testing.B) {
	for _, n := range []int{200, 5000} {
		b.Run(fmt.Sprintf("vehicles=%d", n), func(b *testing.B) {
			f := newFixture(b)
			id := f.empresa("Loja")
			store, err := f.tenants.VehicleStore(f.ctx, id)
			if err != nil {
				b.Fatal(err)
			}
			if _, err := store.ImportVehicles(f.ctx, stock(n), false); err != nil {
				b.Fatal(err)
			}
			lat := make([]time.Duration, 0, b.N)
			b.ReportAllocs()
			b.ResetTimer()
			for i := 0; b.Loop(); i++ {
				from := fmt.Sprintf("55119%08d", i/len(replyScript))
				start := time.Now()
				replies, err := f.svc.Simulate(f.ctx, id, from, replyScript[i%len(replyScript)])
				lat = append(lat, time.Since(start))
				if err != nil || len(replies) == 0 {
					b.Fatalf("%q: %v %v", replyScript[i%len(replyScript)], replies, err)
				}
			}
			b.ReportMetric(float64(len(lat))/b.Elapsed().Seconds(), "replies/s")
			slices.Sort(lat)
			b.ReportMetric(float64(lat[len(lat)/2].Microseconds())/1000, "p50-ms")
			b.ReportMetric(float64(lat[len(lat)*99/100].Microseconds())/1000, "p99-ms")
		})
	}
}
