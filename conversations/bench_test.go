package conversations_test

import (
	"context"
	"fmt"
	"path/filepath"
	"slices"
	"sync"
	"testing"
	"time"

	"vendeai/app"
	"vendeai/conversations"
	"vendeai/storage/bolt"
	"vendeai/tenants"
)

// BenchmarkAssistantOnSQLite is the assistant alone over one empresa's real
// inventory of 200 vehicles: no WhatsApp, no message storage.
func BenchmarkAssistantOnSQLite(b *testing.B) {
	f := newFixture(b)
	a := f.empresa("Loja", stock(200)...)
	texts := []string{"oi", "tem civic?", "suv automático até 120 mil", "hatch flex 2020 pra cima", "quanto custa o compass?", "tem diesel?"}
	b.ReportAllocs()
	b.ResetTimer()
	for i := range b.N {
		if _, err := f.svc.Simulate(f.ctx, a, fmt.Sprintf("55119%08d", i%1000), texts[i%len(texts)]); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "replies/s")
}

// BenchmarkSandboxPipeline drives the whole pipeline through the sandbox
// WhatsApp: 1,000 empresas of 200 vehicles each, every session connected;
// each message is a new customer of one of them, from the session's inbound
// event to the reply stored in that empresa's SQLite file.
func BenchmarkSandboxPipeline(b *testing.B) {
	const empresas, vehicles = 1000, 200
	ctx := context.Background()
	dir := b.TempDir()
	reg, err := bolt.Open(filepath.Join(dir, bolt.FileName), time.Second)
	if err != nil {
		b.Fatal(err)
	}
	defer reg.Close()

	var (
		mu      sync.Mutex
		started = map[string]time.Time{}
		lat     []time.Duration
		done    sync.WaitGroup
	)
	var pipeline *conversations.Service
	manager := tenants.New(tenants.Config{DataDir: dir, Registry: reg,
		Transport: tenants.NewSandbox(tenants.SandboxConfig{ConnectDelay: time.Millisecond, OutboxLimit: 16}),
		Inbound: app.InboundHandlerFunc(func(ctx context.Context, m app.InboundMessage) {
			pipeline.HandleInbound(ctx, m)
		})})
	if err := manager.Open(ctx); err != nil {
		b.Fatal(err)
	}
	pipeline = conversations.New(conversations.Config{Empresas: manager, Leads: manager, Vehicles: manager, Messenger: manager,
		OnReply: func(empresaID int, phone string, _ time.Duration) {
			now := time.Now()
			mu.Lock()
			lat = append(lat, now.Sub(started[fmt.Sprint(empresaID, phone)]))
			mu.Unlock()
			done.Done()
		}})
	defer func() { manager.Shutdown(ctx); pipeline.Close(); manager.Close() }()

	sandbox, _ := manager.Sandbox()
	for i := range empresas {
		e, _, err := manager.CreateEmpresa(ctx, app.NewEmpresa{Nome: fmt.Sprint("Loja ", i)})
		if err != nil {
			b.Fatal(err)
		}
		store, _ := manager.VehicleStore(ctx, e.ID)
		if _, err := store.ImportVehicles(ctx, stock(vehicles), false); err != nil {
			b.Fatal(err)
		}
		if _, _, err := manager.Connect(ctx, e.ID); err != nil {
			b.Fatal(err)
		}
		for deadline := time.Now().Add(5 * time.Second); ; time.Sleep(time.Millisecond) { // the QR comes from the session's own goroutine
			if st, _ := manager.Status(ctx, e.ID); st.Status == app.StateQR {
				break
			} else if time.Now().After(deadline) {
				b.Fatalf("empresa %d: no QR, status %s", e.ID, st.Status)
			}
		}
		if _, err := sandbox.Scan(ctx, e.ID, fmt.Sprintf("5521%09d", e.ID)); err != nil {
			b.Fatal(err)
		}
	}
	texts := []string{"oi", "tem civic?", "suv automático até 120 mil", "hatch flex 2020 pra cima", "quanto custa o compass?", "tem diesel?"}

	b.ReportAllocs()
	b.ResetTimer()
	done.Add(b.N)
	for i := range b.N {
		id, phone := 1+i%empresas, fmt.Sprintf("55119%08d", i)
		mu.Lock()
		started[fmt.Sprint(id, phone)] = time.Now()
		mu.Unlock()
		if err := sandbox.Inbound(ctx, id, phone, texts[i%len(texts)], "Cliente"); err != nil {
			b.Fatal(err)
		}
	}
	done.Wait()
	b.StopTimer()

	slices.Sort(lat)
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "msgs/s")
	b.ReportMetric(float64(lat[len(lat)/2].Microseconds())/1000, "p50-ms")
	b.ReportMetric(float64(lat[len(lat)*99/100].Microseconds())/1000, "p99-ms")
}

// stock is a varied inventory of n vehicles, every one available.
func stock(n int) []*app.Vehicle {
	models := []struct{ marca, modelo, cat, cambio, comb string }{
		{"Honda", "Civic", "sedan", "cvt", "flex"}, {"Honda", "HR-V", "suv", "cvt", "flex"},
		{"Jeep", "Compass", "suv", "automatico", "diesel"}, {"Volkswagen", "Gol", "hatch", "manual", "flex"},
		{"Chevrolet", "Onix", "hatch", "automatico", "flex"}, {"Toyota", "Hilux", "picape", "automatico", "diesel"},
		{"Fiat", "Toro", "picape", "automatico", "flex"}, {"Hyundai", "Creta", "suv", "automatico", "flex"},
	}
	vs := make([]*app.Vehicle, n)
	for i := range vs {
		m := models[i%len(models)]
		ano := 2015 + i%10
		vs[i] = &app.Vehicle{Codigo: fmt.Sprint("V", i), Marca: m.marca, Modelo: m.modelo, AnoFabricacao: ano, AnoModelo: ano,
			Preco: app.Centavos((40000 + (i*7919)%160000) * 100), Km: (i * 3571) % 150000, Combustivel: m.comb,
			Cambio: m.cambio, Categoria: m.cat, Cor: []string{"Prata", "Preto", "Branco"}[i%3], Status: app.VehicleDisponivel}
	}
	return vs
}
