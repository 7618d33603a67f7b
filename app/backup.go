package app

import (
	"context"
	"io"
)

// Backups takes consistent copies of the appliance's data while it runs:
// sessions and inventory keep writing meanwhile. Both write a .tar.gz to w.
// An error returned before anything was written to w leaves w untouched, so
// the caller can still answer with an error instead of a broken archive.
type Backups interface {
	// BackupEmpresa archives empresa id's folder as empresa_<id>/empresa.db.
	BackupEmpresa(ctx context.Context, id int, w io.Writer) error
	// BackupAll archives the registry (meta.db) and every registered
	// empresa as tenants/empresa_<N>/empresa.db. The admin token file is
	// never part of it.
	BackupAll(ctx context.Context, w io.Writer) error
}
