package bolt_test

import (
	"path/filepath"
	"testing"
	"time"

	"vendeai/app"
	"vendeai/storage/bolt"
)

// panelFixture is a registry with an admin token and one empresa, and the
// panel's sessions over it on a clock the test moves.
type panelFixture struct {
	db     *bolt.DB
	logins app.PanelSessions
	now    time.Time
}

func newPanelFixture(t *testing.T) *panelFixture {
	t.Helper()
	db := openTestDB(t, filepath.Join(t.TempDir(), bolt.FileName))
	t.Cleanup(func() { db.Close() })
	if err := db.SetAdminTokenHash(ctx, app.HashToken("vdadm_a")); err != nil {
		t.Fatal(err)
	}
	if err := db.CreateEmpresa(ctx, newEmpresa(t, 7, "Loja 7"), app.HashToken("vdemp_7")); err != nil {
		t.Fatal(err)
	}
	f := &panelFixture{db: db, now: time.Date(2026, 1, 19, 12, 0, 0, 0, time.UTC)}
	f.logins = app.PanelSessions{Store: db, Tokens: app.TokenAuth{Registry: db}, Now: func() time.Time { return f.now }}
	return f
}

func (f *panelFixture) login(t *testing.T, token string) string {
	t.Helper()
	id, _, err := f.logins.Login(ctx, token)
	if err != nil {
		t.Fatalf("login with %s: %v", token, err)
	}
	return id
}

func expectEnded(t *testing.T, f *panelFixture, id, what string) {
	t.Helper()
	if _, err := f.logins.Check(ctx, id); !app.IsCode(err, app.EUNAUTHORIZED) {
		t.Errorf("%s: session still answers (err %v)", what, err)
	}
}

func TestPanelSessionLoginCheckLogout(t *testing.T) {
	f := newPanelFixture(t)
	if _, _, err := f.logins.Login(ctx, "vdemp_errado"); !app.IsCode(err, app.EUNAUTHORIZED) {
		t.Fatalf("wrong token: %v", err)
	}
	admin := f.login(t, "vdadm_a")
	emp := f.login(t, "vdemp_7")
	if admin == emp || len(admin) < 40 {
		t.Fatalf("session ids %q and %q", admin, emp)
	}
	if s, err := f.logins.Check(ctx, admin); err != nil || !s.Admin {
		t.Errorf("admin session: %+v %v", s, err)
	}
	if s, err := f.logins.Check(ctx, emp); err != nil || s.Admin || s.EmpresaID != 7 {
		t.Errorf("empresa session: %+v %v", s, err)
	}
	// Only the hash is stored: the id itself finds nothing.
	if _, err := f.db.FindPanelSession(ctx, []byte(emp)); err == nil {
		t.Error("the raw session id is a key of the registry")
	}
	if err := f.logins.Logout(ctx, emp); err != nil {
		t.Fatal(err)
	}
	expectEnded(t, f, emp, "after logout")
	if _, err := f.logins.Check(ctx, admin); err != nil {
		t.Errorf("the other session ended with the logout: %v", err)
	}
	for _, bad := range []string{"", "x", string(make([]byte, 500))} {
		expectEnded(t, f, bad, "made-up id")
	}
}

func TestPanelSessionExpiresIdleAndAfterSevenDays(t *testing.T) {
	f := newPanelFixture(t)
	idle := f.login(t, "vdemp_7")
	f.now = f.now.Add(app.PanelSessionIdle - time.Minute)
	if _, err := f.logins.Check(ctx, idle); err != nil {
		t.Fatalf("used just before the idle limit: %v", err)
	}
	// That use moved the idle clock: 12 h after it, not after the login.
	f.now = f.now.Add(app.PanelSessionIdle - time.Minute)
	if _, err := f.logins.Check(ctx, idle); err != nil {
		t.Fatalf("used again within 12 h of the last use: %v", err)
	}
	f.now = f.now.Add(app.PanelSessionIdle)
	expectEnded(t, f, idle, "12 h idle")

	busy := f.login(t, "vdemp_7")
	start := f.now
	for f.now.Sub(start) < app.PanelSessionMaxAge-time.Hour {
		if _, err := f.logins.Check(ctx, busy); err != nil {
			t.Fatalf("in use %v after login: %v", f.now.Sub(start), err)
		}
		f.now = f.now.Add(6 * time.Hour)
	}
	f.now = start.Add(app.PanelSessionMaxAge)
	expectEnded(t, f, busy, "7 days after login, though in use")
}

func TestPanelSessionsEndWithTheirToken(t *testing.T) {
	f := newPanelFixture(t)
	if err := f.db.CreateEmpresa(ctx, newEmpresa(t, 8, "Loja 8"), app.HashToken("vdemp_8")); err != nil {
		t.Fatal(err)
	}
	admin := f.login(t, "vdadm_a")
	seven := f.login(t, "vdemp_7")
	eight := f.login(t, "vdemp_8")

	if err := f.db.SetEmpresaTokenHash(ctx, 7, app.HashToken("vdemp_7-novo")); err != nil {
		t.Fatal(err)
	}
	expectEnded(t, f, seven, "token of empresa 7 rotated")
	if _, err := f.logins.Check(ctx, eight); err != nil {
		t.Errorf("empresa 8's session ended with 7's rotation: %v", err)
	}
	if err := f.db.DeleteEmpresa(ctx, 8); err != nil {
		t.Fatal(err)
	}
	expectEnded(t, f, eight, "empresa 8 deleted")

	// The same admin token set again (every start does) keeps the session;
	// a new one ends it.
	if err := f.db.SetAdminTokenHash(ctx, app.HashToken("vdadm_a")); err != nil {
		t.Fatal(err)
	}
	if _, err := f.logins.Check(ctx, admin); err != nil {
		t.Fatalf("admin session ended by the same token: %v", err)
	}
	if err := f.db.SetAdminTokenHash(ctx, app.HashToken("vdadm_b")); err != nil {
		t.Fatal(err)
	}
	expectEnded(t, f, admin, "new admin token")
}

func TestPanelSessionsSurviveReopen(t *testing.T) {
	path := filepath.Join(t.TempDir(), bolt.FileName)
	db := openTestDB(t, path)
	db.SetAdminTokenHash(ctx, app.HashToken("vdadm_a"))
	logins := app.PanelSessions{Store: db, Tokens: app.TokenAuth{Registry: db}}
	id, _, err := logins.Login(ctx, "vdadm_a")
	if err != nil {
		t.Fatal(err)
	}
	db.Close()
	db = openTestDB(t, path)
	defer db.Close()
	logins.Store, logins.Tokens = db, app.TokenAuth{Registry: db}
	if s, err := logins.Check(ctx, id); err != nil || !s.Admin {
		t.Errorf("after reopening the registry: %+v %v", s, err)
	}
}
