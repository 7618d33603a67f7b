package webhooks_test

import (
	"net/url"
	"strings"
	"testing"

	"vendeai/webhooks"
)

func TestHostAllowList(t *testing.T) {
	hosts, err := webhooks.ParseHosts(" CRM.example.com , 10.0.0.5:8080,[::1]:9000, [fe80::1] ,,")
	if err != nil {
		t.Fatal(err)
	}
	if hosts.String() != "crm.example.com,10.0.0.5:8080,[::1]:9000,fe80::1" {
		t.Errorf("parsed as %q", hosts)
	}
	for raw, want := range map[string]bool{
		"https://crm.example.com/hook":       true,
		"http://crm.EXAMPLE.com:81/x":        true,
		"http://10.0.0.5:8080/":              true,
		"http://10.0.0.5/":                   false,
		"https://10.0.0.5:8443/":             false,
		"http://[::1]:9000/x":                true,
		"http://[::1]:9001/x":                false,
		"http://[fe80::1]:1/x":               true,
		"http://crm.example.com.evil.net/":   false,
		"http://evil.net/?crm.example.com":   false,
		"http://localhost/":                  false,
		"http://127.0.0.1:3010/api/empresas": false,
	} {
		u, _ := url.Parse(raw)
		if got := hosts.Allows(u); got != want {
			t.Errorf("%s: %v, want %v", raw, got, want)
		}
	}
	// Default ports count as the scheme's.
	h, _ := webhooks.ParseHosts("crm.example.com:443")
	if u, _ := url.Parse("https://crm.example.com/x"); !h.Allows(u) {
		t.Error("https without a port is :443")
	}
	if u, _ := url.Parse("http://crm.example.com/x"); h.Allows(u) {
		t.Error("http without a port is :80")
	}
	for _, bad := range []string{"https://crm.example.com", "crm.example.com/path", "user@host", "host:porta", "host:0", "host:70000", "[::1", "a b"} {
		if _, err := webhooks.ParseHosts(bad); err == nil || !strings.Contains(err.Error(), "VENDEAI_WEBHOOK_HOSTS") {
			t.Errorf("%q: %v", bad, err)
		}
	}
	if empty, err := webhooks.ParseHosts(""); err != nil || empty.String() != "" {
		t.Errorf("empty list: %v", err)
	}
}

func FuzzParseHosts(f *testing.F) {
	for _, s := range []string{"crm.example.com", "10.0.0.5:8080,[::1]:9000", "[fe80::1]", "a,,b", "host:0", "x:y:z"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, list string) {
		hosts, err := webhooks.ParseHosts(list)
		if err != nil {
			return
		}
		// What was accepted reads back the same, and allows a URL made of
		// each of its entries.
		again, err := webhooks.ParseHosts(hosts.String())
		if err != nil || again.String() != hosts.String() {
			t.Fatalf("%q -> %q -> %q %v", list, hosts, again, err)
		}
	})
}
