package webhooks

import (
	"fmt"
	"net"
	"net/url"
	"slices"
	"strconv"
	"strings"
)

// Hosts is VENDEAI_WEBHOOK_HOSTS: the hosts (any port) and host:port pairs
// an empresa token may point its webhook at. The admin may use any URL.
type Hosts struct {
	entries []string // as configured, normalized: "host" or "host:port"
}

// ParseHosts reads a comma-separated list of hosts or host:port pairs
// ("crm.example.com, 10.0.0.5:8080, [::1]:9000").
func ParseHosts(list string) (Hosts, error) {
	var h Hosts
	for _, raw := range strings.Split(list, ",") {
		entry := strings.ToLower(strings.TrimSpace(raw))
		if entry == "" {
			continue
		}
		if strings.ContainsAny(entry, "/@ ") {
			return Hosts{}, fmt.Errorf("VENDEAI_WEBHOOK_HOSTS: %q não é um host; use host ou host:porta, como crm.exemplo.com.br ou 10.0.0.5:8080", raw)
		}
		if host, port, err := net.SplitHostPort(entry); err == nil {
			if n, err := strconv.Atoi(port); err != nil || n < 1 || n > 65535 || host == "" {
				return Hosts{}, fmt.Errorf("VENDEAI_WEBHOOK_HOSTS: %q tem uma porta inválida", raw)
			}
			entry = net.JoinHostPort(host, port)
		} else {
			open, closed := strings.HasPrefix(entry, "["), strings.HasSuffix(entry, "]")
			entry = strings.TrimSuffix(strings.TrimPrefix(entry, "["), "]")
			ipv6 := strings.Contains(entry, ":")
			if open != closed || strings.ContainsAny(entry, "[]") || (ipv6 && net.ParseIP(entry) == nil) || (open && !ipv6) || entry == "" {
				return Hosts{}, fmt.Errorf("VENDEAI_WEBHOOK_HOSTS: %q não é um host; use host ou host:porta, e [ipv6]:porta", raw)
			}
		}
		if !slices.Contains(h.entries, entry) {
			h.entries = append(h.entries, entry)
		}
	}
	return h, nil
}

// Allows reports whether u's host (with its port, or the scheme's default)
// is on the list.
func (h Hosts) Allows(u *url.URL) bool {
	host := strings.ToLower(u.Hostname())
	port := u.Port()
	if port == "" {
		port = map[string]string{"http": "80", "https": "443"}[u.Scheme]
	}
	return slices.Contains(h.entries, host) || slices.Contains(h.entries, net.JoinHostPort(host, port))
}

// String lists the entries as configured.
func (h Hosts) String() string { return strings.Join(h.entries, ",") }
