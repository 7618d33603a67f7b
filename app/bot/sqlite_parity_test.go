package bot_test

import (
	"context"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"vendeai/app"
	"vendeai/app/bot"
	"vendeai/storage/sqlite"
)

// TestSearchMessagesOnSQLite runs the message table against the real
// per-empresa SQLite inventory, so the in-memory fixture can never drift
// from what dealers' customers actually get.
func TestSearchMessagesOnSQLite(t *testing.T) {
	ctx := context.Background()
	db, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), sqlite.FileName))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	for _, v := range fixture().vs {
		c := *v
		c.ID, c.Codigo = 0, "" // the fixture's codigos repeat; they play no part here
		db.Now = func() time.Time { return v.CriadoEm }
		if err := db.CreateVehicle(ctx, &c); err != nil {
			t.Fatalf("vehicle %d: %v", v.ID, err)
		}
		if c.ID != v.ID {
			t.Fatalf("fixture ids must be 1..N in order: got %d for %d", c.ID, v.ID)
		}
	}
	// For every message of the table: the filter the assistant searched
	// with selects the same vehicles, in the same order, from SQLite as from
	// the fixture, and the assistant lists from SQLite what the table says.
	a, mem := &bot.Assistant{}, fixture()
	for _, r := range searches {
		out, err := a.Reply(ctx, bot.Input{Empresa: testEmpresa, Text: r.msg, Now: testNow, Inventory: db})
		if err != nil {
			t.Fatalf("%q: %v", r.msg, err)
		}
		if out.Intent != r.kind || out.State.LastFilter == nil {
			t.Errorf("%q: intent %q, filter %v", r.msg, out.Intent, out.State.LastFilter)
			continue
		}
		f := *out.State.LastFilter
		f.Limit, f.Offset = 200, 0
		fromSQL, totalSQL, err := db.FindVehicles(ctx, f)
		if err != nil {
			t.Fatalf("%q: %v", r.msg, err)
		}
		fromMem, totalMem, _ := mem.FindVehicles(ctx, f)
		if totalSQL != totalMem || !slices.Equal(ids(fromSQL), ids(fromMem)) {
			t.Errorf("%q: SQLite selects %v, the fixture %v (filter %+v)", r.msg, ids(fromSQL), ids(fromMem), f)
		}
		if !slices.Equal(out.State.LastList, r.ids) {
			t.Errorf("%q: listed %v, want %v", r.msg, out.State.LastList, r.ids)
		}
	}
}

func ids(vs []*app.Vehicle) []int64 {
	out := make([]int64, len(vs))
	for i, v := range vs {
		out[i] = v.ID
	}
	return out
}
