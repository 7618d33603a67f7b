package bolt

import (
	"context"
	"encoding/json"
	"time"

	bolt "go.etcd.io/bbolt"

	"vendeai/app"
)

func errEmpresaNotFound(id int) error {
	return app.Errorf(app.ENOTFOUND, "empresa %d não encontrada", id)
}

// CreateEmpresa stores e; e.ID 0 takes the next id never used before, so a
// removed empresa's id is not handed to a new dealer.
func (db *DB) CreateEmpresa(ctx context.Context, e *app.Empresa, tokenHash []byte) error {
	return db.db.Update(func(tx *bolt.Tx) error {
		b := tx.Bucket(bucketEmpresas)
		if e.ID == 0 {
			next := b.Sequence() + 1
			if k, _ := b.Cursor().Last(); k != nil && uint64(keyID(k)) >= next {
				next = uint64(keyID(k)) + 1
			}
			if next > app.MaxEmpresaID {
				return app.Errorf(app.ECONFLICT, "não há mais ids de empresa livres")
			}
			e.ID = int(next)
		}
		if b.Get(idKey(e.ID)) != nil {
			return app.Errorf(app.ECONFLICT, "já existe uma empresa com o id %d", e.ID)
		}
		if uint64(e.ID) > b.Sequence() {
			if err := b.SetSequence(uint64(e.ID)); err != nil {
				return err
			}
		}
		if err := putEmpresa(tx, e); err != nil {
			return err
		}
		return setToken(tx, e.ID, tokenHash)
	})
}

// PutEmpresa writes e as it is, creating or replacing it: the adoption of a
// tenant folder brings its own metadata.
func (db *DB) PutEmpresa(ctx context.Context, e *app.Empresa) error {
	return db.db.Update(func(tx *bolt.Tx) error {
		b := tx.Bucket(bucketEmpresas)
		if uint64(e.ID) > b.Sequence() {
			if err := b.SetSequence(uint64(e.ID)); err != nil {
				return err
			}
		}
		return putEmpresa(tx, e)
	})
}

func putEmpresa(tx *bolt.Tx, e *app.Empresa) error {
	data, err := json.Marshal(e)
	if err != nil {
		return err
	}
	return tx.Bucket(bucketEmpresas).Put(idKey(e.ID), data)
}

func getEmpresa(tx *bolt.Tx, id int) (*app.Empresa, error) {
	data := tx.Bucket(bucketEmpresas).Get(idKey(id))
	if data == nil {
		return nil, errEmpresaNotFound(id)
	}
	var e app.Empresa
	if err := json.Unmarshal(data, &e); err != nil { // Unmarshal copies: safe after tx
		return nil, err
	}
	return &e, nil
}

// FindEmpresa returns empresa id, or ENOTFOUND.
func (db *DB) FindEmpresa(ctx context.Context, id int) (*app.Empresa, error) {
	var e *app.Empresa
	err := db.db.View(func(tx *bolt.Tx) (err error) {
		e, err = getEmpresa(tx, id)
		return err
	})
	return e, err
}

// ListEmpresas returns every empresa in id order.
func (db *DB) ListEmpresas(ctx context.Context) ([]*app.Empresa, error) {
	list := []*app.Empresa{}
	err := db.db.View(func(tx *bolt.Tx) error {
		return tx.Bucket(bucketEmpresas).ForEach(func(k, v []byte) error {
			var e app.Empresa
			if err := json.Unmarshal(v, &e); err != nil {
				return err
			}
			list = append(list, &e)
			return nil
		})
	})
	return list, err
}

// CountEmpresas returns how many empresas the registry holds.
func (db *DB) CountEmpresas(ctx context.Context) (int, error) {
	var n int
	err := db.db.View(func(tx *bolt.Tx) error {
		n = tx.Bucket(bucketEmpresas).Stats().KeyN
		return nil
	})
	return n, err
}

// UpdateEmpresa applies upd (validated here too) and returns the result.
func (db *DB) UpdateEmpresa(ctx context.Context, id int, upd app.EmpresaUpdate, now time.Time) (*app.Empresa, error) {
	if err := upd.Validate(); err != nil {
		return nil, err
	}
	var e *app.Empresa
	err := db.db.Update(func(tx *bolt.Tx) (err error) {
		if e, err = getEmpresa(tx, id); err != nil {
			return err
		}
		upd.Apply(e, now)
		return putEmpresa(tx, e)
	})
	return e, err
}

// DeleteEmpresa removes empresa id and its token.
func (db *DB) DeleteEmpresa(ctx context.Context, id int) error {
	return db.db.Update(func(tx *bolt.Tx) error {
		b := tx.Bucket(bucketEmpresas)
		if b.Get(idKey(id)) == nil {
			return errEmpresaNotFound(id)
		}
		if err := setToken(tx, id, nil); err != nil {
			return err
		}
		return b.Delete(idKey(id))
	})
}
