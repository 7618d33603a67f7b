package tenants

import (
	"context"
	"fmt"
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

// BenchmarkSandboxSessionMemory loads 1,000 paired empresas on the SANDBOX
// transport, connects them all and reports the heap each connected session
// adds: the session and the sandbox's stand-in client, not a real
// whatsmeow client (see BenchmarkWhatsmeowClientMemory). The tenant DBs
// are open before the first measure, so their cost is not counted. The
// timed loop lists every session, as GET /api/bot/sessions does.
func BenchmarkSandboxSessionMemory(b *testing.B) {
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

// BenchmarkWhatsmeowClientMemory builds real whatsmeow clients, one per
// empresa, each over its own empresa.db holding a paired device: the
// device store loaded, the client constructed and wired to a session's
// events, never connected (the transport's dialer is offline). It reports
// the heap each client adds, in KB, and the goroutines it starts. The
// memory of the open connection itself (socket, noise handshake buffers,
// WhatsApp's app state after login) is not in this figure.
func BenchmarkWhatsmeowClientMemory(b *testing.B) {
	const n = 200
	ctx := context.Background()
	transport, _ := offlineWhatsmeow()
	cfg := fastConfig()
	cfg.Transport = transport
	a := startApp(b, b.TempDir(), cfg)
	stores := make([]app.DeviceStore, n)
	for i := range stores {
		id := a.empresa("Loja")
		db, err := a.m.folderDB(ctx, id)
		if err != nil {
			b.Fatal(err)
		}
		pairDevice(b, db, fmt.Sprintf("55219%08d", id))
		stores[i] = db
	}
	clients := make([]Client, n)
	var perClient, goroutines float64
	b.ReportAllocs()
	for b.Loop() {
		b.StopTimer()
		var before, after runtime.MemStats
		runtime.GC()
		runtime.ReadMemStats(&before)
		g := runtime.NumGoroutine()
		b.StartTimer()
		for i, store := range stores {
			cli, err := transport.NewClient(ctx, ClientConfig{EmpresaID: i + 1, Store: store,
				Events: func(any) {}, Backoff: cfg.Backoff.Delay})
			if err != nil {
				b.Fatal(err)
			}
			if !cli.IsPaired() {
				b.Fatal("the device was not loaded")
			}
			clients[i] = cli
		}
		b.StopTimer()
		runtime.GC()
		runtime.ReadMemStats(&after)
		perClient = float64(int64(after.HeapAlloc)-int64(before.HeapAlloc)) / n
		goroutines = float64(runtime.NumGoroutine()-g) / n
		for i, cli := range clients {
			cli.Close()
			clients[i] = nil
		}
		b.StartTimer()
	}
	b.ReportMetric(perClient/1024, "KB/client")
	b.ReportMetric(goroutines, "goroutines/client")
}
