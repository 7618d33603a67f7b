package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"time"
)

// healthcheck asks the local server's /health and fails unless it says ok.
// It is the Docker HEALTHCHECK: the distroless image has no curl or shell.
func healthcheck(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("healthcheck", flag.ContinueOnError)
	fs.SetOutput(stderr)
	addr := fs.String("addr", envOr(getenv, "VENDEAI_ADDR", ":3010"), "endereço do servidor (VENDEAI_ADDR)")
	timeout := fs.Duration("timeout", 3*time.Second, "tempo máximo de espera pela resposta")
	if err := fs.Parse(args); err != nil {
		return err
	}
	base, err := localURL(*addr)
	if err != nil {
		return err
	}
	ctx, cancel := context.WithTimeout(ctx, *timeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, "GET", base+"/health", nil)
	if err != nil {
		return err
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		return fmt.Errorf("o servidor não respondeu em %s: %w", base, err)
	}
	defer res.Body.Close()
	var body struct {
		Status string `json:"status"`
	}
	json.NewDecoder(io.LimitReader(res.Body, 1<<16)).Decode(&body)
	if res.StatusCode != http.StatusOK || body.Status != "ok" {
		return fmt.Errorf("o servidor em %s não está saudável: HTTP %d, status %q", base, res.StatusCode, body.Status)
	}
	fmt.Fprintln(stdout, "ok")
	return nil
}

// localURL turns a listen address (":3010", "0.0.0.0:3010", "10.0.0.5:3010")
// into the URL this machine reaches it at: a wildcard host means loopback.
func localURL(addr string) (string, error) {
	host, port, err := net.SplitHostPort(addr)
	if err != nil || port == "" {
		return "", fmt.Errorf("endereço inválido %q (use host:porta, como :3010)", addr)
	}
	switch host {
	case "", "0.0.0.0", "::", "[::]":
		host = "127.0.0.1"
	}
	return "http://" + net.JoinHostPort(host, port), nil
}

// envOr is the environment variable name, or def where it is unset.
func envOr(getenv func(string) string, name, def string) string {
	if v := getenv(name); v != "" {
		return v
	}
	return def
}
