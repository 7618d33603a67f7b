package api

import (
	"errors"
	"net/http"

	"github.com/gin-gonic/gin"

	"vendeai/app"
)

// statusByCode is the one table from app error codes to HTTP statuses.
var statusByCode = map[string]int{
	app.EINVALID:      http.StatusBadRequest,
	app.EINVALIDID:    http.StatusBadRequest,
	app.EINVALIDJSON:  http.StatusBadRequest,
	app.EINVALIDCSV:   http.StatusUnprocessableEntity,
	app.ENOTFOUND:     http.StatusNotFound,
	app.ECONFLICT:     http.StatusConflict,
	app.EUNAUTHORIZED: http.StatusUnauthorized,
	app.EFORBIDDEN:    http.StatusForbidden,
	app.ETOOLARGE:     http.StatusRequestEntityTooLarge,
	app.ENOTCONNECTED: http.StatusConflict,
	app.EUNAVAILABLE:  http.StatusServiceUnavailable,
	app.ESTORAGEFULL:  http.StatusInsufficientStorage,
	app.ETOOMANY:      http.StatusTooManyRequests,
	app.EINTERNAL:     http.StatusInternalServerError,

	app.ENOTONWHATSAPP:      http.StatusNotFound,
	app.ENEWCONTACTLIMIT:    http.StatusTooManyRequests,
	app.EWHATSAPPRESTRICTED: http.StatusConflict,
}

// errorBody is the failure shape of every JSON response.
type errorBody struct {
	Success bool   `json:"success"`
	Error   string `json:"error"`
	Code    string `json:"code"`
	Erros   any    `json:"erros,omitempty"`
}

// fail answers with err's status and safe message; internal errors are
// logged here and shown only as a generic message.
func (s *Server) fail(c *gin.Context, err error) {
	code := app.ErrorCode(err)
	status, ok := statusByCode[code]
	if !ok {
		status = http.StatusInternalServerError
	}
	if status == http.StatusInternalServerError {
		s.log.Error("erro interno", "rota", c.FullPath(), "empresa_id", c.GetInt(ctxEmpresaID), "err", err)
	}
	body := errorBody{Error: app.ErrorMessage(err), Code: code}
	var e *app.Error
	if errors.As(err, &e) && e.Details != nil {
		body.Erros = e.Details
	}
	c.AbortWithStatusJSON(status, body)
}

// respondOK answers 200 with {"success": true} and the given fields.
func respondOK(c *gin.Context, fields gin.H) { respond(c, http.StatusOK, fields) }

func respond(c *gin.Context, status int, fields gin.H) {
	if fields == nil {
		fields = gin.H{}
	}
	fields["success"] = true
	c.JSON(status, fields)
}
