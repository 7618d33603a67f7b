package webhooks_test

import (
	"fmt"
	"io"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"

	"vendeai/app"
	"vendeai/webhooks"
)

// TestMisbehavingReceiversCostOneAttempt: a redirect, a 50 MB answer, a
// reset connection and a hang each cost one attempt, and nothing more.
func TestMisbehavingReceiversCostOneAttempt(t *testing.T) {
	f := newFixture(t, func(c *webhooks.Config) { c.Timeout = 300 * time.Millisecond; c.Backoff = time.Hour })
	followed := make(chan struct{}, 10)
	answered := make(chan int64, 1)
	mux := http.NewServeMux()
	mux.HandleFunc("/redirect", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "/final", http.StatusFound)
	})
	mux.HandleFunc("/final", func(w http.ResponseWriter, r *http.Request) { followed <- struct{}{} })
	mux.HandleFunc("/huge", func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(http.StatusOK)
		chunk := make([]byte, 64<<10)
		var written int64
		for written < 50<<20 {
			n, err := w.Write(chunk)
			written += int64(n)
			if err != nil {
				break
			}
		}
		answered <- written
	})
	mux.HandleFunc("/reset", func(w http.ResponseWriter, r *http.Request) {
		conn, _, err := http.NewResponseController(w).Hijack()
		if err != nil {
			t.Error(err)
			return
		}
		conn.(*net.TCPConn).SetLinger(0) // RST, not FIN
		conn.Close()
	})
	mux.HandleFunc("/hang", func(w http.ResponseWriter, r *http.Request) {
		io.ReadAll(r.Body) // the server notices a client gone once the body is read
		<-r.Context().Done()
	})
	srv := httptestServer(t, mux)

	want := map[string]struct {
		status, erro string
		code         int
	}{
		"/redirect": {app.DeliveryFailed, "HTTP 302: redirecionamento não seguido", 302},
		"/huge":     {app.DeliveryDelivered, "", 200},
		"/reset":    {app.DeliveryPending, "", 0},
		"/hang":     {app.DeliveryPending, "sem resposta em 300ms", 0},
	}
	ids := map[string]int{}
	for path := range want {
		id := f.empresa("Loja " + path)
		ids[path] = id
		f.setWebhook(id, srv.URL+path)
		f.message(id, "oi")
	}
	f.waitAttempts(len(want))
	for path, w := range want {
		list := f.deliveries(ids[path], app.DeliveryFilter{})
		if len(list) != 1 {
			t.Fatalf("%s: %d deliveries", path, len(list))
		}
		d := list[0]
		code := 0
		if d.UltimoCodigo != nil {
			code = *d.UltimoCodigo
		}
		if d.Status != w.status || d.Tentativas != 1 || code != w.code || !strings.HasPrefix(d.UltimoErro, w.erro) {
			t.Errorf("%s: status %s, %d attempt(s), code %d, erro %q; want %s, %d, %q", path, d.Status, d.Tentativas, code, d.UltimoErro, w.status, w.code, w.erro)
		}
		if w.status == app.DeliveryPending && (d.UltimoErro == "" || d.ProximaTentativa == nil || d.ProximaTentativa.Before(time.Now().Add(40*time.Minute))) {
			t.Errorf("%s: a network failure waits for the backoff: %+v", path, d)
		}
	}
	if written := <-answered; written >= 50<<20 {
		t.Errorf("the 50 MB answer was read in full (%d bytes)", written)
	}
	select {
	case <-followed:
		t.Error("the redirect was followed")
	default:
	}
}

func TestFailuresPast24HoursAreFinal(t *testing.T) {
	f := newFixture(t, nil)
	// The worker's clock is a little ahead of the storage's (real) one, so
	// what the storage stamps "now" is due for it.
	start := time.Now().UTC().Add(time.Minute)
	f.clock.set(start)
	rcv := newReceiver(t, 503)
	id := f.empresa("Loja A")
	f.setWebhook(id, rcv.URL)
	f.message(id, "oi")
	if got := f.waitAttempts(1); got[0] != "nova_tentativa" {
		t.Fatalf("first: %v", got)
	}
	f.clock.set(start.Add(25 * time.Hour))
	if got := f.waitAttempts(1); got[0] != app.DeliveryFailed {
		t.Fatalf("after 25 h: %v", got)
	}
	d := f.deliveries(id, app.DeliveryFilter{})[0]
	if d.Status != app.DeliveryFailed || d.Tentativas != 2 || !strings.HasPrefix(d.UltimoErro, "desistiu após 24 h de falhas; a última: HTTP 503") {
		t.Errorf("%+v", d)
	}
}

func TestPruneKeepsDelivered7DaysAndFailed30(t *testing.T) {
	f := newFixture(t, func(c *webhooks.Config) { c.Backoff = time.Hour })
	// The worker's clock is a little ahead of the storage's (real) one, so
	// what the storage stamps "now" is due for it.
	start := time.Now().UTC().Add(time.Minute)
	f.clock.set(start)
	ok, bad := newReceiver(t, 200), newReceiver(t, 422)
	down := newReceiver(t)
	down.Close()
	// One empresa per outcome: each lane settles on its own.
	var ids []int
	for _, url := range []string{ok.URL, bad.URL, down.URL} {
		id := f.empresa(fmt.Sprint("Loja ", len(ids)))
		ids = append(ids, id)
		f.setWebhook(id, url)
		f.message(id, "oi")
	}
	f.waitAttempts(3)
	count := func() map[string]int {
		n := map[string]int{}
		for _, id := range ids {
			for _, d := range f.deliveries(id, app.DeliveryFilter{}) {
				n[d.Status]++
			}
		}
		return n
	}
	if n := count(); n[app.DeliveryDelivered] != 1 || n[app.DeliveryFailed] != 1 || n[app.DeliveryPending] != 1 {
		t.Fatalf("before: %v", n)
	}
	f.svc.Close() // no lane retries the pending one while the days pass

	for _, c := range []struct {
		after  time.Duration
		pruned int
		left   map[string]int
	}{
		{6 * 24 * time.Hour, 0, map[string]int{"entregue": 1, "falhou": 1, "pendente": 1}},
		{8 * 24 * time.Hour, 1, map[string]int{"falhou": 1, "pendente": 1}},
		{29 * 24 * time.Hour, 0, map[string]int{"falhou": 1, "pendente": 1}},
		{31 * 24 * time.Hour, 1, map[string]int{"pendente": 1}},
	} {
		f.clock.set(start.Add(c.after))
		n, err := f.svc.Prune(ctx)
		if err != nil || n != c.pruned {
			t.Errorf("after %s: pruned %d (%v), want %d", c.after, n, err, c.pruned)
		}
		if got := count(); len(got) != len(c.left) || got["entregue"] != c.left["entregue"] || got["falhou"] != c.left["falhou"] || got["pendente"] != c.left["pendente"] {
			t.Errorf("after %s: %v, want %v", c.after, got, c.left)
		}
	}
}

func TestReplayOfADeliveryInFlightIsRefused(t *testing.T) {
	f := newFixture(t, func(c *webhooks.Config) { c.Timeout = time.Minute })
	hanging, release := make(chan string), make(chan struct{})
	srv := httptestServer(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hanging <- r.Header.Get("X-VendeAI-Entrega")
		<-release
	}))
	id := f.empresa("Loja A")
	f.setWebhook(id, srv.URL)
	f.message(id, "oi")
	inFlight := <-hanging
	if _, err := f.svc.Redeliver(adminCtx, id, inFlight); app.ErrorCode(err) != app.ECONFLICT {
		t.Errorf("replay of a delivery in flight: %v", err)
	}
	close(release)
	f.waitAttempts(1)
}

func TestTestSendsAPingNowAndNeverRetriesIt(t *testing.T) {
	f := newFixture(t, nil)
	rcv := newReceiver(t, 200, 500)
	id := f.empresa("Loja A")
	if _, err := f.svc.TestWebhook(adminCtx, id); app.ErrorCode(err) != app.ENOTFOUND {
		t.Errorf("test without a webhook: %v", err)
	}
	f.setWebhook(id, rcv.URL, app.EventLead) // a ping goes whatever the events
	d, err := f.svc.TestWebhook(empresaCtx(id), id)
	if err != nil || d.Status != app.DeliveryDelivered || d.Evento != app.EventPing || d.Seq < 1 {
		t.Fatalf("ping: %+v %v", d, err)
	}
	m := decode(t, rcv.wait(t))
	if m["type"] != "ping" || m["empresaId"] != float64(id) || m["entregaId"] != d.ID || m["mensagem"] == "" {
		t.Errorf("ping body %v", m)
	}
	d, err = f.svc.TestWebhook(empresaCtx(id), id)
	if err != nil || d.Status != app.DeliveryFailed || *d.UltimoCodigo != 500 || d.ProximaTentativa != nil {
		t.Fatalf("failed ping: %+v %v", d, err)
	}
	if list := f.deliveries(id, app.DeliveryFilter{}); len(list) != 2 || list[0].Evento != app.EventPing || list[0].Seq <= list[1].Seq {
		t.Errorf("log: %+v", list)
	}

	// The global test: empresaId 0, seq 0, in no log.
	if _, err := f.svc.TestGlobalWebhook(adminCtx); app.ErrorCode(err) != app.ENOTFOUND {
		t.Errorf("global test without a webhook: %v", err)
	}
	rcv.wait(t) // the failed ping
	rcv.answer(200)
	f.setGlobal(rcv.URL)
	d, err = f.svc.TestGlobalWebhook(adminCtx)
	if err != nil || d.Status != app.DeliveryDelivered || d.Seq != 0 {
		t.Fatalf("global ping: %+v %v", d, err)
	}
	if m := decode(t, rcv.wait(t)); m["empresaId"] != float64(0) || m["type"] != "ping" {
		t.Errorf("global ping body %v", m)
	}
	// Every ping was sent once: the two empresa pings, the global one.
	if got := f.waitAttempts(3); got[1] != app.DeliveryFailed {
		t.Errorf("attempts %v", got)
	}
	select {
	case r := <-rcv.got:
		t.Errorf("a ping went twice: %s", r.body)
	default:
	}
}

func TestStatusEventsAreRecordedWhenPublished(t *testing.T) {
	f := newFixture(t, nil)
	rcv := newReceiver(t)
	id := f.empresa("Loja A")
	f.setWebhook(id, rcv.URL, app.EventStatus, app.EventMessage)
	f.svc.Publish(app.Event{Type: app.EventQR, EmpresaID: id, Data: app.QREvent{QR: "2@abc"}}) // not asked for
	f.svc.Publish(app.Event{Type: app.EventStatus, EmpresaID: id, Data: app.SessionStatus{EmpresaID: id, Status: app.StateConnected}})
	// A message event published (not stored) is the pipeline's WebSocket
	// copy: the outbox already has it from the write.
	f.svc.Publish(app.Event{Type: app.EventMessage, EmpresaID: id, Data: app.MessageEvent{Text: "x"}})
	if m := decode(t, rcv.wait(t)); m["type"] != "status" || m["status"] != "connected" {
		t.Errorf("got %v", m)
	}
	f.waitAttempts(1)
	if list := f.deliveries(id, app.DeliveryFilter{}); len(list) != 1 {
		t.Errorf("%d deliveries recorded, want the status alone", len(list))
	}
}

func TestPausedWebhookWaitsAndARemovedOneFailsWhatWasPending(t *testing.T) {
	f := newFixture(t, func(c *webhooks.Config) { c.Backoff = time.Hour })
	down := newReceiver(t)
	down.Close()
	id := f.empresa("Loja A")
	f.setWebhook(id, down.URL)
	f.message(id, "1")
	f.waitAttempts(1)

	off := false
	if _, err := f.svc.SetWebhook(adminCtx, id, app.WebhookInput{URL: down.URL, Ativo: &off}); err != nil {
		t.Fatal(err)
	}
	f.message(id, "2") // nothing is recorded for a paused webhook
	if list := f.deliveries(id, app.DeliveryFilter{}); len(list) != 1 || list[0].Status != app.DeliveryPending {
		t.Fatalf("paused: %+v", list)
	}
	if err := f.svc.DeleteWebhook(empresaCtx(id), id); err != nil {
		t.Fatal(err)
	}
	if w, _ := f.svc.Webhook(adminCtx, id); w != nil {
		t.Errorf("still set: %+v", w)
	}
	list := f.deliveries(id, app.DeliveryFilter{})
	if len(list) != 1 || list[0].Status != app.DeliveryFailed || list[0].UltimoErro != "webhook removido antes da entrega" {
		t.Errorf("after removal: %+v", list)
	}
	if err := f.svc.DeleteWebhook(adminCtx, id); app.ErrorCode(err) != app.ENOTFOUND {
		t.Errorf("removing it twice: %v", err)
	}
}

func TestEmpresaTokensAreBoundToTheHostAllowList(t *testing.T) {
	f := newFixture(t, func(c *webhooks.Config) {
		c.AllowedHosts, _ = webhooks.ParseHosts("crm.exemplo.com.br, 10.0.0.5:8080")
	})
	id := f.empresa("Loja A")
	s := segredo
	set := func(who int, url string) error {
		c := adminCtx
		if who != 0 {
			c = empresaCtx(who)
		}
		_, err := f.svc.SetWebhook(c, id, app.WebhookInput{URL: url, Segredo: &s})
		return err
	}
	for url, allowed := range map[string]bool{
		"https://crm.exemplo.com.br/hook":      true,
		"http://CRM.exemplo.com.br:9000/x":     true, // a host alone allows any port
		"http://10.0.0.5:8080/hook":            true,
		"http://10.0.0.5:8081/hook":            false,
		"http://10.0.0.5/hook":                 false,
		"http://127.0.0.1:3010/api/empresas":   false,
		"http://169.254.169.254/latest":        false,
		"https://crm.exemplo.com.br.evil/hook": false,
	} {
		err := set(id, url)
		if allowed && err != nil {
			t.Errorf("%s: %v", url, err)
		}
		if !allowed && (app.ErrorCode(err) != app.EFORBIDDEN || !strings.Contains(app.ErrorMessage(err), "VENDEAI_WEBHOOK_HOSTS")) {
			t.Errorf("%s: %v, want 403 naming VENDEAI_WEBHOOK_HOSTS", url, err)
		}
	}
	// The admin may aim it anywhere, and the empresa may then change the
	// rest without touching that URL.
	if err := set(0, "http://127.0.0.1:9/interno"); err != nil {
		t.Fatal(err)
	}
	off := false
	if _, err := f.svc.SetWebhook(empresaCtx(id), id, app.WebhookInput{URL: "http://127.0.0.1:9/interno", Ativo: &off}); err != nil {
		t.Errorf("empresa keeping the admin's URL: %v", err)
	}
	if err := set(id, "http://127.0.0.1:10/outro"); app.ErrorCode(err) != app.EFORBIDDEN {
		t.Errorf("empresa moving the admin's URL: %v", err)
	}
	if w, _ := f.svc.Webhook(adminCtx, id); w.URL != "http://127.0.0.1:9/interno" || w.Ativo {
		t.Errorf("now %+v", w)
	}
	// The global webhook is the admin's alone.
	if _, err := f.svc.SetGlobalWebhook(empresaCtx(id), app.WebhookInput{URL: "https://crm.exemplo.com.br/", Segredo: &s}); app.ErrorCode(err) != app.EFORBIDDEN {
		t.Errorf("empresa setting the global webhook: %v", err)
	}
}

func TestAnEmpresaURLOffTheAllowListIsNoLongerCalled(t *testing.T) {
	rcv := newReceiver(t)
	f := newFixture(t, func(c *webhooks.Config) {
		c.AllowedHosts, _ = webhooks.ParseHosts(strings.TrimPrefix(rcv.URL, "http://"))
	})
	id := f.empresa("Loja A")
	s := segredo
	if _, err := f.svc.SetWebhook(empresaCtx(id), id, app.WebhookInput{URL: rcv.URL, Segredo: &s}); err != nil {
		t.Fatal(err)
	}
	f.message(id, "1")
	rcv.wait(t)
	f.waitAttempts(1)
	// The operator takes the host off the list and restarts.
	f.svc.Close()
	f.cfg.AllowedHosts = webhooks.Hosts{}
	f.start()
	f.message(id, "2")
	if got := f.waitAttempts(1); got[0] != app.DeliveryFailed {
		t.Errorf("%v", got)
	}
	if d := f.deliveries(id, app.DeliveryFilter{})[0]; !strings.Contains(d.UltimoErro, "VENDEAI_WEBHOOK_HOSTS") {
		t.Errorf("%+v", d)
	}
	select {
	case r := <-rcv.got:
		t.Errorf("the receiver was called: %s", r.body)
	default:
	}
}
