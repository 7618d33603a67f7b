package api_test

import (
	"archive/tar"
	"compress/gzip"
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"sync/atomic"
	"testing"

	"vendeai/api"
	"vendeai/app"
	"vendeai/storage/sqlite"
)

// download GETs path and unpacks the archive into dir, returning the
// response and the names it held.
func (e *env) download(path, token, dir string) (*http.Response, []string) {
	e.t.Helper()
	req, _ := http.NewRequest("GET", e.server.URL+path, nil)
	req.Header.Set("Authorization", "Bearer "+token)
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		e.t.Fatal(err)
	}
	defer res.Body.Close()
	if res.StatusCode != http.StatusOK {
		body, _ := io.ReadAll(res.Body)
		e.t.Fatalf("GET %s: %d %s", path, res.StatusCode, body)
	}
	gz, err := gzip.NewReader(res.Body)
	if err != nil {
		e.t.Fatal(err)
	}
	tr := tar.NewReader(gz)
	var names []string
	for {
		hdr, err := tr.Next()
		if err == io.EOF {
			break
		} else if err != nil {
			e.t.Fatal(err)
		}
		names = append(names, hdr.Name)
		dest := filepath.Join(dir, filepath.FromSlash(hdr.Name))
		os.MkdirAll(filepath.Dir(dest), 0o700)
		f, _ := os.Create(dest)
		io.Copy(f, tr)
		f.Close()
	}
	sort.Strings(names)
	return res, names
}

func TestBackupEmpresaRoute(t *testing.T) {
	e := newEnv(t)
	id, token := e.createEmpresa("Loja RJ")
	dir := t.TempDir()
	res, names := e.download(fmt.Sprintf("/api/empresas/%d/backup", id), token, dir)
	if ct := res.Header.Get("Content-Type"); ct != "application/gzip" {
		t.Errorf("Content-Type %q", ct)
	}
	cd := res.Header.Get("Content-Disposition")
	if !regexp.MustCompile(`^attachment; filename="vendeai-empresa_1-\d{8}T\d{6}Z\.tar\.gz"$`).MatchString(cd) {
		t.Errorf("Content-Disposition %q", cd)
	}
	if len(names) != 1 || names[0] != "empresa_1/empresa.db" {
		t.Errorf("archive holds %v", names)
	}
	snap := filepath.Join(dir, "empresa_1", "empresa.db")
	if err := sqlite.CheckFile(context.Background(), snap); err != nil {
		t.Error(err)
	}
	if meta, err := sqlite.ReadEmpresaFile(context.Background(), snap); err != nil || meta.Nome != "Loja RJ" {
		t.Errorf("metadata in the backup: %+v, %v", meta, err)
	}
	expectError(t, e.do("GET", "/api/empresas/999/backup", adminToken, nil), http.StatusNotFound, "not_found", "unknown empresa")
	expectError(t, e.do("GET", "/api/empresas/abc/backup", adminToken, nil), http.StatusBadRequest, "invalid_id", "bad id")

	// An empresa whose folder is gone: a clear error, never an empty archive.
	e.close()
	os.RemoveAll(filepath.Join(e.dataDir, "tenants", "empresa_1"))
	e.open()
	r := e.do("GET", "/api/empresas/1/backup", adminToken, nil)
	expectError(t, r, http.StatusConflict, "conflict", "missing folder")
	if !strings.Contains(r.str("error"), "missing_data") {
		t.Errorf("missing folder message: %s", r.raw)
	}
}

func TestBackupAllRoute(t *testing.T) {
	e := newEnv(t)
	e.createEmpresa("Loja A")
	e.createEmpresa("Loja B")
	os.WriteFile(filepath.Join(e.dataDir, "admin.token"), []byte(adminToken), 0o600)
	dir := t.TempDir()
	res, names := e.download("/api/backup", adminToken, dir)
	if !strings.HasPrefix(res.Header.Get("Content-Disposition"), `attachment; filename="vendeai-backup-`) {
		t.Errorf("Content-Disposition %q", res.Header.Get("Content-Disposition"))
	}
	want := "meta.db tenants/empresa_1/empresa.db tenants/empresa_2/empresa.db"
	if strings.Join(names, " ") != want {
		t.Errorf("archive holds %v, want %s", names, want)
	}
}

// TestHotBackupThroughAPI: backups taken while another connection keeps
// committing to the empresa's file are intact and hold every committed row.
func TestHotBackupThroughAPI(t *testing.T) {
	ctx := context.Background()
	e := newEnv(t)
	id, _ := e.createEmpresa("Loja RJ")
	writer, err := sqlite.Open(ctx, filepath.Join(e.dataDir, "tenants", "empresa_1", "empresa.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer writer.Close()
	if _, err := writer.SQL().Exec(`CREATE TABLE carros (id INTEGER PRIMARY KEY, lote INTEGER NOT NULL, modelo TEXT NOT NULL)`); err != nil {
		t.Fatal(err)
	}
	var committed atomic.Int64
	batch := func(lote int) error {
		tx, err := writer.SQL().Begin()
		if err != nil {
			return err
		}
		defer tx.Rollback()
		for i := 0; i < 10; i++ {
			if _, err := tx.Exec(`INSERT INTO carros (lote, modelo) VALUES (?, ?)`, lote, strings.Repeat("HB20 Comfort ", 30)); err != nil {
				return err
			}
		}
		if err := tx.Commit(); err != nil {
			return err
		}
		committed.Add(10)
		return nil
	}
	for lote := 0; lote < 300; lote++ {
		if err := batch(lote); err != nil {
			t.Fatal(err)
		}
	}
	stop, done := make(chan struct{}), make(chan error, 1)
	go func() {
		for lote := 300; ; lote++ {
			select {
			case <-stop:
				done <- nil
				return
			default:
			}
			if err := batch(lote); err != nil {
				done <- err
				return
			}
		}
	}()
	start := committed.Load()
	for i := 0; i < 3; i++ {
		before := committed.Load()
		dir := t.TempDir()
		e.download(fmt.Sprintf("/api/empresas/%d/backup", id), adminToken, dir)
		snap := filepath.Join(dir, "empresa_1", "empresa.db")
		if err := sqlite.CheckFile(ctx, snap); err != nil {
			t.Fatalf("backup %d: %v", i, err)
		}
		cp, err := sqlite.Open(ctx, snap)
		if err != nil {
			t.Fatal(err)
		}
		var rows, partial int64
		if err := cp.SQL().QueryRow(`SELECT COUNT(*) FROM carros`).Scan(&rows); err != nil {
			t.Fatal(err)
		}
		if err := cp.SQL().QueryRow(`SELECT COUNT(*) FROM (SELECT lote FROM carros GROUP BY lote HAVING COUNT(*) <> 10)`).Scan(&partial); err != nil {
			t.Fatal(err)
		}
		cp.Close()
		if rows < before || partial != 0 {
			t.Errorf("backup %d: %d rows (%d committed before it), %d partial batches", i, rows, before, partial)
		}
	}
	close(stop)
	if err := <-done; err != nil {
		t.Fatalf("writer failed during the backups: %v", err)
	}
	if committed.Load() == start {
		t.Error("nothing was written during the backups: the test proves nothing")
	}
}

func TestReady(t *testing.T) {
	e := newEnv(t)
	r := e.do("GET", "/ready", "", nil)
	expectStatus(t, r, http.StatusOK, "ready")
	if r.str("status") != "ready" {
		t.Errorf("ready body %s", r.raw)
	}

	// Before the empresas are loaded: 503 on /ready and on the API, while
	// /health still answers (the process is alive).
	var ready atomic.Bool
	srv := httptest.NewServer(api.New(api.Config{Version: "test", Auth: app.TokenAuth{Registry: e.registry},
		Empresas: e.tenants, Backups: e.tenants, Ready: ready.Load}).Handler())
	defer srv.Close()
	get := func(path string) (int, string) {
		req, _ := http.NewRequest("GET", srv.URL+path, nil)
		req.Header.Set("Authorization", "Bearer "+adminToken)
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		body, _ := io.ReadAll(res.Body)
		return res.StatusCode, string(body)
	}
	if code, body := get("/ready"); code != http.StatusServiceUnavailable || !strings.Contains(body, "starting") {
		t.Errorf("ready while starting: %d %s", code, body)
	}
	if code, _ := get("/health"); code != http.StatusOK {
		t.Errorf("health while starting: %d", code)
	}
	if code, body := get("/api/empresas"); code != http.StatusServiceUnavailable || !strings.Contains(body, `"code":"unavailable"`) {
		t.Errorf("API while starting: %d %s", code, body)
	}
	ready.Store(true)
	if code, _ := get("/ready"); code != http.StatusOK {
		t.Errorf("ready once loaded: %d", code)
	}
	if code, _ := get("/api/empresas"); code != http.StatusOK {
		t.Errorf("API once loaded: %d", code)
	}
}
