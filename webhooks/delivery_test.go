package webhooks_test

import (
	"encoding/json"
	"maps"
	"net/http"
	"slices"
	"testing"
	"time"

	"vendeai/app"
	"vendeai/webhooks"
)

func TestDeliveryIsTheFrameSignedWithItsHeaders(t *testing.T) {
	f := newFixture(t, nil)
	rcv := newReceiver(t)
	id := f.empresa("Loja A")
	f.setWebhook(id, rcv.URL+"/hook?chave=1")
	ev := f.message(id, "tem civic?")

	req := rcv.wait(t)
	if err := verify(segredo, req.header, req.body, time.Now()); err != nil {
		t.Fatalf("signature: %v (header %q)", err, req.header.Get("X-VendeAI-Assinatura"))
	}
	if err := verify("outro-segredo-qualquer", req.header, req.body, time.Now()); err == nil {
		t.Error("the signature verifies with another secret")
	}
	if err := verify(segredo, req.header, append(req.body, ' '), time.Now()); err == nil {
		t.Error("the signature verifies over another body")
	}
	if err := verify(segredo, req.header, req.body, time.Now().Add(6*time.Minute)); err == nil {
		t.Error("a receiver six minutes later accepted t")
	}
	for h, want := range map[string]string{"Content-Type": "application/json", "User-Agent": "VendeAI/teste", "X-VendeAI-Evento": "message"} {
		if got := req.header.Get(h); got != want {
			t.Errorf("%s: %q, want %q", h, got, want)
		}
	}
	// The body is the WebSocket's frame, unchanged, plus entregaId, seq and criadoEm.
	var body map[string]any
	if err := json.Unmarshal(req.body, &body); err != nil {
		t.Fatal(err)
	}
	frame, _ := app.EncodeEvent(ev)
	var want map[string]any
	json.Unmarshal(frame, &want)
	entregaID, _ := body["entregaId"].(string)
	if entregaID == "" || entregaID != req.header.Get("X-VendeAI-Entrega") || !app.ValidDeliveryID(entregaID) {
		t.Errorf("entregaId %q, header %q", entregaID, req.header.Get("X-VendeAI-Entrega"))
	}
	if seq, _ := body["seq"].(float64); seq < 1 {
		t.Errorf("seq %v", body["seq"])
	}
	if _, err := time.Parse(time.RFC3339, body["criadoEm"].(string)); err != nil {
		t.Errorf("criadoEm: %v", err)
	}
	for _, k := range []string{"entregaId", "seq", "criadoEm"} {
		delete(body, k)
	}
	if !maps.EqualFunc(body, want, func(a, b any) bool { x, _ := json.Marshal(a); y, _ := json.Marshal(b); return string(x) == string(y) }) {
		t.Errorf("body without the delivery's fields:\n%v\nthe WebSocket frame:\n%v", body, want)
	}
	if got := f.waitAttempts(1); got[0] != app.DeliveryDelivered {
		t.Errorf("attempt: %v", got)
	}
	d := f.deliveries(id, app.DeliveryFilter{})
	if len(d) != 1 || d[0].Status != app.DeliveryDelivered || d[0].Tentativas != 1 || d[0].EntregueEm == nil ||
		d[0].UltimoCodigo == nil || *d[0].UltimoCodigo != 200 || d[0].ID != entregaID || d[0].ProximaTentativa != nil {
		t.Errorf("log: %+v", d[0])
	}
}

func TestServerErrorsAreRetriedWithTheSameEntrega(t *testing.T) {
	f := newFixture(t, nil)
	rcv := newReceiver(t, 500, 503, 200)
	id := f.empresa("Loja A")
	f.setWebhook(id, rcv.URL)
	f.message(id, "oi")

	first := rcv.wait(t)
	for range 2 {
		again := rcv.wait(t)
		if again.header.Get("X-VendeAI-Entrega") != first.header.Get("X-VendeAI-Entrega") || string(again.body) != string(first.body) {
			t.Errorf("a retry is another delivery: %s / %s", again.header.Get("X-VendeAI-Entrega"), first.header.Get("X-VendeAI-Entrega"))
		}
		if err := verify(segredo, again.header, again.body, time.Now()); err != nil {
			t.Errorf("retry signature: %v", err)
		}
	}
	if got := f.waitAttempts(3); !slices.Equal(got, []string{"nova_tentativa", "nova_tentativa", "entregue"}) {
		t.Errorf("attempts %v", got)
	}
	d := f.deliveries(id, app.DeliveryFilter{})[0]
	if d.Status != app.DeliveryDelivered || d.Tentativas != 3 || *d.UltimoCodigo != 200 || d.UltimoErro != "" {
		t.Errorf("log: %+v", d)
	}
}

func TestClientErrorFailsAtOnceAndAReplaySucceeds(t *testing.T) {
	f := newFixture(t, nil)
	rcv := newReceiver(t, 400)
	id := f.empresa("Loja A")
	f.setWebhook(id, rcv.URL)
	f.message(id, "oi")
	first := rcv.wait(t)
	if got := f.waitAttempts(1); got[0] != app.DeliveryFailed {
		t.Fatalf("a 400: %v", got)
	}
	failed := f.deliveries(id, app.DeliveryFilter{Status: app.DeliveryFailed})
	if len(failed) != 1 || failed[0].Tentativas != 1 || *failed[0].UltimoCodigo != 400 || failed[0].UltimoErro != "HTTP 400" || failed[0].ProximaTentativa != nil {
		t.Fatalf("failed: %+v", failed)
	}

	rcv.answer(204)
	d, err := f.svc.Redeliver(empresaCtx(id), id, failed[0].ID)
	if err != nil {
		t.Fatal(err)
	}
	again := rcv.wait(t)
	if d.Status != app.DeliveryDelivered || d.Tentativas != 2 || *d.UltimoCodigo != 204 || d.EntregueEm == nil {
		t.Errorf("replayed: %+v", d)
	}
	if again.header.Get("X-VendeAI-Entrega") != first.header.Get("X-VendeAI-Entrega") || string(again.body) != string(first.body) {
		t.Error("the replay is not the same delivery")
	}
	if n := len(f.deliveries(id, app.DeliveryFilter{Status: app.DeliveryFailed})); n != 0 {
		t.Errorf("%d still failed", n)
	}
	// Bad ids and unknown ones.
	if _, err := f.svc.Redeliver(adminCtx, id, "../1"); app.ErrorCode(err) != app.EINVALID {
		t.Errorf("bad id: %v", err)
	}
	if _, err := f.svc.Redeliver(adminCtx, id, app.NewDeliveryID()); app.ErrorCode(err) != app.ENOTFOUND {
		t.Errorf("unknown id: %v", err)
	}
}

func TestGlobalAndEmpresaWebhooksBothReceiveEachItsOwn(t *testing.T) {
	f := newFixture(t, nil)
	global, own := newReceiver(t), newReceiver(t)
	a, b := f.empresa("Loja A"), f.empresa("Loja B")
	f.setGlobal(global.URL)
	f.setWebhook(a, own.URL)

	f.message(a, "de A")
	f.message(b, "de B")
	f.waitAttempts(3)

	fromOwn := decode(t, own.wait(t))
	if fromOwn["empresaId"] != float64(a) || fromOwn["text"] != "de A" {
		t.Errorf("A's webhook got %v", fromOwn)
	}
	byEmpresa := map[float64]map[string]any{}
	for range 2 {
		m := decode(t, global.wait(t))
		byEmpresa[m["empresaId"].(float64)] = m
	}
	if byEmpresa[float64(a)]["text"] != "de A" || byEmpresa[float64(b)]["text"] != "de B" {
		t.Errorf("the global webhook got %v", byEmpresa)
	}
	// One event, one seq; two deliveries, two entregaIds.
	if g := byEmpresa[float64(a)]; g["seq"] != fromOwn["seq"] || g["entregaId"] == fromOwn["entregaId"] {
		t.Errorf("global %v / own %v", g, fromOwn)
	}
	// B's event was never meant for A's webhook: B's log holds its one
	// global delivery, and every attempt is accounted for.
	if list := f.deliveries(b, app.DeliveryFilter{}); len(list) != 1 || list[0].Destino != app.DestinoGlobal {
		t.Errorf("B's log: %+v", list)
	}
	select {
	case extra := <-own.got:
		t.Errorf("A's webhook got more: %s", extra.body)
	default:
	}
	// An empresa token sees its own deliveries only; the admin sees both.
	if list, _, err := f.svc.Deliveries(empresaCtx(a), a, app.DeliveryFilter{}); err != nil || len(list) != 1 || list[0].Destino != app.DestinoEmpresa {
		t.Errorf("A's own log: %v %v", list, err)
	}
	if _, _, err := f.svc.Deliveries(empresaCtx(a), a, app.DeliveryFilter{Destino: app.DestinoGlobal}); app.ErrorCode(err) != app.EFORBIDDEN {
		t.Errorf("A asking for the global deliveries: %v", err)
	}
	if list := f.deliveries(a, app.DeliveryFilter{}); len(list) != 2 {
		t.Errorf("admin sees %d of A's deliveries", len(list))
	}
}

func TestSeqGrowsAndALaneSendsInOrder(t *testing.T) {
	f := newFixture(t, nil)
	rcv := newReceiver(t)
	id := f.empresa("Loja A")
	f.setWebhook(id, rcv.URL)
	for i := range 20 {
		f.message(id, "mensagem "+string(rune('a'+i)))
	}
	last := 0.0
	for i := range 20 {
		m := decode(t, rcv.wait(t))
		if m["seq"].(float64) <= last {
			t.Errorf("delivery %d: seq %v after %v", i, m["seq"], last)
		}
		if m["text"] != "mensagem "+string(rune('a'+i)) {
			t.Errorf("delivery %d is %v", i, m["text"])
		}
		last = m["seq"].(float64)
	}
}

func TestSlowReceiverOfOneEmpresaDoesNotDelayAnother(t *testing.T) {
	f := newFixture(t, func(c *webhooks.Config) { c.Timeout = time.Minute })
	hanging := make(chan struct{})
	release := make(chan struct{})
	slow := httptestServer(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hanging <- struct{}{}
		<-release
	}))
	fast := newReceiver(t)
	a, b := f.empresa("Loja A"), f.empresa("Loja B")
	f.setWebhook(a, slow.URL)
	f.setWebhook(b, fast.URL)

	f.message(a, "1")
	f.message(a, "2")
	<-hanging // A's first delivery is stuck at its receiver
	for i := range 5 {
		f.message(b, "b")
		if m := decode(t, fast.wait(t)); m["empresaId"] != float64(b) {
			t.Fatalf("B's delivery %d: %v", i, m)
		}
	}
	close(release)
	<-hanging // A goes on with its second one once the first is answered
	if got := f.waitAttempts(7); len(got) != 7 {
		t.Fatal(got)
	}
}

func TestPendingDeliveriesResumeAfterARestart(t *testing.T) {
	f := newFixture(t, nil)
	down := newReceiver(t)
	url := down.URL
	down.Close() // nothing listens there now
	id := f.empresa("Loja A")
	f.setWebhook(id, url)
	f.message(id, "enquanto o CRM está fora")
	if got := f.waitAttempts(1); got[0] != "nova_tentativa" {
		t.Fatalf("a refused connection: %v", got)
	}
	f.svc.Close()
	d := f.deliveries(id, app.DeliveryFilter{})[0]
	if d.Status != app.DeliveryPending || d.UltimoCodigo != nil || d.UltimoErro == "" || d.ProximaTentativa == nil {
		t.Fatalf("after a refused connection: %+v", d)
	}

	up := newReceiver(t)
	f.setWebhookRaw(id, up.URL) // the CRM came back elsewhere
	f.start()
	req := up.wait(t)
	if req.header.Get("X-VendeAI-Entrega") != d.ID {
		t.Errorf("delivered %s, want %s", req.header.Get("X-VendeAI-Entrega"), d.ID)
	}
}

func decode(t *testing.T, r request) map[string]any {
	t.Helper()
	var m map[string]any
	if err := json.Unmarshal(r.body, &m); err != nil {
		t.Fatalf("body %q: %v", r.body, err)
	}
	return m
}
