package app_test

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"vendeai/app"
)

func TestWebhookInputValidation(t *testing.T) {
	now := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
	secret := "segredo-0123456789"
	short, long := "curto", strings.Repeat("s", 257)
	for name, c := range map[string]struct {
		in      app.WebhookInput
		current *app.Webhook
		ok      bool
	}{
		"minimal":              {in: app.WebhookInput{URL: "https://crm.example/hook", Segredo: &secret}, ok: true},
		"http with port+query": {in: app.WebhookInput{URL: "http://10.0.0.5:8080/h?k=v", Segredo: &secret}, ok: true},
		"secret kept":          {in: app.WebhookInput{URL: "https://crm.example/x"}, current: &app.Webhook{Segredo: secret}, ok: true},
		"no secret at all":     {in: app.WebhookInput{URL: "https://crm.example/x"}},
		"short secret":         {in: app.WebhookInput{URL: "https://crm.example/x", Segredo: &short}},
		"long secret":          {in: app.WebhookInput{URL: "https://crm.example/x", Segredo: &long}},
		"empty url":            {in: app.WebhookInput{Segredo: &secret}},
		"relative":             {in: app.WebhookInput{URL: "/hook", Segredo: &secret}},
		"no scheme":            {in: app.WebhookInput{URL: "crm.example/hook", Segredo: &secret}},
		"ftp":                  {in: app.WebhookInput{URL: "ftp://crm.example/hook", Segredo: &secret}},
		"javascript":           {in: app.WebhookInput{URL: "javascript:alert(1)", Segredo: &secret}},
		"user and password":    {in: app.WebhookInput{URL: "https://u:p@crm.example/", Segredo: &secret}},
		"user alone":           {in: app.WebhookInput{URL: "https://u@crm.example/", Segredo: &secret}},
		"no host":              {in: app.WebhookInput{URL: "http://:80/x", Segredo: &secret}},
		"over 2048":            {in: app.WebhookInput{URL: "https://crm.example/" + strings.Repeat("a", 2048), Segredo: &secret}},
		"control character":    {in: app.WebhookInput{URL: "https://crm.example/\n", Segredo: &secret}},
		"no events":            {in: app.WebhookInput{URL: "https://crm.example/", Segredo: &secret, Eventos: []string{}}},
		"unknown event":        {in: app.WebhookInput{URL: "https://crm.example/", Segredo: &secret, Eventos: []string{"lead", "venda"}}},
	} {
		w, err := c.in.Webhook(c.current, now)
		if c.ok != (err == nil) {
			t.Errorf("%s: %v", name, err)
			continue
		}
		if err != nil && (app.ErrorCode(err) != app.EINVALID || app.ErrorMessage(err) == "") {
			t.Errorf("%s: %v, want invalid with a message", name, err)
		}
		if err == nil && (w.Segredo != secret || !w.SegredoDefinido || !w.Ativo || !w.AtualizadoEm.Equal(now)) {
			t.Errorf("%s: %+v", name, w)
		}
	}
	off := false
	w, err := app.WebhookInput{URL: "https://crm.example/", Segredo: &secret, Eventos: []string{"lead", "qr", "lead", "status"}, Ativo: &off}.Webhook(nil, now)
	if err != nil || strings.Join(w.Eventos, ",") != "status,qr,lead" || w.Ativo || w.Wants(app.EventLead) {
		t.Errorf("eventos listed once, in order, off: %+v %v", w, err)
	}
	w, _ = app.WebhookInput{URL: "https://crm.example/", Segredo: &secret}.Webhook(nil, now)
	if strings.Join(w.Eventos, ",") != "status,message,lead" || !w.Wants(app.EventMessage) || w.Wants(app.EventQR) {
		t.Errorf("default eventos %v", w.Eventos)
	}
	if data, _ := json.Marshal(w); strings.Contains(string(data), secret) {
		t.Errorf("a webhook marshals its secret: %s", data)
	}
}

func TestEncodeDeliveryIsTheFramePlusItsFields(t *testing.T) {
	at := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
	ev := app.Event{Type: app.EventStatus, EmpresaID: 3, Data: app.SessionStatus{EmpresaID: 99, Status: app.StateConnected, Since: at}}
	frame, err := app.EncodeEvent(ev)
	if err != nil {
		t.Fatal(err)
	}
	body, err := app.EncodeDelivery(ev, "0190f3a8-7b1c-7d2e-8f00-123456789abc", 42, at)
	if err != nil {
		t.Fatal(err)
	}
	var f, b map[string]json.RawMessage
	json.Unmarshal(frame, &f)
	json.Unmarshal(body, &b)
	if string(f["empresaId"]) != "3" || string(f["type"]) != `"status"` {
		t.Errorf("frame %s", frame)
	}
	if string(b["entregaId"]) != `"0190f3a8-7b1c-7d2e-8f00-123456789abc"` || string(b["seq"]) != "42" || string(b["criadoEm"]) != `"2026-03-01T12:00:00Z"` {
		t.Errorf("delivery fields in %s", body)
	}
	delete(b, "entregaId")
	delete(b, "seq")
	delete(b, "criadoEm")
	rest, _ := json.Marshal(b)
	if string(rest) != string(frame) {
		t.Errorf("body without its fields:\n%s\nframe:\n%s", rest, frame)
	}
}

func FuzzParseWebhookURL(f *testing.F) {
	for _, s := range []string{"https://crm.example/hook", "http://10.0.0.5:8080/h?k=v", "http://u:p@h/", "ftp://x", "/rel",
		"http://[::1]:9/x", "https://crm.example/%zz", "http://:80", "javascript:alert(1)", "http://h/\x00"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, raw string) {
		u, err := app.ParseWebhookURL(raw)
		if err != nil {
			if app.ErrorCode(err) != app.EINVALID {
				t.Fatalf("%q: %v", raw, err)
			}
			return
		}
		if (u.Scheme != "http" && u.Scheme != "https") || u.User != nil || u.Hostname() == "" || len(raw) > app.MaxWebhookURLLength {
			t.Fatalf("%q accepted as %#v", raw, u)
		}
		// What is kept parses again to the same URL.
		again, err := app.ParseWebhookURL(u.String())
		if err != nil || again.String() != u.String() {
			t.Fatalf("%q kept as %q, which reads back as %v %v", raw, u.String(), again, err)
		}
	})
}
