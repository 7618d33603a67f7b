package conversations_test

import (
	"context"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"vendeai/app"
	"vendeai/conversations"
	"vendeai/storage/bolt"
	"vendeai/tenants"
)

// sent is one message the fake messenger was asked to send.
type sent struct {
	empresaID int
	to, text  string
}

// ownNumber is the empresa's own number, as the fake messenger sends from it.
const ownNumber = "5521999990000"

// messenger is a scripted fake of the WhatsApp side: it records what the
// pipeline sends and can refuse like a disconnected session.
type messenger struct {
	mu           sync.Mutex
	sent         []sent
	reads, typed int
	disconnected bool
}

func (m *messenger) Send(ctx context.Context, empresaID int, to, text string) (string, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.disconnected {
		return "", app.Errorf(app.ENOTCONNECTED, "não conectado")
	}
	m.sent = append(m.sent, sent{empresaID, to, text})
	return ownNumber, nil
}

func (m *messenger) setDisconnected(v bool) {
	m.mu.Lock()
	m.disconnected = v
	m.mu.Unlock()
}

// countingTenants counts the pipeline's lookups of an empresa and its stores.
type countingTenants struct {
	app.Tenants
	mu sync.Mutex
	n  int
}

func (c *countingTenants) Tenant(ctx context.Context, id int) (app.Tenant, error) {
	c.mu.Lock()
	c.n++
	c.mu.Unlock()
	return c.Tenants.Tenant(ctx, id)
}

func (c *countingTenants) lookups() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.n
}

func (m *messenger) MarkRead(ctx context.Context, msg app.InboundMessage) error {
	m.mu.Lock()
	m.reads++
	m.mu.Unlock()
	return nil
}

func (m *messenger) Typing(ctx context.Context, empresaID int, to string) error {
	m.mu.Lock()
	m.typed++
	m.mu.Unlock()
	return nil
}

func (m *messenger) take() []sent {
	m.mu.Lock()
	defer m.mu.Unlock()
	out := m.sent
	m.sent = nil
	return out
}

type events struct {
	mu   sync.Mutex
	list []app.Event
}

func (e *events) Publish(ev app.Event) {
	e.mu.Lock()
	e.list = append(e.list, ev)
	e.mu.Unlock()
}

func (e *events) ofType(typ string) []app.Event {
	e.mu.Lock()
	defer e.mu.Unlock()
	var out []app.Event
	for _, ev := range e.list {
		if ev.Type == typ {
			out = append(out, ev)
		}
	}
	return out
}

// fixture is the pipeline over real bbolt and real tenant SQLite files.
type fixture struct {
	t         testing.TB
	ctx       context.Context
	tenants   *tenants.Manager
	lookups   *countingTenants
	svc       *conversations.Service
	messenger *messenger
	events    *events
	now       time.Time
	mu        sync.Mutex
}

func newFixture(t testing.TB) *fixture {
	t.Helper()
	dir := t.TempDir()
	reg, err := bolt.Open(filepath.Join(dir, bolt.FileName), time.Second)
	if err != nil {
		t.Fatal(err)
	}
	f := &fixture{t: t, ctx: context.Background(), messenger: &messenger{}, events: &events{},
		now: time.Now().UTC().Truncate(time.Millisecond)} // the store derives botAtivo from the wall clock
	f.tenants = tenants.New(tenants.Config{DataDir: dir, Registry: reg, Transport: tenants.NewSandbox(tenants.SandboxConfig{})})
	if err := f.tenants.Open(f.ctx); err != nil {
		t.Fatal(err)
	}
	f.lookups = &countingTenants{Tenants: f.tenants}
	f.svc = conversations.New(conversations.Config{Tenants: f.lookups, Messenger: f.messenger, Publisher: f.events, Now: f.clock})
	t.Cleanup(func() { f.svc.Close(); f.tenants.Close(); reg.Close() })
	return f
}

func (f *fixture) clock() time.Time {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.now
}

func (f *fixture) advance(d time.Duration) {
	f.mu.Lock()
	f.now = f.now.Add(d)
	f.mu.Unlock()
}

// empresa creates an empresa with a few cars, one of them sold.
func (f *fixture) empresa(nome string, cars ...*app.Vehicle) int {
	f.t.Helper()
	e, _, err := f.tenants.CreateEmpresa(f.ctx, app.NewEmpresa{Nome: nome})
	if err != nil {
		f.t.Fatal(err)
	}
	store, _ := f.tenants.VehicleStore(f.ctx, e.ID)
	for _, v := range cars {
		c := *v
		if err := store.CreateVehicle(f.ctx, &c); err != nil {
			f.t.Fatal(err)
		}
	}
	return e.ID
}

func car(marca, modelo string, ano int, reais int64, status string) *app.Vehicle {
	return &app.Vehicle{Marca: marca, Modelo: modelo, AnoFabricacao: ano, AnoModelo: ano, Preco: app.Centavos(reais * 100),
		Km: 30000, Combustivel: "flex", Cambio: "automatico", Categoria: "sedan", Status: status}
}

// say delivers a customer's text and waits for the pipeline to finish.
func (f *fixture) say(empresaID int, from, text string) []sent {
	f.t.Helper()
	return f.deliver(app.InboundMessage{EmpresaID: empresaID, From: from, Text: text, Kind: app.KindText, PushName: "Cliente"})
}

func (f *fixture) deliver(msg app.InboundMessage) []sent {
	f.t.Helper()
	if msg.Timestamp.IsZero() {
		msg.Timestamp = f.clock()
	}
	f.svc.HandleInbound(f.ctx, msg)
	if err := f.svc.Flush(f.ctx); err != nil {
		f.t.Fatal(err)
	}
	return f.messenger.take()
}

func (f *fixture) lead(empresaID int, phone string) *app.Lead {
	f.t.Helper()
	store, _ := f.tenants.LeadStore(f.ctx, empresaID)
	l, err := store.FindLead(f.ctx, phone)
	if err != nil {
		f.t.Fatal(err)
	}
	return l
}

const customer = "5511987654321"

func TestAnswersFromTheEmpresasOwnStock(t *testing.T) {
	f := newFixture(t)
	a := f.empresa("Loja A", car("Honda", "Civic", 2021, 115900, "disponivel"), car("Honda", "Civic", 2019, 89900, "vendido"))
	b := f.empresa("Loja B", car("Toyota", "Corolla", 2022, 139900, "disponivel"))

	out := f.say(a, customer, "tem civic?")
	if len(out) == 0 || out[0].empresaID != a || out[0].to != customer {
		t.Fatalf("replies %v", out)
	}
	all := joinTexts(out)
	if !strings.Contains(all, "R$ 115.900") || strings.Contains(all, "89.900") || strings.Contains(all, "Corolla") {
		t.Errorf("A's answer: %s", all)
	}
	// The same customer at B gets B's stock only.
	outB := f.say(b, customer, "tem corolla?")
	all = joinTexts(outB)
	if !strings.Contains(all, "Corolla") || strings.Contains(all, "Civic") {
		t.Errorf("B's answer: %s", all)
	}
	// Both sides are stored and pushed; the lead is in conversation.
	l := f.lead(a, customer)
	if l.Mensagens < 2 || l.Status != app.LeadEmAtendimento || l.Nome != "Cliente" {
		t.Errorf("lead %+v", l)
	}
	// The pipeline publishes both directions: what arrived, and each reply
	// once WhatsApp took it, from the empresa's own number.
	var in, outEv int
	for _, ev := range f.events.ofType(app.EventMessage) {
		m := ev.Data.(app.MessageEvent)
		switch {
		case m.Direction == app.DirectionIn && m.From == customer:
			in++
		case m.Direction == app.DirectionOut && m.From == ownNumber && m.To == customer && m.Text != "":
			outEv++
		default:
			t.Errorf("message event %+v", m)
		}
	}
	if in != 2 || outEv != len(out)+len(outB) {
		t.Errorf("message events: %d in, %d out; want 2 in and %d out (one per reply)", in, outEv, len(out)+len(outB))
	}
	// One lookup of the empresa and its stores per message.
	if n := f.lookups.lookups(); n != 2 {
		t.Errorf("%d lookups of the empresa for 2 messages, want 2", n)
	}
	if f.messenger.reads == 0 || f.messenger.typed == 0 {
		t.Error("no read receipt or typing presence before the replies")
	}
}

func TestIgnoredMessagesAreNeverAnswered(t *testing.T) {
	f := newFixture(t)
	a := f.empresa("Loja A", car("Honda", "Civic", 2021, 115900, "disponivel"))
	for name, msg := range map[string]app.InboundMessage{
		"group":      {IsGroup: true},
		"broadcast":  {IsBroadcast: true},
		"status":     {IsStatus: true},
		"newsletter": {IsNewsletter: true},
		"edit":       {IsEdit: true},
		"reaction":   {IsReaction: true},
		"own":        {FromMe: true},
		"old":        {Timestamp: f.clock().Add(-7 * time.Hour)},
	} {
		msg.EmpresaID, msg.From, msg.Text, msg.Kind = a, customer, "oi, tem civic?", app.KindText
		if out := f.deliver(msg); len(out) != 0 {
			t.Errorf("%s: answered %v", name, out)
		}
	}
	// Own and old messages are kept in the conversation; the rest are not.
	if l := f.lead(a, customer); l.Mensagens != 2 {
		t.Errorf("stored %d messages, want 2 (own and old)", l.Mensagens)
	}
}

func TestBotOffStoresWithoutAnswering(t *testing.T) {
	f := newFixture(t)
	a := f.empresa("Loja A", car("Honda", "Civic", 2021, 115900, "disponivel"))
	off := false
	if _, err := f.tenants.UpdateEmpresa(f.ctx, a, app.EmpresaUpdate{BotAtivo: &off}); err != nil {
		t.Fatal(err)
	}
	if out := f.say(a, customer, "oi"); len(out) != 0 {
		t.Errorf("bot off answered %v", out)
	}
	if l := f.lead(a, customer); l.Mensagens != 1 {
		t.Errorf("lead %+v", l)
	}
}

func TestMediaGetsOneNoticeAnHour(t *testing.T) {
	f := newFixture(t)
	a := f.empresa("Loja A")
	audio := app.InboundMessage{EmpresaID: a, From: customer, Kind: app.KindAudio}
	if out := f.deliver(audio); len(out) != 1 || !strings.Contains(out[0].text, "texto") {
		t.Fatalf("first audio: %v", out)
	}
	f.advance(30 * time.Minute)
	if out := f.deliver(audio); len(out) != 0 {
		t.Errorf("second audio within the hour: %v", out)
	}
	f.advance(31 * time.Minute)
	if out := f.deliver(audio); len(out) != 1 {
		t.Errorf("audio after an hour: %v", out)
	}
}

func TestRateLimitSilencesFloods(t *testing.T) {
	f := newFixture(t)
	a := f.empresa("Loja A", car("Honda", "Civic", 2021, 115900, "disponivel"))
	answered := 0
	for range 20 { // another bot in a loop, all within one minute
		if len(f.say(a, customer, "oi")) > 0 {
			answered++
		}
	}
	if answered != conversations.RepliesPerMinute {
		t.Errorf("%d messages answered in a minute, want exactly %d", answered, conversations.RepliesPerMinute)
	}
	f.advance(2 * time.Minute)
	if out := f.say(a, customer, "oi"); len(out) == 0 {
		t.Error("still silent after the minute passed")
	}
	// Another contact is not affected by the first one's flood.
	if out := f.say(a, "5521999990000", "oi"); len(out) == 0 {
		t.Error("a second contact was silenced")
	}
}

func TestHandoffAndReturn(t *testing.T) {
	f := newFixture(t)
	a := f.empresa("Loja A", car("Honda", "Civic", 2021, 115900, "disponivel"))
	out := f.say(a, customer, "quero falar com um vendedor")
	if len(out) == 0 || !strings.Contains(joinTexts(out), "vendedor") {
		t.Fatalf("handoff reply %v", out)
	}
	l := f.lead(a, customer)
	if l.Status != app.LeadHumano || l.HumanoAte == nil || l.BotAtivo {
		t.Errorf("lead after handoff %+v", l)
	}
	if evs := f.events.ofType(app.EventLead); len(evs) != 1 || evs[0].Data.(app.LeadEvent).Motivo != app.LeadHumano {
		t.Errorf("lead events %v", evs)
	}
	if out := f.say(a, customer, "tem civic?"); len(out) != 0 {
		t.Errorf("bot spoke during the handoff: %v", out)
	}
	// The CRM gives the contact back: the bot answers again.
	if l, err := f.svc.SetContactBot(f.ctx, a, customer, true); err != nil || !l.BotAtivo || l.Status != app.LeadEmAtendimento {
		t.Fatalf("give back: %+v %v", l, err)
	}
	if out := f.say(a, customer, "tem civic?"); len(out) == 0 {
		t.Error("silent after the CRM gave the contact back")
	}
	// And the pause ends by itself after pausaHumanoHoras.
	f.say(a, customer, "vendedor")
	f.advance(25 * time.Hour)
	if out := f.say(a, customer, "tem civic?"); len(out) == 0 {
		t.Error("silent after the pause expired")
	}
	if _, err := f.svc.SetContactBot(f.ctx, a, "5500000000000", true); !app.IsCode(err, app.ENOTFOUND) {
		t.Errorf("unknown contact: %v", err)
	}
	if _, err := f.svc.SetContactBot(f.ctx, a, "12", true); !app.IsCode(err, app.EINVALID) {
		t.Errorf("bad phone: %v", err)
	}
}

func TestOptOutUntilVoltar(t *testing.T) {
	f := newFixture(t)
	a := f.empresa("Loja A", car("Honda", "Civic", 2021, 115900, "disponivel"))
	if out := f.say(a, customer, "não quero mais mensagens"); len(out) != 1 {
		t.Fatalf("opt-out confirmation: %v", out)
	}
	if l := f.lead(a, customer); l.Status != app.LeadOptOut {
		t.Errorf("lead %+v", l)
	}
	for _, text := range []string{"oi", "tem civic?", "vendedor"} {
		if out := f.say(a, customer, text); len(out) != 0 {
			t.Errorf("%q after opt-out answered %v", text, out)
		}
	}
	if out := f.say(a, customer, "voltar"); len(out) == 0 {
		t.Error("voltar got no answer")
	}
	if l := f.lead(a, customer); l.Status != app.LeadEmAtendimento {
		t.Errorf("lead after voltar %+v", l)
	}
}

// TestBriskCustomerIsAnsweredInFull: a person who types six messages in a
// few seconds gets every answer (the limit counts answers, not the WhatsApp
// messages one answer takes), and the visit is confirmed.
func TestBriskCustomerIsAnsweredInFull(t *testing.T) {
	f := newFixture(t)
	a := f.empresa("Loja A", car("Honda", "Civic", 2021, 115900, "disponivel"))
	for _, text := range []string{"oi", "tem civic?", "1", "quero agendar um test drive", "sábado", "de manhã"} {
		if out := f.say(a, customer, text); len(out) == 0 {
			t.Fatalf("%q got no answer", text)
		}
	}
	if l := f.lead(a, customer); l.Status != app.LeadAgendado {
		t.Errorf("lead %+v", l)
	}
}

func TestVisitIsStoredOnTheLead(t *testing.T) {
	f := newFixture(t)
	a := f.empresa("Loja A", car("Honda", "Civic", 2021, 115900, "disponivel"))
	f.say(a, customer, "tem civic?")
	f.say(a, customer, "1")
	f.say(a, customer, "quero agendar um test drive")
	f.say(a, customer, "sábado")
	out := f.say(a, customer, "de manhã")
	if len(out) == 0 {
		t.Fatal("no confirmation")
	}
	l := f.lead(a, customer)
	if l.Status != app.LeadAgendado || l.Visita == nil || l.Visita.Periodo == "" || len(l.Interesse) == 0 {
		t.Errorf("lead after the visit: %+v visita %+v", l, l.Visita)
	}
}

func TestSimulateLeavesNoTrace(t *testing.T) {
	f := newFixture(t)
	a := f.empresa("Loja A", car("Honda", "Civic", 2021, 115900, "disponivel"))
	off := false
	f.tenants.UpdateEmpresa(f.ctx, a, app.EmpresaUpdate{BotAtivo: &off}) // simulation works regardless
	replies, err := f.svc.Simulate(f.ctx, a, customer, "tem civic?")
	if err != nil || len(replies) == 0 || !strings.Contains(strings.Join(replies, "\n"), "Civic") {
		t.Fatalf("simulate: %v %v", replies, err)
	}
	if replies, _ := f.svc.Simulate(f.ctx, a, customer, "1"); !strings.Contains(strings.Join(replies, "\n"), "115.900") {
		t.Errorf("simulation keeps its own state across turns: %v", replies)
	}
	if got := f.messenger.take(); len(got) != 0 {
		t.Errorf("simulation sent %v", got)
	}
	store, _ := f.tenants.LeadStore(f.ctx, a)
	if _, total, _ := store.FindLeads(f.ctx, app.LeadFilter{}); total != 0 {
		t.Errorf("simulation listed %d leads", total)
	}
	for _, bad := range [][2]string{{"abc", "oi"}, {customer, ""}, {customer, strings.Repeat("a", 5000)}} {
		if _, err := f.svc.Simulate(f.ctx, a, bad[0], bad[1]); !app.IsCode(err, app.EINVALID) {
			t.Errorf("simulate %q: %v", bad, err)
		}
	}
	if _, err := f.svc.Simulate(f.ctx, 999, customer, "oi"); !app.IsCode(err, app.ENOTFOUND) {
		t.Errorf("unknown empresa: %v", err)
	}
}

func TestSendMessageAsStore(t *testing.T) {
	f := newFixture(t)
	a := f.empresa("Loja A")
	m, err := f.svc.SendMessage(f.ctx, a, "+55 (11) 98765-4321", "Olá! Seu carro está pronto.")
	if err != nil || m.Phone != customer || m.Author != conversations.AuthorStore {
		t.Fatalf("send: %+v %v", m, err)
	}
	if got := f.messenger.take(); len(got) != 1 || got[0].to != customer {
		t.Errorf("sent %v", got)
	}
	f.messenger.setDisconnected(true)
	if _, err := f.svc.SendMessage(f.ctx, a, customer, "oi"); !app.IsCode(err, app.ENOTCONNECTED) {
		t.Errorf("disconnected: %v", err)
	}
	if l := f.lead(a, customer); l.Mensagens != 1 {
		t.Errorf("a refused send was stored: %+v", l)
	}
}

func joinTexts(out []sent) string {
	var b strings.Builder
	for _, s := range out {
		b.WriteString(s.text + "\n")
	}
	return b.String()
}

// TestOddMessagesStillGetAnAnswer: whatever a customer types, the assistant
// over the real inventory answers something, never an error.
func TestOddMessagesStillGetAnAnswer(t *testing.T) {
	f := newFixture(t)
	a := f.empresa("Loja A", car("Honda", "Civic", 2021, 115900, "disponivel"))
	for _, text := range []string{
		"suv depois 999999999999999999999", "até 99999999999999999999999 km", "carro de 1e308 reais",
		"-5", "0", "%%%_\\", "🚗🚗🚗", strings.Repeat("civic ", 500), "tem civic de -100 mil?", "entre 999999999999 e 1 mil",
	} {
		replies, err := f.svc.Simulate(f.ctx, a, customer, text)
		if err != nil || len(replies) == 0 {
			t.Errorf("%q: %v %v", text, replies, err)
		}
	}
}

// TestFailedSendLeavesTheConversationWhereItWas: when WhatsApp refuses the
// replies, neither the conversation state nor the lead moves, and no lead
// event goes out; the customer's message is kept. The same message once
// the session is back carries the conversation forward.
func TestFailedSendLeavesTheConversationWhereItWas(t *testing.T) {
	f := newFixture(t)
	a := f.empresa("Loja A", car("Honda", "Civic", 2021, 115900, "disponivel"))
	for _, text := range []string{"tem civic?", "1", "quero agendar um test drive", "sábado"} {
		if out := f.say(a, customer, text); len(out) == 0 {
			t.Fatalf("%q got no answer", text)
		}
	}
	store, _ := f.tenants.LeadStore(f.ctx, a)
	stateBefore, err := store.Conversation(f.ctx, customer)
	if err != nil || stateBefore == nil {
		t.Fatalf("state before: %s, %v", stateBefore, err)
	}
	leadBefore := f.lead(a, customer)
	leadEvents := len(f.events.ofType(app.EventLead))
	outEvents := len(f.events.ofType(app.EventMessage))

	f.messenger.setDisconnected(true)
	if out := f.say(a, customer, "de manhã"); len(out) != 0 {
		t.Fatalf("sent while disconnected: %v", out)
	}
	stateAfter, _ := store.Conversation(f.ctx, customer)
	if string(stateAfter) != string(stateBefore) {
		t.Errorf("a failed send advanced the conversation:\nbefore %s\nafter  %s", stateBefore, stateAfter)
	}
	l := f.lead(a, customer)
	if l.Status != leadBefore.Status || l.Visita != nil || l.Mensagens != leadBefore.Mensagens+1 {
		t.Errorf("lead after a failed send: %+v (before %+v); want the same, with the customer's message kept", l, leadBefore)
	}
	if n := len(f.events.ofType(app.EventLead)); n != leadEvents {
		t.Errorf("%d lead events after a failed send, want %d", n, leadEvents)
	}
	if n := len(f.events.ofType(app.EventMessage)); n != outEvents+1 {
		t.Errorf("%d message events after a failed send, want %d (the inbound only)", n, outEvents+1)
	}

	f.messenger.setDisconnected(false)
	if out := f.say(a, customer, "de manhã"); len(out) == 0 {
		t.Fatal("no confirmation once reconnected")
	}
	if l := f.lead(a, customer); l.Status != app.LeadAgendado || l.Visita == nil || l.Visita.Periodo == "" {
		t.Errorf("lead after the retry: %+v visita %+v", l, l.Visita)
	}
	if evs := f.events.ofType(app.EventLead); len(evs) != leadEvents+1 || evs[len(evs)-1].Data.(app.LeadEvent).Motivo != "visita" {
		t.Errorf("lead events after the retry: %d", len(evs))
	}
}

// TestMediaNoticeNotSentIsNotCounted: a notice WhatsApp refused is given
// at the next media message, not an hour later.
func TestMediaNoticeNotSentIsNotCounted(t *testing.T) {
	f := newFixture(t)
	a := f.empresa("Loja A")
	audio := app.InboundMessage{EmpresaID: a, From: customer, Kind: app.KindAudio}
	f.messenger.setDisconnected(true)
	if out := f.deliver(audio); len(out) != 0 {
		t.Fatalf("sent while disconnected: %v", out)
	}
	f.messenger.setDisconnected(false)
	f.advance(time.Minute)
	if out := f.deliver(audio); len(out) != 1 || out[0].text == "" {
		t.Errorf("notice after a refused one: %v", out)
	}
}
