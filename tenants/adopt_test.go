package tenants

import (
	"context"
	"crypto/sha256"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"vendeai/app"
)

// copyDir copies a (stopped appliance's) folder, as an operator would.
func copyDir(t *testing.T, src, dst string) {
	t.Helper()
	err := filepath.WalkDir(src, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(src, path)
		target := filepath.Join(dst, rel)
		if d.IsDir() {
			return os.MkdirAll(target, 0o700)
		}
		data, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		return os.WriteFile(target, data, 0o600)
	})
	if err != nil {
		t.Fatal(err)
	}
}

// fingerprint is every file of a folder with a hash of its bytes.
func fingerprint(t *testing.T, dir string) string {
	t.Helper()
	var b strings.Builder
	filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			data, _ := os.ReadFile(path)
			rel, _ := filepath.Rel(dir, path)
			fmt.Fprintf(&b, "%s %x\n", rel, sha256.Sum256(data))
		}
		return nil
	})
	return b.String()
}

func TestCopiedFolderIsAdopted(t *testing.T) {
	ctx := context.Background()
	other := startAppliance(t, t.TempDir())
	off := false
	_, token5 := other.seed(5, "Loja de Niterói", "Onix 2020", "Kwid 2021")
	e5, err := other.m.UpdateEmpresa(ctx, 5, app.EmpresaUpdate{BotAtivo: &off})
	if err != nil {
		t.Fatal(err)
	}
	other.stop()

	here := startAppliance(t, t.TempDir())
	e1, _ := here.seed(1, "Loja Centro", "Gol 2015")
	here.stop()
	copyDir(t, filepath.Join(other.dir, "tenants", "empresa_5"), filepath.Join(here.dir, "tenants", "empresa_5"))

	here = startAppliance(t, here.dir)
	here.expectData(e5, "Onix 2020", "Kwid 2021")
	here.expectData(e1, "Gol 2015")
	if !strings.Contains(here.logs.String(), "empresa adotada") {
		t.Errorf("adoption not logged:\n%s", here.logs)
	}
	// Adoption registers no token: the other appliance's token is no key here.
	if _, err := here.reg.EmpresaIDByTokenHash(ctx, app.HashToken(token5)); !app.IsCode(err, app.EUNAUTHORIZED) {
		t.Errorf("the copied empresa's old token works here: %v", err)
	}
	token, err := here.m.RotateToken(ctx, 5)
	if err != nil {
		t.Fatal(err)
	}
	if id, err := here.reg.EmpresaIDByTokenHash(ctx, app.HashToken(token)); err != nil || id != 5 {
		t.Errorf("issued token: %d, %v", id, err)
	}
	// New ids do not collide with the adopted one.
	n, _, err := here.m.CreateEmpresa(ctx, app.NewEmpresa{Nome: "Nova"})
	if err != nil || n.ID != 6 {
		t.Errorf("next id after adoption: %+v, %v", n, err)
	}
	// A second boot finds everything in place and adopts nothing again.
	here.stop()
	here = startAppliance(t, here.dir)
	here.expectData(e5, "Onix 2020", "Kwid 2021")
	if strings.Contains(here.logs.String(), "adotada") {
		t.Errorf("second boot adopted again:\n%s", here.logs)
	}
}

func TestClashingFolderIsLeftAlone(t *testing.T) {
	ctx := context.Background()
	other := startAppliance(t, t.TempDir())
	other.seed(5, "Loja de Outro Dono", "Civic 2018")
	other.seed(9, "Loja Nove", "Uno 2010")
	other.stop()

	here := startAppliance(t, t.TempDir())
	mine, _ := here.seed(5, "Minha Loja 5", "Argo 2023") // same id, another empresa
	e1, _ := here.seed(1, "Loja Centro", "Gol 2015")
	here.stop()
	// The operator copies the other empresa 5 over this one's folder, and
	// empresa 9's folder under a wrong name.
	os.RemoveAll(filepath.Join(here.dir, "tenants", "empresa_5"))
	copyDir(t, filepath.Join(other.dir, "tenants", "empresa_5"), filepath.Join(here.dir, "tenants", "empresa_5"))
	copyDir(t, filepath.Join(other.dir, "tenants", "empresa_9"), filepath.Join(here.dir, "tenants", "empresa_8"))
	before5 := fingerprint(t, filepath.Join(here.dir, "tenants", "empresa_5"))
	before8 := fingerprint(t, filepath.Join(here.dir, "tenants", "empresa_8"))

	here = startAppliance(t, here.dir)
	logs := here.logs.String()
	if !strings.Contains(logs, "conflito: o registro tem outra empresa com este id") || !strings.Contains(logs, "ela contém outra empresa") {
		t.Errorf("clashes not logged clearly:\n%s", logs)
	}
	// The rest of the appliance is up.
	here.expectData(e1, "Gol 2015")
	// Registry entry 5 stays this appliance's; its data counts as missing,
	// and the foreign folder is neither opened as 5 nor backed up as 5.
	if got, _ := here.m.FindEmpresa(ctx, 5); got == nil || got.Nome != mine.Nome {
		t.Errorf("registry entry 5 = %+v", got)
	}
	if !here.m.MissingData(5) {
		t.Error("MissingData(5) = false for a folder holding another empresa")
	}
	if _, err := here.m.folderDB(ctx, 5); !app.IsCode(err, app.ECONFLICT) {
		t.Errorf("opening the foreign folder as 5: %v", err)
	}
	if err := here.m.BackupEmpresa(ctx, 5, io.Discard); !app.IsCode(err, app.ECONFLICT) {
		t.Errorf("backup of 5: %v", err)
	}
	nome := "Renomeada"
	here.m.UpdateEmpresa(ctx, 5, app.EmpresaUpdate{Nome: &nome}) // must not write into the foreign file
	// Folder 8 (holding empresa 9) is not adopted.
	if _, err := here.m.FindEmpresa(ctx, 8); !app.IsCode(err, app.ENOTFOUND) {
		t.Errorf("empresa 8 registered from a folder holding 9: %v", err)
	}
	if _, err := here.m.FindEmpresa(ctx, 9); !app.IsCode(err, app.ENOTFOUND) {
		t.Errorf("empresa 9 registered from folder empresa_8: %v", err)
	}
	here.stop()
	if fingerprint(t, filepath.Join(here.dir, "tenants", "empresa_5")) != before5 {
		t.Error("the clashing folder empresa_5 was changed")
	}
	if fingerprint(t, filepath.Join(here.dir, "tenants", "empresa_8")) != before8 {
		t.Error("the misnamed folder empresa_8 was changed")
	}

	// Removing the stale registry entry leaves the folder where it is, and
	// the next start adopts it as the empresa it really is.
	here = startAppliance(t, here.dir)
	if err := here.m.DeleteEmpresa(ctx, 5); err != nil {
		t.Fatal(err)
	}
	if fingerprint(t, filepath.Join(here.dir, "tenants", "empresa_5")) != before5 {
		t.Error("deleting the stale entry moved or changed the foreign folder")
	}
	here.stop()
	here = startAppliance(t, here.dir)
	if got, err := here.m.FindEmpresa(ctx, 5); err != nil || got.Nome != "Loja de Outro Dono" {
		t.Errorf("after removing the stale entry, empresa 5 = %+v, %v", got, err)
	}
}

func TestMissingFolderIsNeverRecreated(t *testing.T) {
	ctx := context.Background()
	a := startAppliance(t, t.TempDir())
	a.seed(3, "Loja Três", "Fusca 1970")
	e1, _ := a.seed(1, "Loja Um", "Gol 2015")
	a.stop()
	folder := filepath.Join(a.dir, "tenants", "empresa_3")
	if err := os.RemoveAll(folder); err != nil {
		t.Fatal(err)
	}

	a = startAppliance(t, a.dir)
	if !a.m.MissingData(3) {
		t.Error("MissingData(3) = false with its folder gone")
	}
	if a.m.MissingData(1) {
		t.Error("MissingData(1) = true for a healthy empresa")
	}
	a.expectData(e1, "Gol 2015")
	// The dealer sees why: status error, reason missing_data, in the list
	// and on the empresa's own status, even after a connect attempt.
	list, _ := a.m.Sessions(ctx)
	if len(list) != 2 || list[1].EmpresaID != 3 || list[1].Status != app.StateError || list[1].Reason != app.ReasonMissingData {
		t.Errorf("sessions = %+v", list)
	}
	if _, _, err := a.m.Connect(ctx, 3); err == nil {
		t.Error("connect of an empresa without data succeeded")
	}
	if st, _ := a.m.Status(ctx, 3); st.Status != app.StateError || st.Reason != app.ReasonMissingData || st.LastError == "" {
		t.Errorf("status = %+v", st)
	}
	if _, err := a.m.FindEmpresa(ctx, 3); err != nil {
		t.Errorf("empresa 3 left the registry: %v", err)
	}
	if _, err := a.m.folderDB(ctx, 3); err == nil {
		t.Error("empresa 3's DB opened without a folder")
	}
	nome := "Outro nome"
	a.m.UpdateEmpresa(ctx, 3, app.EmpresaUpdate{Nome: &nome})
	if err := a.m.BackupEmpresa(ctx, 3, io.Discard); !app.IsCode(err, app.ECONFLICT) {
		t.Errorf("backup of a missing empresa: %v", err)
	}
	if err := a.m.BackupAll(ctx, io.Discard); err != nil {
		t.Errorf("a full backup fails because one empresa is missing: %v", err)
	}
	a.stop()
	startAppliance(t, a.dir) // a boot must not recreate it either
	if _, err := os.Stat(folder); !os.IsNotExist(err) {
		t.Errorf("the missing folder was recreated: %v", err)
	}
}
