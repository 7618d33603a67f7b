package api

import (
	"net/http"

	"github.com/gin-gonic/gin"

	"vendeai/app"
)

// health answers without a token: Docker's HEALTHCHECK and load balancers
// call it. It reports the count of empresas and, once sessions run, their
// stats by state.
func (s *Server) health(c *gin.Context) {
	ctx := c.Request.Context()
	n, err := s.cfg.Empresas.CountEmpresas(ctx)
	if err != nil {
		s.log.Error("health: registro indisponível", "err", err)
		c.JSON(http.StatusServiceUnavailable, gin.H{"status": "error", "mode": "multi-tenant", "version": s.cfg.Version})
		return
	}
	body := gin.H{"status": "ok", "mode": "multi-tenant", "version": s.cfg.Version, "empresas": n}
	if s.cfg.Sessions != nil {
		if list, err := s.cfg.Sessions.Sessions(ctx); err == nil {
			body["sessions"] = app.NewSessionStats(list)
		}
	}
	c.JSON(http.StatusOK, body)
}
