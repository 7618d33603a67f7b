package bolt

import (
	"context"

	bolt "go.etcd.io/bbolt"

	"vendeai/app"
)

// SetEmpresaTokenHash replaces empresa id's token: the old one stops working
// in the same transaction.
func (db *DB) SetEmpresaTokenHash(ctx context.Context, id int, tokenHash []byte) error {
	return db.db.Update(func(tx *bolt.Tx) error {
		if tx.Bucket(bucketEmpresas).Get(idKey(id)) == nil {
			return errEmpresaNotFound(id)
		}
		return setToken(tx, id, tokenHash)
	})
}

// setToken drops id's current token hash and, when tokenHash is not nil,
// records the new one. The panel sessions opened with the old token end in
// the same transaction.
func setToken(tx *bolt.Tx, id int, tokenHash []byte) error {
	if err := endPanelSessions(tx, app.Principal{EmpresaID: id}); err != nil {
		return err
	}
	owners, current := tx.Bucket(bucketTokenOwners), tx.Bucket(bucketEmpresaToken)
	if old := current.Get(idKey(id)); old != nil {
		if err := owners.Delete(clone(old)); err != nil {
			return err
		}
	}
	if tokenHash == nil {
		return current.Delete(idKey(id))
	}
	if err := owners.Put(tokenHash, idKey(id)); err != nil {
		return err
	}
	return current.Put(idKey(id), tokenHash)
}

// EmpresaIDByTokenHash returns the empresa whose token hashes to tokenHash,
// or EUNAUTHORIZED. The lookup is by the hash itself, so the secret is never
// compared byte by byte against stored values.
func (db *DB) EmpresaIDByTokenHash(ctx context.Context, tokenHash []byte) (int, error) {
	id := 0
	err := db.db.View(func(tx *bolt.Tx) error {
		if v := tx.Bucket(bucketTokenOwners).Get(tokenHash); len(v) == 4 {
			id = keyID(v)
		}
		return nil
	})
	if err == nil && id == 0 {
		err = app.Errorf(app.EUNAUTHORIZED, "token inválido")
	}
	return id, err
}

// AdminTokenHash returns the admin token's hash, nil when none is set yet.
func (db *DB) AdminTokenHash(ctx context.Context) ([]byte, error) {
	var h []byte
	err := db.db.View(func(tx *bolt.Tx) error {
		h = clone(tx.Bucket(bucketConfig).Get(keyAdminTokenHash))
		return nil
	})
	return h, err
}

// SetAdminTokenHash records the admin token's hash. A different token than
// before ends the admin's panel sessions in the same transaction.
func (db *DB) SetAdminTokenHash(ctx context.Context, hash []byte) error {
	return db.db.Update(func(tx *bolt.Tx) error {
		config := tx.Bucket(bucketConfig)
		if adminTokenChanged(config.Get(keyAdminTokenHash), hash) {
			if err := endPanelSessions(tx, app.Principal{Admin: true}); err != nil {
				return err
			}
		}
		return config.Put(keyAdminTokenHash, hash)
	})
}
