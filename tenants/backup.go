package tenants

import (
	"archive/tar"
	"compress/gzip"
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"vendeai/app"
	"vendeai/storage/sqlite"
)

// Names inside a backup archive. A full backup mirrors the data dir; an
// empresa's backup holds just its folder, ready to drop into tenants/.
const (
	ArchiveRegistry = "meta.db"
	registryFile    = "meta.db"
	tmpPrefix       = ".backup-"
)

func archiveEmpresaFolder(id int) string {
	return "empresa_" + strconv.Itoa(id) + "/" + sqlite.FileName
}
func archiveTenant(id int) string { return "tenants/" + archiveEmpresaFolder(id) }

// registrySnapshotter is the registry's optional side that can copy itself
// (storage/bolt does); BackupAll needs it.
type registrySnapshotter interface {
	Snapshot(path string) error
}

var _ app.Backups = (*Manager)(nil)

// BackupEmpresa writes a .tar.gz holding a consistent snapshot of empresa
// id's database. The snapshot is taken before the first byte is written, so
// every failure reaches the caller with w untouched.
func (m *Manager) BackupEmpresa(ctx context.Context, id int, w io.Writer) error {
	if _, err := m.registry.FindEmpresa(ctx, id); err != nil {
		return err
	}
	if m.MissingData(id) {
		return app.Errorf(app.ECONFLICT, "a empresa %d está sem os seus dados no disco (missing_data): não há o que copiar", id)
	}
	db, err := m.folderDB(ctx, id)
	if err != nil {
		return err
	}
	tmp, err := m.backupTempDir()
	if err != nil {
		return err
	}
	defer os.RemoveAll(tmp)
	snap := filepath.Join(tmp, sqlite.FileName)
	if err := db.Snapshot(ctx, snap); err != nil {
		return err
	}
	a := newArchive(w)
	if err := a.addFile(archiveEmpresaFolder(id), snap, m.now()); err != nil {
		return err
	}
	return a.close()
}

// BackupAll writes a .tar.gz with a snapshot of the registry and of every
// registered empresa's database. Empresas are snapshotted one at a time and
// streamed, so the temporary space is one empresa's, not the appliance's;
// an empresa whose data is missing is skipped and logged.
func (m *Manager) BackupAll(ctx context.Context, w io.Writer) error {
	rs, ok := m.registry.(registrySnapshotter)
	if !ok {
		return fmt.Errorf("o registro não sabe se copiar (%T)", m.registry)
	}
	tmp, err := m.backupTempDir()
	if err != nil {
		return err
	}
	defer os.RemoveAll(tmp)
	meta := filepath.Join(tmp, registryFile)
	if err := rs.Snapshot(meta); err != nil {
		return err
	}
	// Listed after the registry copy: every empresa in that copy is then
	// in the archive too, unless it is removed meanwhile.
	list, err := m.registry.ListEmpresas(ctx)
	if err != nil {
		return err
	}
	a := newArchive(w)
	if err := a.addFile(ArchiveRegistry, meta, m.now()); err != nil {
		return err
	}
	os.Remove(meta)
	for _, e := range list {
		if err := ctx.Err(); err != nil {
			return err
		}
		if m.MissingData(e.ID) {
			m.log.Warn("backup: empresa sem dados no disco, fora da cópia", "empresa_id", e.ID, "motivo", app.ReasonMissingData)
			continue
		}
		db, err := m.folderDB(ctx, e.ID)
		if err != nil {
			m.log.Warn("backup: empresa fora da cópia", "empresa_id", e.ID, "err", err)
			continue
		}
		snap := filepath.Join(tmp, "empresa_"+strconv.Itoa(e.ID)+".db")
		if err := db.Snapshot(ctx, snap); err != nil {
			return err
		}
		if err := a.addFile(archiveTenant(e.ID), snap, m.now()); err != nil {
			return err
		}
		os.Remove(snap)
	}
	return a.close()
}

// backupTempDir makes a scratch dir inside the data dir: the same disk as
// the data (room for a snapshot is there) and writable in the container,
// where /tmp may not exist. Leftovers of a crash are removed at Open.
func (m *Manager) backupTempDir() (string, error) {
	return os.MkdirTemp(m.dataDir(), tmpPrefix)
}

func (m *Manager) dataDir() string { return filepath.Dir(m.tenantsDir) }

// removeStaleTemp removes scratch dirs a crashed backup or restore left.
func (m *Manager) removeStaleTemp() {
	entries, _ := os.ReadDir(m.dataDir())
	for _, e := range entries {
		if e.IsDir() && (strings.HasPrefix(e.Name(), tmpPrefix) || strings.HasPrefix(e.Name(), restoreTmpPrefix)) {
			if err := os.RemoveAll(filepath.Join(m.dataDir(), e.Name())); err != nil {
				m.log.Warn("remover pasta temporária", "pasta", e.Name(), "err", err)
			}
		}
	}
}

// archive is a tar stream inside gzip.
type archive struct {
	gz *gzip.Writer
	tw *tar.Writer
}

func newArchive(w io.Writer) *archive {
	gz := gzip.NewWriter(w)
	return &archive{gz: gz, tw: tar.NewWriter(gz)}
}

func (a *archive) addFile(name, path string, mtime time.Time) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	info, err := f.Stat()
	if err != nil {
		return err
	}
	hdr := &tar.Header{Typeflag: tar.TypeReg, Name: name, Mode: 0o600, Size: info.Size(),
		ModTime: mtime.UTC().Truncate(time.Second), Format: tar.FormatPAX}
	if err := a.tw.WriteHeader(hdr); err != nil {
		return err
	}
	_, err = io.Copy(a.tw, f)
	return err
}

func (a *archive) close() error {
	if err := a.tw.Close(); err != nil {
		return err
	}
	return a.gz.Close()
}
