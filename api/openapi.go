package api

import (
	_ "embed"
	"net/http"

	"github.com/gin-gonic/gin"
)

// openapiYAML is the API's OpenAPI 3.0 document, kept beside the handlers
// (openapi.yaml) and embedded so the binary always serves its own contract.
// openapi_test.go checks that it documents exactly the routes below.
//
//go:embed openapi.yaml
var openapiYAML []byte

// openapiDocument serves the document without a token: it describes the
// API, it holds no data.
func (s *Server) openapiDocument(c *gin.Context) {
	c.Data(http.StatusOK, "application/yaml", openapiYAML)
}
