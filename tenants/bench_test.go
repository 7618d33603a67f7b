package tenants

import (
	"context"
	"runtime"
	"testing"
	"time"

	"vendeai/app"
)

// BenchmarkStatus measures a status lookup (registry read for botAtivo +
// session snapshot) while other goroutines do the same.
func BenchmarkStatus(b *testing.B) {
	a := sandboxApp(b, b.TempDir(), SandboxConfig{QRFirst: time.Hour})
	ctx := context.Background()
	ids := make([]int, 16)
	for i := range ids {
		ids[i] = a.empresa("Loja")
		a.m.Connect(ctx, ids[i])
	}
	b.ReportAllocs()
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		i := 0
		for pb.Next() {
			if _, err := a.m.Status(ctx, ids[i%len(ids)]); err != nil {
				b.Error(err)
				return
			}
			i++
		}
	})
}

// BenchmarkSessionMemory loads 1,000 paired sandbox empresas, connects them
// all and reports the heap each connected session adds (the tenant DBs are
// open before the first measure, so their cost is not counted). The timed
// loop lists every session, as GET /api/bot/sessions does.
func BenchmarkSessionMemory(b *testing.B) {
	const n = 1000
	a := sandboxApp(b, b.TempDir(), SandboxConfig{QRFirst: time.Hour})
	ctx := context.Background()
	ids := make([]int, n)
	for i := range ids {
		ids[i] = a.empresa("Loja")
		db, err := a.m.folderDB(ctx, ids[i])
		if err != nil {
			b.Fatal(err)
		}
		if err := db.SaveSandboxDevice(ctx, app.SandboxDevice{Phone: "5521999990001", PushName: "Loja", PairedAt: time.Now()}); err != nil {
			b.Fatal(err)
		}
	}
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	goroutinesBefore := runtime.NumGoroutine()
	for _, id := range ids {
		if _, _, err := a.m.Connect(ctx, id); err != nil {
			b.Fatal(err)
		}
	}
	for _, id := range ids {
		a.waitState(id, app.StateConnected)
	}
	runtime.GC()
	runtime.ReadMemStats(&after)
	perSession := float64(int64(after.HeapAlloc)-int64(before.HeapAlloc)) / n
	// Idle connected sessions should cost no goroutine (timers and an
	// on-demand worker only); the DBs' own pool goroutines are not counted.
	goroutines := runtime.NumGoroutine() - goroutinesBefore

	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		list, err := a.m.Sessions(ctx)
		if err != nil || len(list) != n {
			b.Fatal(len(list), err)
		}
	}
	b.ReportMetric(perSession, "bytes/session")
	b.ReportMetric(float64(goroutines), "goroutines_added")
}
