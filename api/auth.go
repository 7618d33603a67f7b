package api

import (
	"strings"

	"github.com/gin-gonic/gin"

	"vendeai/app"
)

// Keys of the values the middleware leaves in a gin.Context.
const (
	ctxPrincipal = "vendeai.principal"
	ctxEmpresaID = "vendeai.empresa_id"
)

// bearerToken reads the token from "Authorization: Bearer <token>".
func bearerToken(c *gin.Context) string {
	h := c.GetHeader("Authorization")
	if scheme, token, ok := strings.Cut(h, " "); ok && strings.EqualFold(scheme, "Bearer") {
		return strings.TrimSpace(token)
	}
	return ""
}

// authenticate rejects requests without a valid token (401) and records
// who the caller is.
func (s *Server) authenticate(c *gin.Context) {
	s.authenticateWith(c, bearerToken(c))
}

func (s *Server) authenticateWith(c *gin.Context, token string) {
	if token == "" {
		s.fail(c, app.Errorf(app.EUNAUTHORIZED, "token ausente: envie o cabeçalho Authorization: Bearer <token>"))
		return
	}
	p, err := s.cfg.Auth.Authenticate(c.Request.Context(), token)
	if err != nil {
		s.fail(c, err)
		return
	}
	c.Set(ctxPrincipal, p)
	c.Request = c.Request.WithContext(app.NewContextWithPrincipal(c.Request.Context(), p))
	c.Next()
}

func principal(c *gin.Context) app.Principal {
	p, _ := c.Get(ctxPrincipal)
	pr, _ := p.(app.Principal)
	return pr
}

// requireAdmin lets only the admin token through (an empresa token: 403).
func (s *Server) requireAdmin(c *gin.Context) {
	if !principal(c).Admin {
		s.fail(c, app.Errorf(app.EFORBIDDEN, "apenas o token de administrador pode usar esta rota"))
		return
	}
	c.Next()
}

// empresaScope reads :empresaId (400 invalid_id when it is not a positive
// 32-bit decimal) and lets through the admin or that empresa's own token.
func (s *Server) empresaScope(c *gin.Context) {
	id, err := app.ParseEmpresaID(c.Param("empresaId"))
	if err != nil {
		s.fail(c, err)
		return
	}
	if !s.authorize(c, id) {
		return
	}
	c.Next()
}

// authorize checks that the caller may act on empresa id, answering 403
// where not; it records the id for the request log.
func (s *Server) authorize(c *gin.Context, id int) bool {
	if !principal(c).CanAccess(id) {
		s.fail(c, app.Errorf(app.EFORBIDDEN, "este token não dá acesso à empresa %d", id))
		return false
	}
	c.Set(ctxEmpresaID, id)
	return true
}

// empresaID is the id empresaScope validated.
func empresaID(c *gin.Context) int { return c.GetInt(ctxEmpresaID) }
