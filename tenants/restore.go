package tenants

import (
	"archive/tar"
	"compress/gzip"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"time"

	"vendeai/storage/sqlite"
)

const restoreTmpPrefix = ".restore-"

// RestoreOptions tune Restore.
type RestoreOptions struct {
	// Force restores into a data dir that is not empty. What the archive
	// replaces (meta.db, a tenant folder) is moved to removed/, never
	// deleted; the rest of the dir stays as it was.
	Force bool
	Now   time.Time
}

// RestoreResult says what Restore put in place.
type RestoreResult struct {
	Registry   bool     // meta.db was in the archive
	Empresas   []int    // the tenant folders restored
	MovedAside []string // with Force: what went to removed/
}

// Restore unpacks a backup archive (BackupAll's or BackupEmpresa's) into
// dataDir, which must belong to no running appliance. Only the names a
// backup holds are accepted (meta.db, tenants/empresa_<N>/empresa.db and
// empresa_<N>/empresa.db) and every destination is rebuilt from the parsed
// id, so no entry can write outside dataDir. Everything is unpacked and
// checked (SQLite integrity, the folder's own id) in a scratch dir first:
// a bad archive changes nothing.
func Restore(ctx context.Context, r io.Reader, dataDir string, opt RestoreOptions) (*RestoreResult, error) {
	if opt.Now.IsZero() {
		opt.Now = time.Now()
	}
	empty, err := dirIsEmpty(dataDir)
	if err != nil {
		return nil, err
	}
	if !empty && !opt.Force {
		return nil, fmt.Errorf("o diretório de dados %s não está vazio; restaure em um diretório vazio ou use --force (o que for substituído vai para removed/)", dataDir)
	}
	if err := os.MkdirAll(dataDir, 0o700); err != nil {
		return nil, err
	}
	stage, err := os.MkdirTemp(dataDir, restoreTmpPrefix)
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(stage)

	res, err := unpack(r, stage)
	if err != nil {
		return nil, err
	}
	if !res.Registry && len(res.Empresas) == 0 {
		return nil, errors.New("o arquivo não contém nenhum backup do VendeAI (nem meta.db nem pastas de empresa)")
	}
	for _, id := range res.Empresas {
		path := filepath.Join(stage, "tenants", "empresa_"+strconv.Itoa(id), sqlite.FileName)
		if err := sqlite.CheckFile(ctx, path); err != nil {
			return nil, fmt.Errorf("empresa_%d no backup: %w", id, err)
		}
		meta, err := sqlite.ReadEmpresaFile(ctx, path)
		if err != nil {
			return nil, fmt.Errorf("empresa_%d no backup: metadados ilegíveis: %w", id, err)
		}
		if meta.ID != id {
			return nil, fmt.Errorf("a pasta empresa_%d do backup contém a empresa %d", id, meta.ID)
		}
	}

	// Everything checked: move into place, setting aside what is replaced.
	stamp := opt.Now.UTC().Format("20060102T150405Z")
	removed := filepath.Join(dataDir, "removed")
	aside := func(path, name string) error {
		if _, err := os.Lstat(path); errors.Is(err, os.ErrNotExist) {
			return nil
		}
		if err := os.MkdirAll(removed, 0o700); err != nil {
			return err
		}
		dest := filepath.Join(removed, name)
		if err := os.Rename(path, dest); err != nil {
			return err
		}
		res.MovedAside = append(res.MovedAside, dest)
		return nil
	}
	if res.Registry {
		if err := aside(filepath.Join(dataDir, registryFile), "meta-"+stamp+".db"); err != nil {
			return res, err
		}
		if err := os.Rename(filepath.Join(stage, registryFile), filepath.Join(dataDir, registryFile)); err != nil {
			return res, err
		}
	}
	if len(res.Empresas) > 0 {
		if err := os.MkdirAll(filepath.Join(dataDir, "tenants"), 0o700); err != nil {
			return res, err
		}
	}
	for _, id := range res.Empresas {
		name := "empresa_" + strconv.Itoa(id)
		dest := filepath.Join(dataDir, "tenants", name)
		if err := aside(dest, name+"-"+stamp); err != nil {
			return res, err
		}
		if err := os.Rename(filepath.Join(stage, "tenants", name), dest); err != nil {
			return res, err
		}
	}
	return res, nil
}

// dirIsEmpty: a missing dir is empty; lost+found (a fresh volume's) does not
// count.
func dirIsEmpty(dir string) (bool, error) {
	entries, err := os.ReadDir(dir)
	if errors.Is(err, os.ErrNotExist) {
		return true, nil
	} else if err != nil {
		return false, err
	}
	for _, e := range entries {
		if e.Name() != "lost+found" {
			return false, nil
		}
	}
	return true, nil
}

// unpack writes the archive's files under stage, refusing anything that is
// not a backup's.
func unpack(r io.Reader, stage string) (*RestoreResult, error) {
	gz, err := gzip.NewReader(r)
	if err != nil {
		return nil, fmt.Errorf("o arquivo não é um backup .tar.gz válido: %w", err)
	}
	defer gz.Close()
	tr := tar.NewReader(gz)
	res := &RestoreResult{}
	seen := map[string]bool{}
	for {
		hdr, err := tr.Next()
		if errors.Is(err, io.EOF) {
			break
		} else if err != nil {
			return nil, fmt.Errorf("backup truncado ou corrompido: %w", err)
		}
		rel, id, isDir, ok := archiveEntry(hdr.Name)
		switch {
		case !ok:
			return nil, fmt.Errorf("entrada inesperada no backup: %q (só meta.db e empresa_<N>/empresa.db são aceitos)", hdr.Name)
		case isDir && hdr.Typeflag == tar.TypeDir:
			continue
		case isDir || hdr.Typeflag != tar.TypeReg: // the reader turns old tars' TypeRegA into TypeReg
			return nil, fmt.Errorf("entrada inesperada no backup: %q não é um arquivo comum", hdr.Name)
		case seen[rel]:
			return nil, fmt.Errorf("entrada repetida no backup: %q", hdr.Name)
		}
		seen[rel] = true
		dest := filepath.Join(stage, filepath.FromSlash(rel))
		if err := writeFile(dest, tr); err != nil {
			return nil, fmt.Errorf("backup truncado ou corrompido (%s): %w", hdr.Name, err)
		}
		if id == 0 {
			res.Registry = true
		} else {
			res.Empresas = append(res.Empresas, id)
		}
	}
	// The gzip trailer's checksum is verified only once the reader hits EOF.
	if _, err := io.Copy(io.Discard, gz); err != nil {
		return nil, fmt.Errorf("backup truncado ou corrompido: %w", err)
	}
	sort.Ints(res.Empresas)
	return res, nil
}

// archiveEntry maps an archive name to its place in the data dir, built from
// the parsed id alone: "meta.db" (id 0), "tenants/empresa_<N>/empresa.db"
// or "empresa_<N>/empresa.db". isDir marks the directories of those paths,
// which are skipped. Anything else is not ok.
func archiveEntry(name string) (rel string, id int, isDir, ok bool) {
	name = strings.TrimPrefix(name, "./")
	dir := strings.HasSuffix(name, "/")
	parts := strings.Split(strings.TrimSuffix(name, "/"), "/")
	if len(parts) > 0 && parts[0] == "tenants" {
		parts = parts[1:]
		if len(parts) == 0 && dir {
			return "", 0, true, true
		}
	} else if len(parts) == 1 && parts[0] == registryFile && !dir {
		return registryFile, 0, false, true
	}
	if len(parts) == 0 {
		return "", 0, false, false
	}
	id, ok = parseFolderName(parts[0])
	if !ok {
		return "", 0, false, false
	}
	switch {
	case len(parts) == 1 && dir:
		return "", id, true, true
	case len(parts) == 2 && parts[1] == sqlite.FileName && !dir:
		return "tenants/empresa_" + strconv.Itoa(id) + "/" + sqlite.FileName, id, false, true
	}
	return "", 0, false, false
}

func writeFile(dest string, r io.Reader) (err error) {
	if err := os.MkdirAll(filepath.Dir(dest), 0o700); err != nil {
		return err
	}
	f, err := os.OpenFile(dest, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return err
	}
	defer func() {
		if cerr := f.Close(); err == nil {
			err = cerr
		}
	}()
	if _, err := io.Copy(f, r); err != nil {
		return err
	}
	return f.Sync()
}
