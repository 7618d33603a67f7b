// Package bolt keeps the appliance's registry in $DATA/meta.db (bbolt): the
// empresas with their configuration and bot_ativo flag, the empresa token
// hashes and the admin token hash. It implements app.Registry.
package bolt

import (
	"encoding/binary"
	"errors"
	"fmt"
	"time"

	bolt "go.etcd.io/bbolt"
	bolterrors "go.etcd.io/bbolt/errors"

	"vendeai/app"
)

// FileName is the registry's file inside the data dir.
const FileName = "meta.db"

var (
	bucketEmpresas     = []byte("empresas")      // id -> app.Empresa JSON
	bucketTokenOwners  = []byte("token_owners")  // sha256(token) -> id
	bucketEmpresaToken = []byte("empresa_token") // id -> sha256(token)
	bucketConfig       = []byte("config")        // name -> value

	keyAdminTokenHash = []byte("admin_token_hash")
)

// ErrLocked is returned by Open when another process holds the data dir.
var ErrLocked = errors.New("o diretório de dados já está em uso por outro processo vendeai")

// DB is the registry.
type DB struct {
	db *bolt.DB
}

var _ app.Registry = (*DB)(nil)

// Open opens (creating where missing) the registry at path. A second process
// on the same file fails after timeout with ErrLocked: two appliances on one
// data dir would fight over the same WhatsApp sessions (error 440).
func Open(path string, timeout time.Duration) (*DB, error) {
	db, err := bolt.Open(path, 0o600, &bolt.Options{Timeout: timeout})
	if errors.Is(err, bolterrors.ErrTimeout) {
		return nil, fmt.Errorf("%w (%s)", ErrLocked, path)
	} else if err != nil {
		return nil, fmt.Errorf("abrir %s: %w", path, err)
	}
	err = db.Update(func(tx *bolt.Tx) error {
		for _, b := range [][]byte{bucketEmpresas, bucketTokenOwners, bucketEmpresaToken, bucketConfig, bucketPanelSessions} {
			if _, err := tx.CreateBucketIfNotExists(b); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		db.Close()
		return nil, err
	}
	return &DB{db: db}, nil
}

// Close closes the registry.
func (db *DB) Close() error { return db.db.Close() }

// Path is the registry's file.
func (db *DB) Path() string { return db.db.Path() }

// Bolt exposes the handle for backups (tx.WriteTo).
func (db *DB) Bolt() *bolt.DB { return db.db }

func idKey(id int) []byte {
	k := make([]byte, 4)
	binary.BigEndian.PutUint32(k, uint32(id))
	return k
}

func keyID(k []byte) int { return int(binary.BigEndian.Uint32(k)) }

// clone copies bytes out of a transaction: bbolt's slices die with it.
func clone(b []byte) []byte {
	if b == nil {
		return nil
	}
	return append([]byte(nil), b...)
}
