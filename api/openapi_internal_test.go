package api

import (
	"encoding/json"
	"slices"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"

	"vendeai/app"
)

// These checks need the package's own tables and views; the document's
// validity and route coverage are tested in openapi_test.go.

func loadEmbeddedOpenAPI(t *testing.T) *openapi3.T {
	t.Helper()
	doc, err := openapi3.NewLoader().LoadFromData(openapiYAML)
	if err != nil {
		t.Fatal(err)
	}
	return doc
}

// TestOpenAPIErrorCodes: the documented codes are exactly those fail can
// answer, plus the 405 of NoMethod.
func TestOpenAPIErrorCodes(t *testing.T) {
	doc := loadEmbeddedOpenAPI(t)
	var got []string
	for _, v := range doc.Components.Schemas["CodigoErro"].Value.Enum {
		s, _ := v.(string)
		got = append(got, s)
	}
	want := []string{"method_not_allowed"}
	for code := range statusByCode {
		want = append(want, code)
	}
	slices.Sort(got)
	slices.Sort(want)
	if !slices.Equal(got, want) {
		t.Errorf("CodigoErro enum %v, want %v", got, want)
	}
}

// TestOpenAPIViews: the empresa and bot-config answers, built as maps, have
// the documented fields.
func TestOpenAPIViews(t *testing.T) {
	doc := loadEmbeddedOpenAPI(t)
	e := &app.Empresa{ID: 1, Nome: "Loja"}
	for name, view := range map[string]any{"Empresa": empresaView(e), "RespostaConfigBot": configView(e)} {
		data, _ := json.Marshal(view)
		var fields map[string]any
		json.Unmarshal(data, &fields)
		var keys, props []string
		for k := range fields {
			keys = append(keys, k)
		}
		for k := range doc.Components.Schemas[name].Value.Properties {
			if k != "success" {
				props = append(props, k)
			}
		}
		slices.Sort(keys)
		slices.Sort(props)
		if !slices.Equal(keys, props) {
			t.Errorf("%s: the view has %v, the document %v", name, keys, props)
		}
	}
}
