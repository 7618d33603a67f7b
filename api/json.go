package api

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"

	"github.com/gin-gonic/gin"

	"vendeai/app"
)

// MaxJSONBody bounds every JSON request body.
const MaxJSONBody = 1 << 20

// decodeJSON reads the request body into v: at most MaxJSONBody bytes (413
// past that), unknown fields ignored, a malformed body or a wrong type 400
// invalid_json naming the field where it can. It answers the failure itself
// and reports whether the handler may go on.
func (s *Server) decodeJSON(c *gin.Context, v any) bool {
	body := http.MaxBytesReader(c.Writer, c.Request.Body, MaxJSONBody)
	err := json.NewDecoder(body).Decode(v)
	if err == nil {
		return true
	}
	s.fail(c, jsonError(err))
	return false
}

func jsonError(err error) error {
	var (
		tooLarge *http.MaxBytesError
		syntax   *json.SyntaxError
		typ      *json.UnmarshalTypeError
		appErr   *app.Error
	)
	switch {
	case errors.As(err, &tooLarge):
		return app.Errorf(app.ETOOLARGE, "corpo da requisição maior que %d bytes", MaxJSONBody)
	case errors.Is(err, io.EOF):
		return app.Errorf(app.EINVALIDJSON, "corpo da requisição vazio: envie um objeto JSON")
	case errors.As(err, &syntax), errors.Is(err, io.ErrUnexpectedEOF):
		return app.Errorf(app.EINVALIDJSON, "JSON malformado")
	case errors.As(err, &appErr):
		// A field's own decoder (such as a price) said what is wrong.
		return app.Errorf(app.EINVALIDJSON, "%s", appErr.Message)
	case errors.As(err, &typ):
		if typ.Field != "" {
			return app.Errorf(app.EINVALIDJSON, "campo %q: valor do tipo %s não é aceito (esperado %s)", typ.Field, typ.Value, jsonType(typ.Type.Kind().String()))
		}
		return app.Errorf(app.EINVALIDJSON, "esperado um objeto JSON, recebido %s", typ.Value)
	}
	return &app.Error{Code: app.EINVALIDJSON, Message: "JSON inválido", Err: err}
}

// jsonType names a Go kind the way a JSON client thinks of it.
func jsonType(kind string) string {
	switch kind {
	case "bool":
		return "booleano"
	case "string":
		return "texto"
	case "int", "int8", "int16", "int32", "int64", "uint", "uint8", "uint16", "uint32", "uint64", "float32", "float64":
		return "número"
	case "slice", "array":
		return "lista"
	case "struct", "map":
		return "objeto"
	}
	return fmt.Sprint(kind)
}
