package tenants

import (
	"archive/tar"
	"bytes"
	"compress/gzip"
	"context"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"vendeai/app"
)

func archiveNames(t *testing.T, data []byte) []string {
	t.Helper()
	gz, err := gzip.NewReader(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	tr := tar.NewReader(gz)
	var names []string
	for {
		hdr, err := tr.Next()
		if err == io.EOF {
			break
		} else if err != nil {
			t.Fatal(err)
		}
		names = append(names, hdr.Name)
	}
	sort.Strings(names)
	return names
}

// TestBackupRestoreRoundTrip: backup -> restore -> the same empresas, rows,
// WhatsApp credentials, metadata and tokens; never the admin token file.
func TestBackupRestoreRoundTrip(t *testing.T) {
	ctx := context.Background()
	src := startAppliance(t, t.TempDir())
	os.WriteFile(filepath.Join(src.dir, "admin.token"), []byte("vdadm_segredo\n"), 0o600)
	e1, token1 := src.seed(0, "Loja A", "Onix 2020", "HB20 2019")
	off := false
	src.seed(7, "Loja RJ", "Corolla 2022")
	e7, err := src.m.UpdateEmpresa(ctx, 7, app.EmpresaUpdate{BotAtivo: &off})
	if err != nil {
		t.Fatal(err)
	}

	var all bytes.Buffer
	if err := src.m.BackupAll(ctx, &all); err != nil {
		t.Fatal(err)
	}
	want := []string{"meta.db", "tenants/empresa_1/empresa.db", "tenants/empresa_7/empresa.db"}
	if got := archiveNames(t, all.Bytes()); strings.Join(got, ",") != strings.Join(want, ",") {
		t.Errorf("archive holds %v, want %v", got, want)
	}
	var one bytes.Buffer
	if err := src.m.BackupEmpresa(ctx, 7, &one); err != nil {
		t.Fatal(err)
	}
	if got := archiveNames(t, one.Bytes()); len(got) != 1 || got[0] != "empresa_7/empresa.db" {
		t.Errorf("empresa archive holds %v", got)
	}
	if err := src.m.BackupEmpresa(ctx, 99, io.Discard); !app.IsCode(err, app.ENOTFOUND) {
		t.Errorf("backup of an unknown empresa: %v", err)
	}
	entries, _ := os.ReadDir(src.dir)
	for _, e := range entries {
		if strings.HasPrefix(e.Name(), ".") {
			t.Errorf("backup left %s in the data dir", e.Name())
		}
	}

	dst := filepath.Join(t.TempDir(), "novo")
	res, err := Restore(ctx, bytes.NewReader(all.Bytes()), dst, RestoreOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if !res.Registry || len(res.Empresas) != 2 || res.Empresas[0] != 1 || res.Empresas[1] != 7 {
		t.Errorf("restore result %+v", res)
	}
	if _, err := os.Stat(filepath.Join(dst, "admin.token")); !os.IsNotExist(err) {
		t.Errorf("admin.token came back from a backup: %v", err)
	}
	restored := startAppliance(t, dst)
	restored.expectData(e1, "Onix 2020", "HB20 2019")
	restored.expectData(e7, "Corolla 2022")
	if id, err := restored.reg.EmpresaIDByTokenHash(ctx, app.HashToken(token1)); err != nil || id != 1 {
		t.Errorf("empresa token after restore: %d, %v", id, err)
	}
	if n, _ := restored.m.CountEmpresas(ctx); n != 2 {
		t.Errorf("%d empresas after restore", n)
	}

	// The same archive again: the dir is no longer empty.
	restored.stop()
	if _, err := Restore(ctx, bytes.NewReader(all.Bytes()), dst, RestoreOptions{}); err == nil || !strings.Contains(err.Error(), "não está vazio") {
		t.Errorf("restore into a non-empty dir: %v", err)
	}
	// Forced, what it replaces goes to removed/.
	res, err = Restore(ctx, bytes.NewReader(one.Bytes()), dst, RestoreOptions{Force: true, Now: time.Date(2026, 1, 19, 12, 0, 0, 0, time.UTC)})
	if err != nil {
		t.Fatal(err)
	}
	if res.Registry || len(res.MovedAside) != 1 || filepath.Base(res.MovedAside[0]) != "empresa_7-20260119T120000Z" {
		t.Errorf("forced restore: %+v", res)
	}
	if _, err := os.Stat(filepath.Join(dst, "removed", "empresa_7-20260119T120000Z", "empresa.db")); err != nil {
		t.Errorf("replaced folder not kept: %v", err)
	}
	again := startAppliance(t, dst)
	again.expectData(e7, "Corolla 2022")
}

// tarGz builds an archive from (name, typeflag, body) entries.
func tarGz(t *testing.T, entries ...tar.Header) []byte {
	t.Helper()
	var buf bytes.Buffer
	gz := gzip.NewWriter(&buf)
	tw := tar.NewWriter(gz)
	for _, h := range entries {
		body := []byte("conteúdo qualquer")
		if h.Typeflag == tar.TypeReg {
			h.Size = int64(len(body))
		}
		h.Mode = 0o600
		if err := tw.WriteHeader(&h); err != nil {
			t.Fatal(err)
		}
		if h.Typeflag == tar.TypeReg {
			tw.Write(body)
		}
	}
	tw.Close()
	gz.Close()
	return buf.Bytes()
}

// TestRestoreRefusesForeignArchives: a malicious or broken archive writes
// nothing, inside or outside the data dir.
func TestRestoreRefusesForeignArchives(t *testing.T) {
	ctx := context.Background()
	src := startAppliance(t, t.TempDir())
	src.seed(3, "Loja")
	var good bytes.Buffer
	if err := src.m.BackupAll(ctx, &good); err != nil {
		t.Fatal(err)
	}
	reg := func(name string) tar.Header { return tar.Header{Name: name, Typeflag: tar.TypeReg} }
	cases := map[string][]byte{
		"parent dir":        tarGz(t, reg("../fora.txt")),
		"deep parent":       tarGz(t, reg("tenants/empresa_1/../../../fora.txt")),
		"absolute":          tarGz(t, reg("/tmp/fora.txt")),
		"admin token":       tarGz(t, reg("admin.token")),
		"wal file":          tarGz(t, reg("tenants/empresa_1/empresa.db-wal")),
		"odd folder":        tarGz(t, reg("tenants/empresa_01/empresa.db")),
		"symlink":           tarGz(t, tar.Header{Name: "tenants/empresa_1/empresa.db", Typeflag: tar.TypeSymlink, Linkname: "/etc/passwd"}),
		"hard link":         tarGz(t, tar.Header{Name: "meta.db", Typeflag: tar.TypeLink, Linkname: "../../etc/passwd"}),
		"not sqlite":        tarGz(t, reg("empresa_1/empresa.db")),
		"duplicate":         tarGz(t, reg("meta.db"), reg("meta.db")),
		"empty":             tarGz(t),
		"not gzip":          []byte("isto não é um backup"),
		"truncated":         good.Bytes()[:good.Len()/2],
		"valid then escape": append([]byte(nil), tarGzAppend(t, good.Bytes(), reg("../../fora.txt"))...),
	}
	for name, data := range cases {
		parent := t.TempDir()
		dst := filepath.Join(parent, "data")
		if _, err := Restore(ctx, bytes.NewReader(data), dst, RestoreOptions{}); err == nil {
			t.Errorf("%s: restore succeeded", name)
		}
		filepath.Walk(parent, func(path string, info os.FileInfo, err error) error {
			if err == nil && !info.IsDir() {
				t.Errorf("%s: restore left %s", name, path)
			}
			return nil
		})
	}
	// A folder whose metadata names another empresa is refused too.
	var one bytes.Buffer
	src.m.BackupEmpresa(ctx, 3, &one)
	renamed := renameEntries(t, one.Bytes(), "empresa_3/", "empresa_4/")
	if _, err := Restore(ctx, bytes.NewReader(renamed), filepath.Join(t.TempDir(), "d"), RestoreOptions{}); err == nil || !strings.Contains(err.Error(), "contém a empresa 3") {
		t.Errorf("folder 4 holding empresa 3: %v", err)
	}
}

// tarGzAppend re-packs a valid archive with extra entries after its own.
func tarGzAppend(t *testing.T, data []byte, extra ...tar.Header) []byte {
	return rewrite(t, data, func(string) string { return "" }, extra...)
}

func renameEntries(t *testing.T, data []byte, from, to string) []byte {
	return rewrite(t, data, func(n string) string { return strings.Replace(n, from, to, 1) })
}

func rewrite(t *testing.T, data []byte, rename func(string) string, extra ...tar.Header) []byte {
	t.Helper()
	gz, _ := gzip.NewReader(bytes.NewReader(data))
	tr := tar.NewReader(gz)
	var buf bytes.Buffer
	ogz := gzip.NewWriter(&buf)
	tw := tar.NewWriter(ogz)
	for {
		hdr, err := tr.Next()
		if err != nil {
			break
		}
		if n := rename(hdr.Name); n != "" {
			hdr.Name = n
		}
		tw.WriteHeader(hdr)
		io.Copy(tw, tr)
	}
	for _, h := range extra {
		h.Size, h.Mode = 1, 0o600
		tw.WriteHeader(&h)
		tw.Write([]byte("x"))
	}
	tw.Close()
	ogz.Close()
	return buf.Bytes()
}
