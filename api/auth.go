package api

import (
	"strings"

	"github.com/gin-gonic/gin"

	"vendeai/app"
)

// Keys of the values the middleware leaves in a gin.Context.
const (
	ctxPrincipal    = "vendeai.principal"
	ctxEmpresaID    = "vendeai.empresa_id"
	ctxPanelSession = "vendeai.panel_session"
)

// bearerToken reads the token from "Authorization: Bearer <token>".
func bearerToken(c *gin.Context) string {
	h := c.GetHeader("Authorization")
	if scheme, token, ok := strings.Cut(h, " "); ok && strings.EqualFold(scheme, "Bearer") {
		return strings.TrimSpace(token)
	}
	return ""
}

// authenticate rejects requests without a valid token or panel session
// (401) and records who the caller is. A Bearer header wins over the
// cookie.
func (s *Server) authenticate(c *gin.Context) {
	if token := bearerToken(c); token != "" {
		s.authenticateWith(c, token)
		return
	}
	if id, err := c.Cookie(sessionCookie); err == nil && id != "" {
		s.authenticateSession(c, id)
		return
	}
	s.authenticateWith(c, "")
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
	s.admit(c, p)
}

// authenticateSession admits the principal of a live panel session. A
// request that changes state must come from the panel's own origin (or a
// configured CORS origin): a cookie is sent by the browser on its own, so
// the Origin is what tells the panel from another site's form.
func (s *Server) authenticateSession(c *gin.Context, id string) {
	if !s.loginsAvailable(c) {
		return
	}
	sess, err := s.cfg.Logins.Check(c.Request.Context(), id)
	if err != nil {
		if app.IsCode(err, app.EUNAUTHORIZED) {
			s.setSessionCookie(c, "", -1)
		}
		s.fail(c, err)
		return
	}
	if changesState(c.Request.Method) || c.Request.URL.Path == "/ws" {
		if origin := c.GetHeader("Origin"); origin == "" || !s.originAllowed(c, origin) {
			s.fail(c, app.Errorf(app.EFORBIDDEN, "origem ausente ou não permitida para uma sessão do painel"))
			return
		}
	}
	c.Set(ctxCookieAuth, true)
	c.Set(ctxPanelSession, sess)
	s.admit(c, sess.Principal)
}

func (s *Server) admit(c *gin.Context, p app.Principal) {
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
