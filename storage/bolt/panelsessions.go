package bolt

import (
	"bytes"
	"context"
	"encoding/json"
	"time"

	bolt "go.etcd.io/bbolt"

	"vendeai/app"
)

// bucketPanelSessions holds the web panel's logins: sha256(cookie id) ->
// app.PanelSession JSON. Token changes end sessions here, in the same
// transaction as the token hash (see setToken and SetAdminTokenHash).
var bucketPanelSessions = []byte("panel_sessions")

var _ app.PanelSessionStore = (*DB)(nil)

// CreatePanelSession stores a new session under the hash of its id.
func (db *DB) CreatePanelSession(ctx context.Context, idHash []byte, s app.PanelSession) error {
	data, err := json.Marshal(s)
	if err != nil {
		return err
	}
	return db.db.Update(func(tx *bolt.Tx) error {
		return tx.Bucket(bucketPanelSessions).Put(idHash, data)
	})
}

// FindPanelSession returns the session stored under idHash, or
// EUNAUTHORIZED.
func (db *DB) FindPanelSession(ctx context.Context, idHash []byte) (*app.PanelSession, error) {
	var s *app.PanelSession
	err := db.db.View(func(tx *bolt.Tx) error {
		data := tx.Bucket(bucketPanelSessions).Get(idHash)
		if data == nil {
			return app.Errorf(app.EUNAUTHORIZED, "sessão do painel encerrada ou expirada: entre de novo")
		}
		s = &app.PanelSession{}
		return json.Unmarshal(data, s) // Unmarshal copies: safe after tx
	})
	return s, err
}

// TouchPanelSession moves the session's last use to at; a session ended
// meanwhile stays ended.
func (db *DB) TouchPanelSession(ctx context.Context, idHash []byte, at time.Time) error {
	return db.db.Update(func(tx *bolt.Tx) error {
		b := tx.Bucket(bucketPanelSessions)
		data := b.Get(idHash)
		if data == nil {
			return nil
		}
		var s app.PanelSession
		if err := json.Unmarshal(data, &s); err != nil {
			return err
		}
		s.UltimoUso = at.UTC()
		out, err := json.Marshal(s)
		if err != nil {
			return err
		}
		return b.Put(idHash, out)
	})
}

// DeletePanelSession ends one session.
func (db *DB) DeletePanelSession(ctx context.Context, idHash []byte) error {
	return db.db.Update(func(tx *bolt.Tx) error {
		return tx.Bucket(bucketPanelSessions).Delete(idHash)
	})
}

// DeleteExpiredPanelSessions drops every session ended by now.
func (db *DB) DeleteExpiredPanelSessions(ctx context.Context, now time.Time) error {
	return db.db.Update(func(tx *bolt.Tx) error {
		return deletePanelSessionsWhere(tx, func(s app.PanelSession) bool { return !now.Before(s.ExpiresAt()) })
	})
}

// endPanelSessions ends the sessions of one principal: the admin, or
// empresa id.
func endPanelSessions(tx *bolt.Tx, who app.Principal) error {
	return deletePanelSessionsWhere(tx, func(s app.PanelSession) bool {
		return s.Admin == who.Admin && s.EmpresaID == who.EmpresaID
	})
}

func deletePanelSessionsWhere(tx *bolt.Tx, match func(app.PanelSession) bool) error {
	b := tx.Bucket(bucketPanelSessions)
	var doomed [][]byte
	err := b.ForEach(func(k, v []byte) error {
		var s app.PanelSession
		// An unreadable record is dropped too: it can never be a live login.
		if json.Unmarshal(v, &s) != nil || match(s) {
			doomed = append(doomed, clone(k))
		}
		return nil
	})
	if err != nil {
		return err
	}
	for _, k := range doomed {
		if err := b.Delete(k); err != nil {
			return err
		}
	}
	return nil
}

// adminTokenChanged tells whether hash replaces a different admin token.
func adminTokenChanged(old, hash []byte) bool { return old != nil && !bytes.Equal(old, hash) }
