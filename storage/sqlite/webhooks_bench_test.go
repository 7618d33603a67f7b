package sqlite_test

import (
	"testing"

	"vendeai/app"
)

// BenchmarkOutboxCostPerMessage stores messages the way the pipeline does,
// with no webhook, with the empresa's own, and with the empresa's and the
// global one: the difference is what the outbox adds to each message.
func BenchmarkOutboxCostPerMessage(b *testing.B) {
	for _, c := range []struct {
		name   string
		own    []string
		global []string
	}{
		{"sem_webhook", nil, nil},
		{"webhook_da_empresa", []string{app.EventMessage}, nil},
		{"empresa_e_global", []string{app.EventMessage}, []string{app.EventMessage}},
	} {
		b.Run(c.name, func(b *testing.B) {
			db := outboxDB(b, &hooks{globalWants: c.global}, c.own...)
			b.ReportAllocs()
			b.ResetTimer()
			for range b.N {
				if err := saveMessage(db, "tem SUV automático até 120 mil?"); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
