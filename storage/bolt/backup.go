package bolt

import (
	"fmt"
	"os"

	bolt "go.etcd.io/bbolt"
)

// Snapshot writes a consistent copy of the registry to path (which must not
// exist) from inside one read transaction, so writers go on meanwhile. The
// copy goes to a file first, not straight to a network client: a read
// transaction held open for a slow download would keep bbolt from growing
// its file.
func (db *DB) Snapshot(path string) (err error) {
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return err
	}
	defer func() {
		if cerr := f.Close(); err == nil {
			err = cerr
		}
		if err != nil {
			os.Remove(path)
		}
	}()
	err = db.db.View(func(tx *bolt.Tx) error {
		_, err := tx.WriteTo(f)
		return err
	})
	if err != nil {
		return fmt.Errorf("cópia do registro: %w", err)
	}
	return f.Sync()
}
