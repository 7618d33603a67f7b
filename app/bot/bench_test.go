package bot_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"time"

	"vendeai/app"
	"vendeai/app/bot"
)

// oddInventory is a hostile empresa's inventory: tens of thousands of
// distinct, odd modelos. Its vocabulary keeps one Version, as a store does
// until its next write.
type oddInventory struct {
	memInventory
	voc app.Vocabulary
}

func (o *oddInventory) Vocabulary(context.Context) (app.Vocabulary, error) { return o.voc, nil }

func newOddInventory(n int) *oddInventory {
	r := rand.New(rand.NewPCG(1, 2))
	letters := "abcdefghijklmnopqrstuvwxyz0123456789"
	voc := app.Vocabulary{Version: uint64(1<<40 + n)}
	for i := range n {
		var b strings.Builder
		for range 5 + r.IntN(12) {
			b.WriteByte(letters[r.IntN(len(letters))])
		}
		voc.Modelos = append(voc.Modelos, app.ModelName{Marca: fmt.Sprint("Marca", i%500), Modelo: b.String()})
	}
	for i := range 500 {
		voc.Marcas = append(voc.Marcas, fmt.Sprint("Marca", i))
	}
	return &oddInventory{memInventory: *fixture(), voc: voc}
}

// versioned gives an in-memory inventory's vocabulary a Version, as the
// SQLite store does, so the assistant's index is built once.
func versioned(m *memInventory) *oddInventory {
	voc, _ := m.Vocabulary(context.Background())
	voc.Version = 1 << 50
	return &oddInventory{memInventory: *m, voc: voc}
}

// longMessage is 4 KB of words close to real ones and to nothing.
func longMessage(seed uint64) string {
	r := rand.New(rand.NewPCG(seed, 7))
	words := []string{"civicc", "amarokk", "tem", "suvv", "automatco", "ate", "80k", "hilux", "xyzzyq", "blorft", "compasss",
		"carrro", "barrato", "financiamento", "sabado", "2020", "de", "a", "90", "mil", "qwertyu", "asdfghj"}
	var b strings.Builder
	for b.Len() < app.MaxTextLength {
		b.WriteString(words[r.IntN(len(words))] + " ")
	}
	return b.String()
}

// BenchmarkOddInventoryLongMessages: an empresa of 20,000 odd modelos
// flooded with 4 KB messages full of near-words. The word index is built
// once (the first reply) and each message's fuzzy work is bounded, so a
// reply stays in the same order of time as an ordinary one.
func BenchmarkOddInventoryLongMessages(b *testing.B) {
	inv := newOddInventory(20_000)
	a := &bot.Assistant{}
	msgs := []string{longMessage(1), longMessage(2), longMessage(3)}
	if _, err := a.Reply(context.Background(), bot.Input{Empresa: testEmpresa, Text: "oi", Now: testNow, Inventory: inv}); err != nil {
		b.Fatal(err)
	}
	lat := make([]time.Duration, 0, b.N)
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		start := time.Now()
		if _, err := a.Reply(context.Background(), bot.Input{Empresa: testEmpresa, Text: msgs[i%len(msgs)], Now: testNow, Inventory: inv}); err != nil {
			b.Fatal(err)
		}
		lat = append(lat, time.Since(start))
	}
	slices.Sort(lat)
	b.ReportMetric(float64(lat[len(lat)*99/100].Microseconds())/1000, "p99-ms")
}

// BenchmarkOddInventoryIndexBuild is the once-per-inventory-change cost
// the cache saves on every other message.
func BenchmarkOddInventoryIndexBuild(b *testing.B) {
	inv := newOddInventory(20_000)
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		inv.voc.Version = 0 // never cached: built on every reply
		a := &bot.Assistant{}
		if _, err := a.Reply(context.Background(), bot.Input{Empresa: testEmpresa, Text: "tem civic?", Now: testNow, Inventory: inv}); err != nil {
			b.Fatal(err)
		}
	}
}
