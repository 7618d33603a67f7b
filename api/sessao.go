package api

import (
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"vendeai/app"
)

// sessionCookie carries a panel session's opaque id (never a token).
const sessionCookie = "vendeai_sessao"

// ctxCookieAuth marks a request authenticated by the session cookie.
const ctxCookieAuth = "vendeai.cookie_auth"

type loginRequest struct {
	Token string `json:"token"`
}

// sessionView is who a request speaks for, as /api/sessao shows it.
func sessionView(p app.Principal, expires *time.Time) gin.H {
	h := gin.H{"admin": p.Admin, "empresaId": nil, "expiraEm": expires}
	if !p.Admin {
		h["empresaId"] = p.EmpresaID
	}
	return h
}

// login turns a pasted token into a session cookie: the token goes no
// further than this request. Five failures a minute from one address get
// 429.
func (s *Server) login(c *gin.Context) {
	if !s.loginsAvailable(c) {
		return
	}
	if origin := c.GetHeader("Origin"); origin != "" && !s.originAllowed(c, origin) {
		s.fail(c, app.Errorf(app.EFORBIDDEN, "origem não permitida: %s", clipText(origin, 100)))
		return
	}
	addr, now := s.clientAddress(c), time.Now()
	if wait, blocked := s.loginFailures.blocked(addr, now); blocked {
		c.Header("Retry-After", strconv.Itoa(int(wait.Seconds())+1))
		s.fail(c, app.Errorf(app.ETOOMANY, "muitas tentativas de entrar com token errado; aguarde um minuto e tente de novo"))
		return
	}
	var req loginRequest
	if !s.decodeJSON(c, &req) {
		return
	}
	if strings.TrimSpace(req.Token) == "" {
		s.fail(c, app.Errorf(app.EINVALID, "token é obrigatório: cole o token de administrador ou da empresa"))
		return
	}
	id, sess, err := s.cfg.Logins.Login(c.Request.Context(), req.Token)
	if app.IsCode(err, app.EUNAUTHORIZED) {
		s.loginFailures.failed(addr, now)
		s.fail(c, app.Errorf(app.EUNAUTHORIZED, "token inválido"))
		return
	} else if err != nil {
		s.fail(c, err)
		return
	}
	s.setSessionCookie(c, id, int(app.PanelSessionMaxAge.Seconds()))
	if !sess.Admin {
		c.Set(ctxEmpresaID, sess.EmpresaID)
	}
	expires := sess.ExpiresAt()
	respond(c, http.StatusCreated, sessionView(sess.Principal, &expires))
}

// whoAmI tells the panel who it speaks for (cookie or Bearer).
func (s *Server) whoAmI(c *gin.Context) {
	var expires *time.Time
	if sess, ok := c.Get(ctxPanelSession); ok {
		t := sess.(app.PanelSession).ExpiresAt()
		expires = &t
	}
	respondOK(c, sessionView(principal(c), expires))
}

// logout ends the cookie's session and clears the cookie. A Bearer caller
// has no session: nothing to end.
func (s *Server) logout(c *gin.Context) {
	if id, err := c.Cookie(sessionCookie); err == nil && c.GetBool(ctxCookieAuth) {
		if err := s.cfg.Logins.Logout(c.Request.Context(), id); err != nil {
			s.fail(c, err)
			return
		}
	}
	s.setSessionCookie(c, "", -1)
	respondOK(c, gin.H{"message": "sessão encerrada"})
}

func (s *Server) loginsAvailable(c *gin.Context) bool {
	if s.cfg.Logins == nil {
		s.fail(c, app.Errorf(app.EUNAVAILABLE, "o painel não está disponível neste servidor"))
		return false
	}
	return true
}

// setSessionCookie writes the cookie: HttpOnly (no script reads it),
// SameSite=Strict (no other site sends it), Secure over HTTPS. maxAge < 0
// deletes it.
func (s *Server) setSessionCookie(c *gin.Context, id string, maxAge int) {
	http.SetCookie(c.Writer, &http.Cookie{
		Name: sessionCookie, Value: id, Path: "/", MaxAge: maxAge,
		HttpOnly: true, Secure: s.isHTTPS(c), SameSite: http.SameSiteStrictMode,
	})
}

// isHTTPS tells whether the browser reached us over HTTPS: the connection
// itself, or X-Forwarded-Proto when a trusted proxy terminates TLS.
func (s *Server) isHTTPS(c *gin.Context) bool {
	if c.Request.TLS != nil {
		return true
	}
	return s.cfg.TrustProxy && strings.EqualFold(strings.TrimSpace(c.GetHeader("X-Forwarded-Proto")), "https")
}

// ownOrigin is the origin the browser used to reach us.
func (s *Server) ownOrigin(c *gin.Context) string {
	scheme := "http"
	if s.isHTTPS(c) {
		scheme = "https"
	}
	return scheme + "://" + c.Request.Host
}

// originAllowed accepts the server's own origin and the configured CORS
// origins.
func (s *Server) originAllowed(c *gin.Context, origin string) bool {
	if strings.EqualFold(origin, s.ownOrigin(c)) {
		return true
	}
	for _, o := range s.cfg.CORSOrigins {
		if o == "*" || strings.EqualFold(o, origin) {
			return true
		}
	}
	return false
}

// changesState: every method but the safe ones.
func changesState(method string) bool {
	switch method {
	case http.MethodGet, http.MethodHead, http.MethodOptions:
		return false
	}
	return true
}

func clipText(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n] + "…"
}
