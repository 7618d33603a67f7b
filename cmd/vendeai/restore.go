package main

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"vendeai/app"
	"vendeai/storage/bolt"
	"vendeai/tenants"
)

// restoreCmd unpacks a backup into a stopped appliance's data dir.
func restoreCmd(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("restore", flag.ContinueOnError)
	fs.SetOutput(stderr)
	from := fs.String("from", "", "arquivo .tar.gz do backup, ou diretório com backups (usa o vendeai-backup-*.tar.gz mais recente)")
	dataDir := fs.String("data", envOr(getenv, "VENDEAI_DATA", "./data"), "diretório de dados a restaurar (VENDEAI_DATA); deve estar vazio")
	force := fs.Bool("force", false, "restaura num diretório não vazio; o que for substituído vai para removed/")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *from == "" {
		return errors.New("informe --from (o arquivo de backup ou o diretório onde estão os backups)")
	}
	src, err := backupFile(*from)
	if err != nil {
		return err
	}
	// A running server holds meta.db: restoring under it would mix two
	// appliances' states.
	metaPath := filepath.Join(*dataDir, bolt.FileName)
	if _, err := os.Stat(metaPath); err == nil {
		reg, err := bolt.Open(metaPath, 300*time.Millisecond)
		if errors.Is(err, bolt.ErrLocked) {
			return fmt.Errorf("um servidor VendeAI está usando %s; pare-o antes de restaurar", *dataDir)
		} else if err != nil {
			return err
		}
		reg.Close()
	}
	f, err := os.Open(src)
	if err != nil {
		return err
	}
	defer f.Close()
	res, err := tenants.Restore(ctx, f, *dataDir, tenants.RestoreOptions{Force: *force})
	if err != nil && res == nil { // refused while checking: nothing was touched
		return fmt.Errorf("restauração cancelada, nada foi alterado: %w", err)
	} else if err != nil { // failed while moving files into place
		for _, p := range res.MovedAside {
			fmt.Fprintf(stdout, "substituído e guardado em %s\n", p)
		}
		return fmt.Errorf("restauração interrompida no meio (o diretório de dados ficou parcialmente restaurado; o que foi substituído está em removed/): %w", err)
	}

	ids := make([]string, len(res.Empresas))
	for i, id := range res.Empresas {
		ids[i] = fmt.Sprint(id)
	}
	fmt.Fprintf(stdout, "restaurado de %s em %s: %d empresa(s) (%s)\n", src, *dataDir, len(res.Empresas), strings.Join(ids, ", "))
	for _, p := range res.MovedAside {
		fmt.Fprintf(stdout, "substituído e guardado em %s\n", p)
	}
	if !res.Registry {
		fmt.Fprintln(stdout, "o backup não tem o registro (meta.db): as empresas serão adotadas na próxima inicialização; gere um token para cada uma com POST /api/empresas/<id>/token")
		return nil
	}
	fmt.Fprintln(stdout, "o token de administrador não faz parte de backups: use o token da instalação de origem, ou defina um novo com VENDEAI_ADMIN_TOKEN")
	if stale := staleAdminToken(ctx, *dataDir); stale != "" {
		fmt.Fprintln(stdout, stale)
	}
	return nil
}

// backupFile resolves --from: a file as given, or the newest full backup in
// a directory (the names sort by their UTC timestamp).
func backupFile(from string) (string, error) {
	info, err := os.Stat(from)
	if err != nil {
		return "", err
	}
	if !info.IsDir() {
		return from, nil
	}
	matches, err := filepath.Glob(filepath.Join(from, "vendeai-backup-*.tar.gz"))
	if err != nil {
		return "", err
	}
	if len(matches) == 0 {
		return "", fmt.Errorf("nenhum vendeai-backup-*.tar.gz em %s", from)
	}
	sort.Strings(matches)
	return matches[len(matches)-1], nil
}

// staleAdminToken warns where DATA/admin.token (kept by --force) no longer
// matches the admin token hash the restored registry holds.
func staleAdminToken(ctx context.Context, dataDir string) string {
	raw, err := os.ReadFile(filepath.Join(dataDir, "admin.token"))
	if err != nil {
		return ""
	}
	reg, err := bolt.Open(filepath.Join(dataDir, bolt.FileName), time.Second)
	if err != nil {
		return ""
	}
	defer reg.Close()
	hash, err := reg.AdminTokenHash(ctx)
	if err != nil || bytes.Equal(hash, app.HashToken(strings.TrimSpace(string(raw)))) {
		return ""
	}
	return "atenção: o admin.token deste diretório não vale para o registro restaurado; use o token da origem ou VENDEAI_ADMIN_TOKEN"
}
