package api

import (
	"net/http"

	"github.com/gin-gonic/gin"

	"vendeai/api/panel"
)

// panelHome sends a browser that opens the appliance to its panel.
func (s *Server) panelHome(c *gin.Context) {
	panel.SetHeaders(c.Writer.Header())
	c.Redirect(http.StatusFound, panel.Prefix)
}

// servePanel answers the panel's files and, for any other /painel/ path,
// its page: the app routes deep links itself.
func (s *Server) servePanel(c *gin.Context) {
	s.panel.ServeHTTP(c.Writer, c.Request)
}
