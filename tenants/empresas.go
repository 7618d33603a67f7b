package tenants

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"

	"vendeai/app"
	"vendeai/storage/sqlite"
)

// CreateEmpresa registers a new empresa and makes its folder and DB. Where a
// step fails, what the earlier steps made is undone: no half-made empresa.
func (m *Manager) CreateEmpresa(ctx context.Context, n app.NewEmpresa) (*app.Empresa, string, error) {
	e, err := n.Empresa(m.now())
	if err != nil {
		return nil, "", err
	}
	token := app.NewToken(app.EmpresaTokenPrefix)
	if err := m.registry.CreateEmpresa(ctx, e, app.HashToken(token)); err != nil {
		return nil, "", err
	}
	m.setRetiring(e.ID, false) // an id given again after a delete is a new empresa
	if err := m.makeFolder(ctx, e); err != nil {
		if derr := m.registry.DeleteEmpresa(ctx, e.ID); derr != nil {
			m.log.Error("desfazer empresa no registro", "empresa_id", e.ID, "err", derr)
		}
		return nil, "", err
	}
	m.log.Info("empresa criada", "empresa_id", e.ID)
	return e, token, nil
}

// makeFolder creates the empresa's folder and DB with its metadata, or
// leaves nothing behind.
func (m *Manager) makeFolder(ctx context.Context, e *app.Empresa) (err error) {
	dir := m.folder(e.ID)
	if err := os.MkdirAll(m.tenantsDir, 0o700); err != nil {
		return err
	}
	if err := os.Mkdir(dir, 0o700); errors.Is(err, os.ErrExist) {
		return app.Errorf(app.ECONFLICT, "já existe uma pasta de dados para a empresa %d; reinicie o servidor para adotá-la ou remova-a", e.ID)
	} else if err != nil {
		return err
	}
	defer func() {
		if err != nil {
			m.closeDB(e.ID)
			os.RemoveAll(dir)
		}
	}()
	db, err := m.open(ctx, filepath.Join(dir, sqlite.FileName))
	if err != nil {
		return err
	}
	m.mu.Lock()
	if stale, ok := m.dbs[e.ID]; ok { // the folder is new: any handle is of a removed one
		stale.Close()
	}
	m.dbs[e.ID] = db
	m.mu.Unlock()
	return db.SaveEmpresa(ctx, e)
}

// FindEmpresa returns empresa id.
func (m *Manager) FindEmpresa(ctx context.Context, id int) (*app.Empresa, error) {
	return m.registry.FindEmpresa(ctx, id)
}

// ListEmpresas returns every empresa.
func (m *Manager) ListEmpresas(ctx context.Context) ([]*app.Empresa, error) {
	return m.registry.ListEmpresas(ctx)
}

// UpdateEmpresa changes the registry entry, mirrors it into the empresa's
// folder and announces a bot toggle.
func (m *Manager) UpdateEmpresa(ctx context.Context, id int, upd app.EmpresaUpdate) (*app.Empresa, error) {
	before, err := m.registry.FindEmpresa(ctx, id)
	if err != nil {
		return nil, err
	}
	e, err := m.registry.UpdateEmpresa(ctx, id, upd, m.now())
	if err != nil {
		return nil, err
	}
	if db, err := m.folderDB(ctx, id); err != nil {
		m.log.Warn("metadados da empresa não copiados para a pasta", "empresa_id", id, "err", err)
	} else if err := db.SaveEmpresa(ctx, e); err != nil {
		m.log.Error("metadados da empresa não copiados para a pasta", "empresa_id", id, "err", err)
	}
	if before.BotAtivo != e.BotAtivo {
		m.publisher.Publish(app.Event{Type: app.EventBotToggle, EmpresaID: id, Data: app.BotToggleEvent{BotAtivo: e.BotAtivo}})
	}
	return e, nil
}

// DeleteEmpresa stops the empresa's session, closes its DB, moves its folder
// to $DATA/removed/empresa_<N>-<UTC timestamp> and drops it from the
// registry. Nothing is deleted from disk.
func (m *Manager) DeleteEmpresa(ctx context.Context, id int) error {
	if _, err := m.registry.FindEmpresa(ctx, id); err != nil {
		return err
	}
	// From here no request opens its DB or starts its session, so what is
	// stopped and closed below stays so while the folder moves. The mark
	// stays after the delete too (a request that read the registry just
	// before must not bring a session back) until the id is created again.
	m.setRetiring(id, true)
	deleted := false
	defer func() {
		if !deleted {
			m.setRetiring(id, false)
		}
	}()
	m.stopSession(ctx, id)
	if err := m.closeDB(id); err != nil {
		m.log.Warn("fechar banco da empresa removida", "empresa_id", id, "err", err)
	}
	dir := m.folder(id)
	dest := filepath.Join(m.removedDir, fmt.Sprintf("empresa_%d-%s", id, m.now().UTC().Format("20060102T150405Z")))
	moved := false
	// A folder found holding another empresa is not this one's to move:
	// once the entry is gone, the next start adopts that folder.
	if _, err := os.Stat(dir); err == nil && !m.disk.isForeign(id) {
		if err := os.MkdirAll(m.removedDir, 0o700); err != nil {
			return err
		}
		if err := os.Rename(dir, dest); err != nil {
			return err
		}
		moved = true
	}
	if err := m.registry.DeleteEmpresa(ctx, id); err != nil {
		if moved {
			os.Rename(dest, dir)
		}
		return err
	}
	deleted = true
	m.log.Info("empresa removida; dados guardados", "empresa_id", id, "pasta", dest)
	return nil
}

// RotateToken issues a new token for empresa id; the old one dies at once.
func (m *Manager) RotateToken(ctx context.Context, id int) (string, error) {
	token := app.NewToken(app.EmpresaTokenPrefix)
	if err := m.registry.SetEmpresaTokenHash(ctx, id, app.HashToken(token)); err != nil {
		return "", err
	}
	return token, nil
}

// CountEmpresas returns how many empresas are registered.
func (m *Manager) CountEmpresas(ctx context.Context) (int, error) {
	return m.registry.CountEmpresas(ctx)
}
