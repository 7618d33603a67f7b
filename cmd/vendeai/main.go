// Command vendeai is the VendeAI appliance: one binary that serves many
// dealers' WhatsApp sales assistants on port 3010.
//
//	vendeai [serve]       run the server (the default)
//	vendeai backup        back up the registry and every empresa
//	vendeai restore       restore a backup into a stopped, empty data dir
//	vendeai healthcheck   exit 0 when the local server's /health is ok
//	vendeai version       print the version
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"
)

// Version is set at build time: -ldflags "-X main.Version=1.2.3".
var Version = "dev"

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, os.Args[1:], os.Getenv, os.Stdout, os.Stderr); err != nil {
		if !errors.Is(err, flag.ErrHelp) {
			fmt.Fprintln(os.Stderr, "vendeai:", err)
		}
		os.Exit(1)
	}
}

// run dispatches the subcommand; it returns when the command is done (for
// serve: when ctx ends and the shutdown has finished).
func run(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	cmd := "serve"
	if len(args) > 0 && args[0] != "" && args[0][0] != '-' {
		cmd, args = args[0], args[1:]
	}
	switch cmd {
	case "serve":
		cfg, err := parseServeFlags(args, getenv, stderr)
		if err != nil {
			return err
		}
		return serve(ctx, cfg, stderr)
	case "backup":
		return backupCmd(ctx, args, getenv, stdout, stderr)
	case "restore":
		return restoreCmd(ctx, args, getenv, stdout, stderr)
	case "healthcheck":
		return healthcheck(ctx, args, getenv, stdout, stderr)
	case "version":
		fmt.Fprintln(stdout, "vendeai", Version)
		return nil
	case "help", "-h", "--help":
		fmt.Fprintln(stdout, usage)
		return nil
	}
	return fmt.Errorf("comando desconhecido %q\n%s", cmd, usage)
}

const usage = `uso: vendeai [comando] [opções]

comandos:
  serve         inicia o servidor (padrão)
  backup        grava um backup completo: vendeai backup --data DIR --out DIR
  restore       restaura um backup: vendeai restore --from ARQUIVO|DIR --data DIR [--force]
  healthcheck   sai com 0 se o /health do servidor local responde ok
  version       mostra a versão

"vendeai <comando> -h" lista as opções de cada comando.`

// serve runs the appliance until ctx ends, then shuts it down in order.
func serve(ctx context.Context, cfg Config, logOut io.Writer) error {
	m := NewMain(cfg, newLogger(cfg, logOut))
	if err := m.Run(ctx); err != nil {
		m.Close()
		return err
	}
	<-ctx.Done()
	m.log.Info("encerrando: sinal recebido")
	return m.Close()
}
