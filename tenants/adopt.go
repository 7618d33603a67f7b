package tenants

import (
	"context"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"

	"vendeai/app"
	"vendeai/storage/sqlite"
)

// diskState remembers, from the boot-time scan, the registered empresas
// whose folder holds a different empresa: their own data is not on disk, and
// the folder there must never be opened as theirs.
type diskState struct {
	mu      sync.Mutex
	foreign map[int]string // registered id -> what the folder holds instead
}

func (d *diskState) markForeign(id int, why string) {
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.foreign == nil {
		d.foreign = map[int]string{}
	}
	d.foreign[id] = why
}

func (d *diskState) isForeign(id int) bool {
	d.mu.Lock()
	defer d.mu.Unlock()
	_, ok := d.foreign[id]
	return ok
}

// usable refuses to open the folder of an empresa found holding another
// empresa's data.
func (d *diskState) usable(id int) error {
	d.mu.Lock()
	defer d.mu.Unlock()
	if why, ok := d.foreign[id]; ok {
		return app.Errorf(app.ECONFLICT, "a pasta empresa_%d contém outra empresa (%s); ela não foi usada nem alterada", id, why)
	}
	return nil
}

// MissingData reports whether registered empresa id has no data of its own
// on disk: its folder (or the empresa.db in it) is gone, or the folder holds
// a different empresa. Such an empresa is in status error with reason
// missing_data; its folder is never recreated empty. Only meaningful for a
// registered id.
func (m *Manager) MissingData(id int) bool {
	if m.disk.isForeign(id) {
		return true
	}
	_, err := os.Stat(filepath.Join(m.folder(id), sqlite.FileName))
	return errors.Is(err, fs.ErrNotExist)
}

// parseFolderName reads N from "empresa_<N>", in the one spelling the
// appliance writes (no sign, no leading zero): "empresa_07" is not empresa 7.
func parseFolderName(name string) (int, bool) {
	rest, ok := strings.CutPrefix(name, "empresa_")
	if !ok {
		return 0, false
	}
	id, err := app.ParseEmpresaID(rest)
	if err != nil || strconv.Itoa(id) != rest {
		return 0, false
	}
	return id, true
}

// sameEmpresa tells whether the registry entry and a folder's metadata are
// one empresa. criadoEm is the identity: it is set once at creation and
// never changes, while nome may be renamed (and a restored folder may carry
// an older nome). Entries without it fall back to the nome.
func sameEmpresa(reg, folder *app.Empresa) bool {
	if reg.ID != folder.ID {
		return false
	}
	if reg.CriadoEm.IsZero() || folder.CriadoEm.IsZero() {
		return reg.Nome == folder.Nome
	}
	return reg.CriadoEm.Equal(folder.CriadoEm)
}

// adoptFolders reconciles tenants/ with the registry at boot, before any
// empresa's database is opened:
//   - a folder empresa_<N> that the registry does not know, whose metadata
//     says it is empresa N, is adopted: its metadata becomes the registry
//     entry (no token: the admin issues one through the token route);
//   - a folder that holds a different empresa than its name or than the
//     registry's entry N is a clash: logged, left untouched, and for a
//     registered N its data counts as missing;
//   - a registered empresa without a folder is left alone (MissingData).
//
// Only a failing registry stops the boot; one bad folder never does.
func (m *Manager) adoptFolders(ctx context.Context) error {
	m.removeStaleTemp()
	list, err := m.registry.ListEmpresas(ctx)
	if err != nil {
		return err
	}
	registered := make(map[int]*app.Empresa, len(list))
	for _, e := range list {
		registered[e.ID] = e
	}
	entries, err := os.ReadDir(m.tenantsDir)
	if err != nil {
		return err
	}
	for _, entry := range entries {
		id, ok := parseFolderName(entry.Name())
		if !ok || !entry.IsDir() {
			if !strings.HasPrefix(entry.Name(), ".") {
				m.log.Warn("item ignorado em tenants/: o nome deve ser empresa_<N> (N inteiro positivo)", "pasta", entry.Name())
			}
			continue
		}
		m.adoptFolder(ctx, id, registered[id])
	}
	return nil
}

// adoptFolder checks one folder against the registry entry for its id (nil
// when none) and adopts it where the registry lacks it.
func (m *Manager) adoptFolder(ctx context.Context, id int, reg *app.Empresa) {
	folder := "empresa_" + strconv.Itoa(id)
	path := filepath.Join(m.folder(id), sqlite.FileName)
	meta, err := sqlite.ReadEmpresaFile(ctx, path)
	switch {
	case err != nil && reg != nil:
		// Its own folder, unreadable here: opening it normally reports why.
		return
	case err != nil:
		m.log.Error("pasta não adotada: não foi possível ler os metadados da empresa; a pasta não foi alterada",
			"pasta", folder, "empresa_id", id, "err", err)
		return
	case meta.ID != id:
		m.log.Error("pasta não adotada: ela contém outra empresa; a pasta não foi alterada",
			"pasta", folder, "empresa_id", id, "empresa_id_na_pasta", meta.ID, "nome_na_pasta", meta.Nome)
		if reg != nil {
			m.disk.markForeign(id, "metadados da empresa "+strconv.Itoa(meta.ID))
		}
		return
	case reg != nil && !sameEmpresa(reg, meta):
		m.log.Error("conflito: o registro tem outra empresa com este id; a pasta não foi alterada e a empresa do registro fica sem dados (missing_data)",
			"pasta", folder, "empresa_id", id, "nome_no_registro", reg.Nome, "criado_em_no_registro", reg.CriadoEm,
			"nome_na_pasta", meta.Nome, "criado_em_na_pasta", meta.CriadoEm)
		m.disk.markForeign(id, "outra empresa com o mesmo id, criada em "+meta.CriadoEm.UTC().Format("2006-01-02T15:04:05Z"))
		return
	case reg != nil:
		return // its own folder: the usual boot
	}
	if err := (app.EmpresaUpdate{Nome: &meta.Nome}).Validate(); err != nil {
		m.log.Error("pasta não adotada: metadados inválidos; a pasta não foi alterada", "pasta", folder, "empresa_id", id, "err", err)
		return
	}
	if err := m.registry.PutEmpresa(ctx, meta); err != nil {
		m.log.Error("pasta não adotada: falha ao registrar a empresa", "pasta", folder, "empresa_id", id, "err", err)
		return
	}
	m.log.Info("empresa adotada da pasta copiada; gere um token para ela em POST /api/empresas/<id>/token",
		"empresa_id", id, "nome", meta.Nome)
}
