package sqlite_test

import (
	"context"
	"testing"
	"time"

	"vendeai/app"
)

func TestSandboxDeviceAndHoldRoundTrip(t *testing.T) {
	ctx := context.Background()
	db := openTestDB(t)
	if _, ok, err := db.SandboxDevice(ctx); err != nil || ok {
		t.Fatalf("SandboxDevice on a new file: ok=%v err=%v", ok, err)
	}
	want := app.SandboxDevice{Phone: "5521999990001", PushName: "Loja", PairedAt: time.Date(2026, 1, 19, 12, 0, 0, 0, time.UTC)}
	if err := db.SaveSandboxDevice(ctx, want); err != nil {
		t.Fatal(err)
	}
	got, ok, err := db.SandboxDevice(ctx)
	if err != nil || !ok || got.Phone != want.Phone || !got.PairedAt.Equal(want.PairedAt) {
		t.Fatalf("SandboxDevice = %+v %v %v", got, ok, err)
	}
	if err := db.DeleteSandboxDevice(ctx); err != nil {
		t.Fatal(err)
	}
	if _, ok, _ := db.SandboxDevice(ctx); ok {
		t.Error("device still there after delete")
	}

	if r, err := db.SessionHold(ctx); err != nil || r != "" {
		t.Fatalf("SessionHold = %q %v", r, err)
	}
	for _, r := range []string{"user_logout", "stream_replaced", ""} {
		if err := db.SetSessionHold(ctx, r); err != nil {
			t.Fatal(err)
		}
		if got, err := db.SessionHold(ctx); err != nil || got != r {
			t.Errorf("SessionHold = %q %v, want %q", got, err, r)
		}
	}
}
