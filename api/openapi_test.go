package api_test

import (
	"context"
	"io"
	"net/http"
	"os"
	"reflect"
	"regexp"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/gin-gonic/gin"

	"vendeai/api"
	"vendeai/app"
	"vendeai/app/vehiclecsv"
)

// loadOpenAPI reads and validates api/openapi.yaml with kin-openapi
// (examples included, checked against their schemas).
func loadOpenAPI(t *testing.T) (*openapi3.T, []byte) {
	t.Helper()
	data, err := os.ReadFile("openapi.yaml")
	if err != nil {
		t.Fatal(err)
	}
	doc, err := openapi3.NewLoader().LoadFromData(data)
	if err != nil {
		t.Fatalf("openapi.yaml does not load: %v", err)
	}
	if err := doc.Validate(context.Background()); err != nil {
		t.Fatalf("openapi.yaml is not valid OpenAPI: %v", err)
	}
	return doc, data
}

func TestOpenAPIDocumentIsValid(t *testing.T) {
	doc, _ := loadOpenAPI(t)
	if doc.OpenAPI != "3.0.3" {
		t.Errorf("openapi %q, want 3.0.3", doc.OpenAPI)
	}
	// Every protected operation says what an unknown token and a token
	// without access get.
	for path, item := range doc.Paths.Map() {
		for method, op := range item.Operations() {
			security := doc.Security
			if op.Security != nil {
				security = *op.Security
			}
			if len(security) == 0 {
				continue
			}
			for _, code := range []string{"401", "403"} {
				if op.Responses.Value(code) == nil {
					t.Errorf("%s %s: protected but no %s response", method, path, code)
				}
			}
		}
	}
}

// stubSandbox exists so the sandbox routes are registered; only routes are
// compared, never called.
type stubSandbox struct{}

func (stubSandbox) Scan(context.Context, int, string) (app.SessionStatus, error) {
	return app.SessionStatus{}, nil
}
func (stubSandbox) Inbound(context.Context, int, app.SandboxInbound) error   { return nil }
func (stubSandbox) Outbox(context.Context, int) ([]app.OutboxMessage, error) { return nil, nil }
func (stubSandbox) Fault(context.Context, int, string) error                 { return nil }
func (stubSandbox) RegisterContact(context.Context, int, app.SandboxContact) (app.SandboxContact, error) {
	return app.SandboxContact{}, nil
}

var ginParam = regexp.MustCompile(`[:*]([A-Za-z0-9_]+)`)

// TestOpenAPICoversEveryRoute compares, method by method, the routes gin
// has (sandbox mode, so every route exists) with the document's paths.
func TestOpenAPICoversEveryRoute(t *testing.T) {
	doc, _ := loadOpenAPI(t)
	engine, ok := api.New(api.Config{Sandbox: stubSandbox{}}).Handler().(*gin.Engine)
	if !ok {
		t.Fatal("Server.Handler is no longer the *gin.Engine: adapt this test to list the routes")
	}
	routed := map[string]bool{}
	for _, r := range engine.Routes() {
		routed[r.Method+" "+ginParam.ReplaceAllString(r.Path, "{$1}")] = true
	}
	documented := map[string]bool{}
	for path, item := range doc.Paths.Map() {
		for method := range item.Operations() {
			documented[method+" "+path] = true
		}
	}
	for _, r := range sortedKeys(routed) {
		if !documented[r] {
			t.Errorf("%s is routed but not in openapi.yaml", r)
		}
	}
	for _, d := range sortedKeys(documented) {
		if !routed[d] {
			t.Errorf("%s is in openapi.yaml but not routed", d)
		}
	}
	if len(routed) < 30 {
		t.Errorf("only %d routes listed: is the sandbox stub still registering its routes?", len(routed))
	}
}

func sortedKeys(m map[string]bool) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

func TestOpenAPIServedAsEmbedded(t *testing.T) {
	_, want := loadOpenAPI(t)
	e := newEnv(t)
	res, err := http.Get(e.server.URL + "/openapi.yaml") // no token
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	got, _ := io.ReadAll(res.Body)
	if res.StatusCode != http.StatusOK || res.Header.Get("Content-Type") != "application/yaml" {
		t.Errorf("GET /openapi.yaml: %d, Content-Type %q", res.StatusCode, res.Header.Get("Content-Type"))
	}
	if string(got) != string(want) {
		t.Errorf("GET /openapi.yaml serves %d bytes that differ from api/openapi.yaml (%d bytes)", len(got), len(want))
	}
}

// TestOpenAPIEnumsMatchDomain keeps the document's enumerations equal to
// the lists the code accepts.
func TestOpenAPIEnumsMatchDomain(t *testing.T) {
	doc, _ := loadOpenAPI(t)
	states := make([]string, len(app.SessionStates))
	for i, s := range app.SessionStates {
		states[i] = string(s)
	}
	for name, want := range map[string][]string{
		"SessionState":  states,
		"Combustivel":   app.Combustiveis,
		"Cambio":        app.Cambios,
		"Categoria":     app.Categorias,
		"StatusVeiculo": app.VehicleStatuses,
		"LeadStatus":    app.LeadStatuses,
		"TipoFalha":     app.Faults,
		"EventoWebhook": app.WebhookEvents,
		"StatusEntrega": app.DeliveryStatuses,
	} {
		expectEnum(t, name, schema(t, doc, name), want)
	}
	stats := slices.Sorted(func(yield func(string) bool) {
		for k := range schema(t, doc, "SessionStats").Properties {
			if !yield(k) {
				return
			}
		}
	})
	wantStats := append([]string{"total"}, states...)
	slices.Sort(wantStats)
	if !slices.Equal(stats, wantStats) {
		t.Errorf("SessionStats properties %v, want %v", stats, wantStats)
	}
	mensagem := schema(t, doc, "Mensagem")
	expectEnum(t, "Mensagem.kind", mensagem.Properties["kind"].Value, []string{app.KindText, app.KindImage, app.KindAudio,
		app.KindVideo, app.KindSticker, app.KindDocument, app.KindLocation, app.KindContact, app.KindOther})
	ordem := doc.Paths.Value("/api/empresas/{empresaId}/veiculos").Get.Parameters.GetByInAndName("query", "ordem")
	expectEnum(t, "ordem", ordem.Schema.Value, app.Ordens)
	veiculo := schema(t, doc, "Veiculo")
	expectEnum(t, "Veiculo.cambio", veiculo.Properties["cambio"].Value, app.Cambios)
}

func schema(t *testing.T, doc *openapi3.T, name string) *openapi3.Schema {
	t.Helper()
	ref := doc.Components.Schemas[name]
	if ref == nil || ref.Value == nil {
		t.Fatalf("components.schemas.%s is missing", name)
	}
	return ref.Value
}

func expectEnum(t *testing.T, name string, s *openapi3.Schema, want []string) {
	t.Helper()
	got := make([]string, 0, len(s.Enum))
	for _, v := range s.Enum {
		str, _ := v.(string)
		got = append(got, str)
	}
	if !slices.Equal(got, want) {
		t.Errorf("%s enum %v, want %v (as the code has it)", name, got, want)
	}
}

// TestOpenAPISchemasMatchJSON compares each schema that describes a Go type
// with that type's JSON fields; for the answers, fields without omitempty
// must be required and fields with it must not.
func TestOpenAPISchemasMatchJSON(t *testing.T) {
	doc, _ := loadOpenAPI(t)
	event := []string{"type", "empresaId"}
	for _, c := range []struct {
		schema string
		value  any
		output bool     // an answer: check required too
		minus  []string // fields of the type the schema leaves out
		plus   []string // fields the schema adds
	}{
		{schema: "Empresa", value: app.Empresa{}, output: true},
		{schema: "NovaEmpresa", value: app.NewEmpresa{}},
		{schema: "AlteracaoEmpresa", value: app.EmpresaUpdate{}},
		{schema: "SessionStatus", value: app.SessionStatus{}, output: true},
		{schema: "Veiculo", value: app.Vehicle{}, output: true},
		{schema: "VeiculoEntrada", value: app.Vehicle{}, minus: []string{"id", "criadoEm", "atualizadoEm"}},
		{schema: "Lead", value: app.Lead{}, output: true},
		{schema: "Visita", value: app.Visita{}, output: true},
		{schema: "Mensagem", value: app.Message{}, output: true},
		{schema: "MensagemEnviada", value: app.OutboxMessage{}, output: true},
		{schema: "ErroCampo", value: app.FieldError{}, output: true},
		{schema: "ErroLinhaCSV", value: vehiclecsv.RowError{}, output: true},
		{schema: "EventoStatus", value: app.SessionStatus{}, plus: []string{"type"}},
		{schema: "EventoQR", value: app.QREvent{}, output: true, plus: event},
		{schema: "EventoMessage", value: app.MessageEvent{}, output: true, plus: event},
		{schema: "EventoLead", value: app.LeadEvent{}, output: true, plus: event},
		{schema: "EventoPairCode", value: app.PairCodeEvent{}, output: true, plus: event},
		{schema: "EventoBotToggle", value: app.BotToggleEvent{}, output: true, plus: event},
		{schema: "Webhook", value: app.Webhook{}, output: true},
		{schema: "WebhookEntrada", value: app.WebhookInput{}},
		{schema: "Entrega", value: app.Delivery{}, output: true},
		{schema: "EventoPing", value: app.PingEvent{}, output: true, plus: event},
	} {
		s := schema(t, doc, c.schema)
		props, required := map[string]bool{}, map[string]bool{}
		collect(s, props, required)
		fields := jsonFields(reflect.TypeOf(c.value))
		for _, m := range c.minus {
			delete(fields, m)
		}
		for _, p := range c.plus {
			fields[p] = false
		}
		for name, omitempty := range fields {
			switch {
			case !props[name]:
				t.Errorf("%s: field %q of %T is not documented", c.schema, name, c.value)
			case c.output && !omitempty && !required[name] && !slices.Contains(c.plus, name):
				t.Errorf("%s: %q is always in the JSON but not required", c.schema, name)
			case c.output && omitempty && required[name]:
				t.Errorf("%s: %q is omitted when empty but required", c.schema, name)
			}
		}
		for name := range props {
			if _, ok := fields[name]; !ok {
				t.Errorf("%s: documents %q, which %T does not have", c.schema, name, c.value)
			}
		}
	}
}

// collect gathers a schema's properties and required names, through allOf.
func collect(s *openapi3.Schema, props, required map[string]bool) {
	for name := range s.Properties {
		props[name] = true
	}
	for _, r := range s.Required {
		required[r] = true
	}
	for _, sub := range s.AllOf {
		collect(sub.Value, props, required)
	}
}

// jsonFields maps the JSON names of a struct's fields to whether they are
// omitempty.
func jsonFields(typ reflect.Type) map[string]bool {
	fields := map[string]bool{}
	for f := range typ.Fields() {
		tag := f.Tag.Get("json")
		if tag == "-" || !f.IsExported() {
			continue
		}
		name, opts, _ := strings.Cut(tag, ",")
		if name == "" {
			name = f.Name
		}
		fields[name] = strings.Contains(opts, "omitempty")
	}
	return fields
}

// TestOpenAPIResponsesMatchSchemas runs the appliance (sandbox mode) through
// a day of work and checks every answer's status and JSON body against what
// the document says the route answers.
func TestOpenAPIResponsesMatchSchemas(t *testing.T) {
	doc, _ := loadOpenAPI(t)
	e := newSandboxEnv(t)
	sid, token := e.connected("Loja A", "Civic")
	_, other := e.createEmpresa("Loja B")
	e.customerSays(sid, cliente, "oi, tem civic?")
	emp := "/api/empresas/" + sid
	lead := emp + "/leads/" + cliente
	bad := "codigo;marca;modelo;anoFabricacao;anoModelo;preco;combustivel;cambio;categoria\nN1;;Mobi;2022;2023;caro;flex;manual;hatch\n"
	for _, c := range []struct {
		method, route, path, token string
		body                       any
		status                     int
	}{
		{"GET", "/health", "/health", "", nil, 200},
		{"GET", "/api/empresas", "/api/empresas", adminToken, nil, 200},
		{"GET", "/api/empresas", "/api/empresas", token, nil, 403},
		{"POST", "/api/empresas", "/api/empresas", adminToken, map[string]any{"nome": "Loja C", "id": 9}, 201},
		{"POST", "/api/empresas", "/api/empresas", adminToken, map[string]any{"nome": "Loja C", "id": 9}, 409},
		{"DELETE", "/api/empresas/{empresaId}", "/api/empresas/9", adminToken, nil, 200},
		{"GET", "/api/empresas/{empresaId}", emp, token, nil, 200},
		{"GET", "/api/empresas/{empresaId}", emp, "", nil, 401},
		{"GET", "/api/empresas/{empresaId}", emp, other, nil, 403},
		{"GET", "/api/empresas/{empresaId}", "/api/empresas/abc", token, nil, 400},
		{"GET", "/api/empresas/{empresaId}", "/api/empresas/999", adminToken, nil, 404},
		{"PATCH", "/api/empresas/{empresaId}", emp, token, map[string]any{"pausaHumanoHoras": 12}, 200},
		{"PATCH", "/api/empresas/{empresaId}", emp, token, map[string]any{"pausaHumanoHoras": "x"}, 400},
		{"GET", "/api/bot/config/{empresaId}", "/api/bot/config/" + sid, token, nil, 200},
		{"PUT", "/api/bot/config/{empresaId}", "/api/bot/config/" + sid, token, map[string]any{"nicho": "veiculos"}, 200},
		{"POST", "/api/bot/toggle", "/api/bot/toggle", token, map[string]any{"empresaId": 1, "botAtivo": true}, 200},
		{"GET", "/api/bot/status/{empresaId}", "/api/bot/status/" + sid, token, nil, 200},
		{"POST", "/api/bot/connect/{empresaId}", "/api/bot/connect/" + sid, token, nil, 200},
		{"POST", "/api/bot/pair-phone/{empresaId}", "/api/bot/pair-phone/" + sid, token, map[string]any{"phone": "5521999999999"}, 409},
		{"GET", "/api/bot/sessions", "/api/bot/sessions", adminToken, nil, 200},
		{"GET", "/api/empresas/{empresaId}/veiculos", emp + "/veiculos?status=todos&ordem=-preco", token, nil, 200},
		{"POST", "/api/empresas/{empresaId}/veiculos", emp + "/veiculos", token, carro("Z9", "Fit", 50000), 201},
		{"POST", "/api/empresas/{empresaId}/veiculos", emp + "/veiculos", token, map[string]any{"preco": 0}, 400},
		{"GET", "/api/empresas/{empresaId}/veiculos/{veiculoId}", emp + "/veiculos/1", token, nil, 200},
		{"PATCH", "/api/empresas/{empresaId}/veiculos/{veiculoId}", emp + "/veiculos/1", token, map[string]any{"status": "reservado"}, 200},
		{"PUT", "/api/empresas/{empresaId}/veiculos/{veiculoId}", emp + "/veiculos/1", token, carro("A1", "Civic", 120000), 200},
		{"GET", "/api/empresas/{empresaId}/veiculos/{veiculoId}", emp + "/veiculos/999", token, nil, 404},
		{"POST", "/api/empresas/{empresaId}/veiculos/import", emp + "/veiculos/import", token, bad, 422},
		{"GET", "/api/empresas/{empresaId}/leads", emp + "/leads?q=5511", token, nil, 200},
		{"GET", "/api/empresas/{empresaId}/leads/{phone}", lead, token, nil, 200},
		{"GET", "/api/empresas/{empresaId}/leads/{phone}/mensagens", lead + "/mensagens?limit=10", token, nil, 200},
		{"POST", "/api/empresas/{empresaId}/leads/{phone}/bot", lead + "/bot", token, map[string]any{"ativo": false}, 200},
		{"POST", "/api/empresas/{empresaId}/mensagens", emp + "/mensagens", token, map[string]any{"to": cliente, "text": "Olá!"}, 201},
		{"POST", "/api/bot/simulate/{empresaId}", "/api/bot/simulate/" + sid, token, map[string]any{"from": cliente, "text": "tem civic?"}, 200},
		{"GET", "/api/sandbox/{empresaId}/outbox", "/api/sandbox/" + sid + "/outbox", adminToken, nil, 200},
		{"POST", "/api/sandbox/{empresaId}/inbound", "/api/sandbox/" + sid + "/inbound", adminToken, map[string]any{"from": cliente, "text": "oi"}, 202},
		{"POST", "/api/sandbox/{empresaId}/fault", "/api/sandbox/" + sid + "/fault", adminToken, map[string]any{"kind": "disconnect"}, 202},
		{"DELETE", "/api/empresas/{empresaId}/veiculos/{veiculoId}", emp + "/veiculos/1", token, nil, 200},
		{"POST", "/api/bot/disconnect/{empresaId}", "/api/bot/disconnect/" + sid, token, nil, 200},
		{"POST", "/api/empresas/{empresaId}/mensagens", emp + "/mensagens", token, map[string]any{"to": cliente, "text": "Olá!"}, 409},
		{"POST", "/api/bot/reconnect/{empresaId}", "/api/bot/reconnect/" + sid, token, nil, 202},
		{"GET", "/api/empresas/{empresaId}/webhook", emp + "/webhook", token, nil, 200},
		{"PUT", "/api/empresas/{empresaId}/webhook", emp + "/webhook", token, map[string]any{"url": "http://127.0.0.1:9/hook", "segredo": "segredo-de-teste-0123"}, 200},
		{"PUT", "/api/empresas/{empresaId}/webhook", emp + "/webhook", token, map[string]any{"url": "http://10.0.0.1/hook"}, 403},
		{"PUT", "/api/empresas/{empresaId}/webhook", emp + "/webhook", token, map[string]any{"url": "/hook"}, 400},
		{"GET", "/api/empresas/{empresaId}/webhook", emp + "/webhook", token, nil, 200},
		{"POST", "/api/empresas/{empresaId}/webhook/testar", emp + "/webhook/testar", token, nil, 200},
		{"GET", "/api/empresas/{empresaId}/webhook/entregas", emp + "/webhook/entregas?status=falhou", token, nil, 200},
		{"GET", "/api/empresas/{empresaId}/webhook/entregas", emp + "/webhook/entregas?destino=global", token, nil, 403},
		{"POST", "/api/empresas/{empresaId}/webhook/entregas/{entregaId}/reenviar", emp + "/webhook/entregas/x/reenviar", token, nil, 400},
		{"POST", "/api/empresas/{empresaId}/webhook/entregas/{entregaId}/reenviar", emp + "/webhook/entregas/" + app.NewDeliveryID() + "/reenviar", token, nil, 404},
		{"DELETE", "/api/empresas/{empresaId}/webhook", emp + "/webhook", token, nil, 200},
		{"DELETE", "/api/empresas/{empresaId}/webhook", emp + "/webhook", token, nil, 404},
		{"GET", "/api/webhook", "/api/webhook", adminToken, nil, 200},
		{"PUT", "/api/webhook", "/api/webhook", adminToken, map[string]any{"url": "http://127.0.0.1:9/", "segredo": "segredo-de-teste-0123", "eventos": []string{"lead"}}, 200},
		{"POST", "/api/webhook/testar", "/api/webhook/testar", adminToken, nil, 200},
		{"DELETE", "/api/webhook", "/api/webhook", adminToken, nil, 200},
		{"POST", "/api/webhook/testar", "/api/webhook/testar", adminToken, nil, 404},
		{"POST", "/api/empresas/{empresaId}/token", emp + "/token", adminToken, nil, 200},
	} {
		name := c.method + " " + c.path
		r := e.do(c.method, c.path, c.token, c.body)
		if r.status != c.status {
			t.Errorf("%s: status %d, want %d: %s", name, r.status, c.status, r.raw)
			continue
		}
		item := doc.Paths.Value(c.route)
		if item == nil || item.GetOperation(c.method) == nil {
			t.Errorf("%s: %s %s is not documented", name, c.method, c.route)
			continue
		}
		resp := item.GetOperation(c.method).Responses.Status(c.status)
		if resp == nil {
			t.Errorf("%s: status %d is not documented", name, c.status)
			continue
		}
		media := resp.Value.Content.Get("application/json")
		if media == nil || media.Schema == nil {
			t.Errorf("%s: no JSON schema documented for %d", name, c.status)
			continue
		}
		var body any
		jsonUnmarshal([]byte(r.raw), &body)
		if err := media.Schema.Value.VisitJSON(body); err != nil {
			t.Errorf("%s: the %d answer does not match the document: %v\n%s", name, c.status, err, r.raw)
		}
	}
}
