package main

import (
	"flag"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"vendeai/tenants"
	"vendeai/webhooks"
)

// Config is the appliance's configuration: flags, with environment
// variables as their defaults (the Docker image sets those).
type Config struct {
	Addr        string
	DataDir     string
	AdminToken  string
	CORSOrigins []string
	WhatsApp    string // whatsmeow or sandbox
	LogFormat   string // text or json
	LogLevel    string
	// SandboxQR is how long each of the sandbox's QR codes lasts (0:
	// WhatsApp's own cadence, 60 s then 20 s).
	SandboxQR time.Duration
	// WebhookHosts are the hosts an empresa token may aim its webhook at.
	WebhookHosts webhooks.Hosts
	// WebhookBackoff is the first retry's delay of a failed delivery.
	WebhookBackoff time.Duration
	// TrustProxy: a reverse proxy in front sets X-Forwarded-Proto and
	// X-Forwarded-For (HTTPS panel cookies, the login limit's address).
	TrustProxy bool
}

// transport is the WhatsApp the configuration names.
func (c Config) transport() tenants.Transport {
	if c.WhatsApp == "sandbox" {
		return tenants.NewSandbox(tenants.SandboxConfig{QRFirst: c.SandboxQR, QRNext: c.SandboxQR})
	}
	return tenants.NewWhatsmeow(tenants.WhatsmeowConfig{})
}

// parseServeFlags reads the serve configuration from args and the
// environment.
func parseServeFlags(args []string, getenv func(string) string, stderr io.Writer) (Config, error) {
	env := func(name, def string) string {
		if v := strings.TrimSpace(getenv(name)); v != "" {
			return v
		}
		return def
	}
	fs := flag.NewFlagSet("serve", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var cfg Config
	var origins, webhookHosts, webhookBackoff string
	fs.StringVar(&cfg.Addr, "addr", env("VENDEAI_ADDR", ":3010"), "endereço HTTP (VENDEAI_ADDR)")
	fs.StringVar(&cfg.DataDir, "data", env("VENDEAI_DATA", "./data"), "diretório de dados (VENDEAI_DATA)")
	fs.StringVar(&cfg.AdminToken, "admin-token", env("VENDEAI_ADMIN_TOKEN", ""), "token de administrador (VENDEAI_ADMIN_TOKEN); sem ele, um é gerado em DATA/admin.token")
	fs.StringVar(&origins, "cors-origins", env("VENDEAI_CORS_ORIGINS", "http://localhost:5173"), "origens CORS permitidas, separadas por vírgula (VENDEAI_CORS_ORIGINS)")
	fs.StringVar(&cfg.WhatsApp, "whatsapp", env("VENDEAI_WHATSAPP", "whatsmeow"), "transporte WhatsApp: whatsmeow ou sandbox (VENDEAI_WHATSAPP)")
	var qrSeconds string
	fs.StringVar(&qrSeconds, "sandbox-qr-seconds", env("VENDEAI_SANDBOX_QR_SECONDS", ""), "no modo sandbox, segundos de validade de cada QR, de 1 a 600 (VENDEAI_SANDBOX_QR_SECONDS)")
	fs.StringVar(&cfg.LogFormat, "log-format", env("VENDEAI_LOG_FORMAT", "text"), "formato dos logs: text ou json (VENDEAI_LOG_FORMAT)")
	fs.StringVar(&cfg.LogLevel, "log-level", env("VENDEAI_LOG_LEVEL", "info"), "nível dos logs: debug, info, warn, error (VENDEAI_LOG_LEVEL)")
	fs.StringVar(&webhookHosts, "webhook-hosts", env("VENDEAI_WEBHOOK_HOSTS", ""), "hosts (ou host:porta), separados por vírgula, para onde o token de uma empresa pode apontar o webhook dela (VENDEAI_WEBHOOK_HOSTS)")
	fs.StringVar(&webhookBackoff, "webhook-backoff", env("VENDEAI_WEBHOOK_BACKOFF", "10s"), "espera antes da 1ª nova tentativa de um webhook que falhou; dobra até 1h (VENDEAI_WEBHOOK_BACKOFF)")
	trustProxy, err := strconv.ParseBool(env("VENDEAI_TRUST_PROXY", "false"))
	if err != nil {
		return cfg, fmt.Errorf("VENDEAI_TRUST_PROXY deve ser true ou false, não %q", getenv("VENDEAI_TRUST_PROXY"))
	}
	fs.BoolVar(&cfg.TrustProxy, "trust-proxy", trustProxy, "atrás de um proxy reverso que define X-Forwarded-Proto e X-Forwarded-For (VENDEAI_TRUST_PROXY)")
	if err := fs.Parse(args); err != nil {
		return cfg, err
	}
	if fs.NArg() > 0 {
		return cfg, fmt.Errorf("argumento inesperado: %s", fs.Arg(0))
	}
	for _, o := range strings.Split(origins, ",") {
		o = strings.TrimRight(strings.TrimSpace(o), "/")
		if o == "" {
			continue
		}
		if o != "*" && !strings.HasPrefix(o, "http://") && !strings.HasPrefix(o, "https://") {
			return cfg, fmt.Errorf("VENDEAI_CORS_ORIGINS: %q não é uma origem; use a forma http(s)://host[:porta], como http://localhost:5173", o)
		}
		cfg.CORSOrigins = append(cfg.CORSOrigins, o)
	}
	switch cfg.WhatsApp {
	case "whatsmeow", "sandbox":
	default:
		return cfg, fmt.Errorf("VENDEAI_WHATSAPP deve ser whatsmeow ou sandbox, não %q", cfg.WhatsApp)
	}
	switch cfg.LogFormat {
	case "text", "json":
	default:
		return cfg, fmt.Errorf("VENDEAI_LOG_FORMAT deve ser text ou json, não %q", cfg.LogFormat)
	}
	if _, err := parseLevel(cfg.LogLevel); err != nil {
		return cfg, err
	}
	if qrSeconds != "" {
		n, err := strconv.Atoi(qrSeconds)
		if err != nil || n < 1 || n > 600 {
			return cfg, fmt.Errorf("VENDEAI_SANDBOX_QR_SECONDS inválido: %q (use de 1 a 600)", qrSeconds)
		}
		cfg.SandboxQR = time.Duration(n) * time.Second
	}
	if cfg.WebhookHosts, err = webhooks.ParseHosts(webhookHosts); err != nil {
		return cfg, err
	}
	if cfg.WebhookBackoff, err = parseBackoff(webhookBackoff); err != nil {
		return cfg, err
	}
	return cfg, nil
}

// parseBackoff reads VENDEAI_WEBHOOK_BACKOFF: a duration (10s, 1m) or
// whole seconds, from 1 ms to the 1 h cap.
func parseBackoff(s string) (time.Duration, error) {
	d, err := time.ParseDuration(s)
	if n, aerr := strconv.Atoi(s); aerr == nil {
		d, err = time.Duration(n)*time.Second, nil
	}
	if err != nil || d < time.Millisecond || d > webhooks.MaxBackoff {
		return 0, fmt.Errorf("VENDEAI_WEBHOOK_BACKOFF deve ser uma duração de 1ms a 1h, como 10s ou 1m, não %q", s)
	}
	return d, nil
}
