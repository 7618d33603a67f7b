package app

import (
	"context"
	"crypto/rand"
	"encoding/base64"
	"time"
)

// How long a panel session lasts: it ends after PanelSessionIdle without
// use, and PanelSessionMaxAge after the login whatever its use.
const (
	PanelSessionIdle   = 12 * time.Hour
	PanelSessionMaxAge = 7 * 24 * time.Hour
	// panelSessionTouchEvery spares the registry a write on every request:
	// the idle clock moves in steps of at most this much.
	panelSessionTouchEvery = time.Minute
)

// PanelSession is a login to the web panel. The browser holds only an
// opaque random id in an HttpOnly cookie; the session stands for the
// Principal whose token was pasted at login, so the token itself never
// stays in the browser. The registry keeps sessions by the SHA-256 of
// their id, so a copy of meta.db holds no usable cookie.
type PanelSession struct {
	Principal
	CriadoEm  time.Time `json:"criadoEm"`
	UltimoUso time.Time `json:"ultimoUso"`
}

// ExpiresAt is when s ends unless it is used again before.
func (s PanelSession) ExpiresAt() time.Time {
	idle := s.UltimoUso.Add(PanelSessionIdle)
	if hard := s.CriadoEm.Add(PanelSessionMaxAge); hard.Before(idle) {
		return hard
	}
	return idle
}

// PanelSessionStore keeps panel sessions (the registry, bbolt). Its
// contract beyond storage: changing or removing a token (rotation,
// deletion of the empresa, a new admin token) ends the sessions opened
// with it in the same transaction, so a leaked cookie dies with its token.
type PanelSessionStore interface {
	CreatePanelSession(ctx context.Context, idHash []byte, s PanelSession) error
	// FindPanelSession returns the session, or EUNAUTHORIZED when none.
	FindPanelSession(ctx context.Context, idHash []byte) (*PanelSession, error)
	TouchPanelSession(ctx context.Context, idHash []byte, at time.Time) error
	DeletePanelSession(ctx context.Context, idHash []byte) error
	// DeleteExpiredPanelSessions drops every session ended by now.
	DeleteExpiredPanelSessions(ctx context.Context, now time.Time) error
}

// PanelLogins is what the API asks of panel sessions: a login that turns a
// token into a cookie id, the check of that id on every request, and the
// logout.
type PanelLogins interface {
	// Login checks token and opens a session: its id goes into the cookie.
	Login(ctx context.Context, token string) (id string, s PanelSession, err error)
	// Check returns the live session of id (and keeps it alive), or
	// EUNAUTHORIZED.
	Check(ctx context.Context, id string) (PanelSession, error)
	Logout(ctx context.Context, id string) error
}

// PanelSessions implements PanelLogins over a store and the token check.
type PanelSessions struct {
	Store  PanelSessionStore
	Tokens Authenticator
	Now    Clock // nil: time.Now
}

var _ PanelLogins = PanelSessions{}

func (p PanelSessions) now() time.Time {
	if p.Now != nil {
		return p.Now().UTC()
	}
	return time.Now().UTC()
}

// Login authenticates token like a Bearer header and opens a session for
// its principal. Expired sessions of anyone are dropped on the way.
func (p PanelSessions) Login(ctx context.Context, token string) (string, PanelSession, error) {
	who, err := p.Tokens.Authenticate(ctx, token)
	if err != nil {
		return "", PanelSession{}, err
	}
	now := p.now()
	if err := p.Store.DeleteExpiredPanelSessions(ctx, now); err != nil {
		return "", PanelSession{}, err
	}
	id := newPanelSessionID()
	s := PanelSession{Principal: who, CriadoEm: now, UltimoUso: now}
	if err := p.Store.CreatePanelSession(ctx, HashToken(id), s); err != nil {
		return "", PanelSession{}, err
	}
	return id, s, nil
}

// Check returns the session of id while it lives, and moves its idle clock.
func (p PanelSessions) Check(ctx context.Context, id string) (PanelSession, error) {
	ended := Errorf(EUNAUTHORIZED, "sessão do painel encerrada ou expirada: entre de novo")
	if id == "" || len(id) > 100 {
		return PanelSession{}, ended
	}
	hash := HashToken(id)
	s, err := p.Store.FindPanelSession(ctx, hash)
	if err != nil {
		return PanelSession{}, err
	}
	now := p.now()
	if !now.Before(s.ExpiresAt()) {
		if err := p.Store.DeletePanelSession(ctx, hash); err != nil {
			return PanelSession{}, err
		}
		return PanelSession{}, ended
	}
	if now.Sub(s.UltimoUso) >= panelSessionTouchEvery {
		if err := p.Store.TouchPanelSession(ctx, hash, now); err != nil {
			return PanelSession{}, err
		}
		s.UltimoUso = now
	}
	return *s, nil
}

// Logout ends the session of id; an unknown id is already logged out.
func (p PanelSessions) Logout(ctx context.Context, id string) error {
	if id == "" || len(id) > 100 {
		return nil
	}
	return p.Store.DeletePanelSession(ctx, HashToken(id))
}

func newPanelSessionID() string {
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		panic(err) // crypto/rand never fails on Linux; if it does, nothing is safe
	}
	return base64.RawURLEncoding.EncodeToString(b)
}
