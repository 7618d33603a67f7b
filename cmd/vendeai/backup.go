package main

import (
	"archive/tar"
	"compress/gzip"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"time"

	"vendeai/storage/bolt"
	"vendeai/tenants"
)

// backupCmd writes a full backup (registry + every empresa) of a data dir.
//
// While a server runs, bbolt's exclusive lock keeps any other process out of
// meta.db, so the command cannot read the files itself; it asks the running
// server for GET /api/backup with the admin token, and the server takes the
// snapshots without stopping (VACUUM INTO, bbolt read tx). Where no server
// holds the lock, it opens the files directly and takes the same snapshots.
// Either way the archive is written to a .partial file, read back in full
// (gzip checksum, every entry) and only then renamed: a file named
// vendeai-backup-*.tar.gz is always complete.
func backupCmd(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("backup", flag.ContinueOnError)
	fs.SetOutput(stderr)
	dataDir := fs.String("data", envOr(getenv, "VENDEAI_DATA", "./data"), "diretório de dados (VENDEAI_DATA)")
	out := fs.String("out", "", "diretório onde gravar o backup (- para a saída padrão)")
	addr := fs.String("addr", envOr(getenv, "VENDEAI_ADDR", ":3010"), "endereço do servidor em execução (VENDEAI_ADDR)")
	token := fs.String("token", getenv("VENDEAI_ADMIN_TOKEN"), "token de administrador (VENDEAI_ADMIN_TOKEN; padrão: DATA/admin.token)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *out == "" {
		return errors.New("informe --out DIR (onde gravar o backup) ou --out - (saída padrão)")
	}
	metaPath := filepath.Join(*dataDir, bolt.FileName)
	if _, err := os.Stat(metaPath); err != nil {
		return fmt.Errorf("%s não tem %s: não é um diretório de dados do VendeAI", *dataDir, bolt.FileName)
	}
	msg := stdout
	if *out == "-" {
		msg = stderr
	}

	// write produces the archive into w, by whichever way the lock allows.
	var how string
	write := func(w io.Writer) error {
		reg, err := bolt.Open(metaPath, 300*time.Millisecond)
		if errors.Is(err, bolt.ErrLocked) {
			how = "pelo servidor em execução"
			return backupOverHTTP(ctx, *addr, adminToken(*token, *dataDir), w)
		} else if err != nil {
			return err
		}
		defer reg.Close()
		how = "direto dos arquivos (servidor parado)"
		log := slog.New(slog.NewTextHandler(stderr, &slog.HandlerOptions{Level: slog.LevelWarn}))
		m := tenants.New(tenants.Config{DataDir: *dataDir, Registry: reg, Logger: log})
		defer m.Close()
		return m.BackupAll(ctx, w)
	}

	if *out == "-" {
		if err := write(stdout); err != nil {
			return err
		}
		fmt.Fprintf(msg, "backup completo enviado à saída padrão (%s)\n", how)
		return nil
	}
	if err := os.MkdirAll(*out, 0o700); err != nil {
		return err
	}
	f, err := os.CreateTemp(*out, ".vendeai-backup-*.partial")
	if err != nil {
		return err
	}
	partial := f.Name()
	defer os.Remove(partial) // a no-op once renamed
	// The archive holds WhatsApp credentials: owner only.
	if err := f.Chmod(0o600); err != nil {
		f.Close()
		return err
	}
	err = write(f)
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return fmt.Errorf("backup não gravado: %w", err)
	}
	empresas, size, err := verifyArchive(partial)
	if err != nil {
		return fmt.Errorf("backup não gravado: o arquivo recebido está incompleto: %w", err)
	}
	final := filepath.Join(*out, "vendeai-backup-"+time.Now().UTC().Format("20060102T150405Z")+".tar.gz")
	if err := os.Rename(partial, final); err != nil {
		return err
	}
	fmt.Fprintf(msg, "backup gravado em %s: registro e %d empresa(s), %.1f MB, %s\n", final, empresas, float64(size)/1e6, how)
	return nil
}

// adminToken is the token given, or the one the server generated into
// DATA/admin.token.
func adminToken(given, dataDir string) string {
	if given != "" {
		return strings.TrimSpace(given)
	}
	data, _ := os.ReadFile(filepath.Join(dataDir, "admin.token"))
	return strings.TrimSpace(string(data))
}

// backupOverHTTP streams GET /api/backup of the running server into w.
func backupOverHTTP(ctx context.Context, addr, token string, w io.Writer) error {
	if token == "" {
		return errors.New("o servidor está em execução neste diretório e a cópia é pedida a ele: informe o token de administrador (--token, VENDEAI_ADMIN_TOKEN ou DATA/admin.token)")
	}
	base, err := localURL(addr)
	if err != nil {
		return err
	}
	req, err := http.NewRequestWithContext(ctx, "GET", base+"/api/backup", nil)
	if err != nil {
		return err
	}
	req.Header.Set("Authorization", "Bearer "+token)
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		return fmt.Errorf("o diretório está em uso por um servidor, mas ele não respondeu em %s (use --addr): %w", base, err)
	}
	defer res.Body.Close()
	if res.StatusCode != http.StatusOK {
		var body struct {
			Error string `json:"error"`
		}
		json.NewDecoder(io.LimitReader(res.Body, 1<<16)).Decode(&body)
		return fmt.Errorf("o servidor em %s recusou o backup: HTTP %d %s", base, res.StatusCode, body.Error)
	}
	if _, err := io.Copy(w, res.Body); err != nil {
		return fmt.Errorf("backup interrompido durante o download: %w", err)
	}
	return nil
}

// verifyArchive reads the whole archive back: the gzip checksum, every tar
// entry, a registry present. It returns the count of empresas and the size.
func verifyArchive(path string) (empresas int, size int64, err error) {
	f, err := os.Open(path)
	if err != nil {
		return 0, 0, err
	}
	defer f.Close()
	gz, err := gzip.NewReader(f)
	if err != nil {
		return 0, 0, err
	}
	tr := tar.NewReader(gz)
	registry := false
	for {
		hdr, err := tr.Next()
		if errors.Is(err, io.EOF) {
			break
		} else if err != nil {
			return 0, 0, err
		}
		if _, err := io.Copy(io.Discard, tr); err != nil {
			return 0, 0, err
		}
		if hdr.Name == tenants.ArchiveRegistry {
			registry = true
		} else {
			empresas++
		}
	}
	if _, err := io.Copy(io.Discard, gz); err != nil {
		return 0, 0, err
	}
	if !registry {
		return 0, 0, errors.New("sem meta.db")
	}
	info, err := f.Stat()
	if err != nil {
		return 0, 0, err
	}
	return empresas, info.Size(), nil
}
