// Package api is VendeAI's HTTP face: the gin router, the handlers (one file
// per resource), authentication, the error-to-status table, JSON binding with
// its limits, and the WebSocket hub that pushes each empresa's events. It
// talks to the rest of the appliance only through app's interfaces.
package api

import (
	"log/slog"
	"net/http"
	"time"

	"github.com/gin-contrib/cors"
	"github.com/gin-gonic/gin"

	"vendeai/api/panel"
	"vendeai/app"
)

// Config is what the API is built from. Services left nil leave their routes
// answering 503 (the wiring always sets them; tests may not).
type Config struct {
	Version  string
	Auth     app.Authenticator
	Empresas app.EmpresaService
	Sessions app.SessionService
	// Sandbox is set only in sandbox mode; its routes exist only then.
	Sandbox     app.Sandbox
	Vehicles    app.VehicleStores
	Leads       app.LeadStores
	CRM         app.CRM
	Metrics     *Metrics
	Backups     app.Backups // GET /api/backup and /api/empresas/:empresaId/backup
	Webhooks    app.WebhookService
	Ready       func() bool // nil: always ready; false answers 503 (see untilReady)
	Hub         *Hub
	CORSOrigins []string
	Logger      *slog.Logger
	// Logins are the web panel's cookie sessions (POST /api/sessao); nil
	// leaves the panel's login answering 503.
	Logins app.PanelLogins
	// TrustProxy: a reverse proxy in front sets X-Forwarded-Proto (HTTPS
	// cookies) and X-Forwarded-For (the login limit's address).
	TrustProxy bool
}

// Server holds the API's dependencies; its methods are the handlers.
type Server struct {
	cfg           Config
	log           *slog.Logger
	router        *gin.Engine
	panel         *panel.Handler
	loginFailures *loginLimiter
}

// New builds the API and its routes.
func New(cfg Config) *Server {
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.DiscardHandler)
	}
	if cfg.Hub == nil {
		cfg.Hub = NewHub(cfg.Logger)
	}
	if cfg.Metrics == nil {
		cfg.Metrics = NewMetrics(cfg.Sessions, cfg.Hub)
	}
	gin.SetMode(gin.ReleaseMode)
	s := &Server{cfg: cfg, log: cfg.Logger, router: gin.New(), loginFailures: newLoginLimiter()}
	var err error
	if s.panel, err = panel.New(); err != nil {
		panic(err) // the embedded files are part of the binary: a broken one is a build bug
	}
	s.router.HandleMethodNotAllowed = true
	// Route on the raw path, so "..%2F1" reaches :empresaId and is refused
	// as an invalid id rather than routed as a path.
	s.router.UseRawPath = true
	s.router.Use(s.recoverPanics, s.logRequests, cfg.Metrics.observeRequests, s.cors(), s.untilReady)
	s.router.NoRoute(func(c *gin.Context) {
		s.fail(c, app.Errorf(app.ENOTFOUND, "rota não encontrada: %s %s", c.Request.Method, c.Request.URL.Path))
	})
	s.router.NoMethod(func(c *gin.Context) {
		c.JSON(http.StatusMethodNotAllowed, errorBody{Error: "método não permitido nesta rota", Code: "method_not_allowed"})
	})
	s.routes()
	return s
}

// Handler is the API as an http.Handler.
func (s *Server) Handler() http.Handler { return s.router }

// Hub is the WebSocket hub the API pushes events through.
func (s *Server) Hub() *Hub { return s.cfg.Hub }

func (s *Server) routes() {
	r := s.router
	r.GET("/health", s.health)
	r.GET("/ready", s.ready)
	r.GET("/openapi.yaml", s.openapiDocument)

	r.GET("/ws", s.authenticateWS, s.websocket)

	r.GET("/", s.panelHome)
	r.GET(panel.Prefix+"*caminho", s.servePanel)
	r.POST("/api/sessao", s.login)

	authed := r.Group("/", s.authenticate)
	authed.GET("/api/sessao", s.whoAmI)
	authed.DELETE("/api/sessao", s.logout)

	authed.GET("/metrics", s.requireAdmin, gin.WrapH(s.cfg.Metrics.handler()))

	admin := authed.Group("/api", s.requireAdmin)
	admin.POST("/empresas", s.createEmpresa)
	admin.GET("/empresas", s.listEmpresas)
	admin.DELETE("/empresas/:empresaId", s.empresaScope, s.deleteEmpresa)
	admin.POST("/empresas/:empresaId/token", s.empresaScope, s.rotateToken)
	admin.GET("/backup", s.backupAll)
	admin.GET("/webhook", s.getGlobalWebhook)
	admin.PUT("/webhook", s.putGlobalWebhook)
	admin.DELETE("/webhook", s.deleteGlobalWebhook)
	admin.POST("/webhook/testar", s.testGlobalWebhook)

	empresa := authed.Group("/api/empresas/:empresaId", s.empresaScope)
	empresa.GET("", s.getEmpresa)
	empresa.GET("/resumo", s.empresaSummary)
	empresa.PATCH("", s.updateEmpresa)
	empresa.GET("/backup", s.backupEmpresa)
	empresa.GET("/veiculos", s.listVehicles)
	empresa.POST("/veiculos", s.createVehicle)
	empresa.POST("/veiculos/import", s.importVehicles)
	empresa.GET("/veiculos/export", s.exportVehicles)
	empresa.GET("/veiculos/:veiculoId", s.getVehicle)
	empresa.PUT("/veiculos/:veiculoId", s.updateVehicle)
	empresa.PATCH("/veiculos/:veiculoId", s.updateVehicle)
	empresa.DELETE("/veiculos/:veiculoId", s.deleteVehicle)
	empresa.GET("/leads", s.listLeads)
	empresa.GET("/leads/export", s.exportLeads)
	empresa.GET("/leads/unificacoes", s.listLeadMerges)
	empresa.GET("/leads/:phone", s.getLead)
	empresa.GET("/leads/:phone/mensagens", s.listLeadMessages)
	empresa.POST("/leads/:phone/bot", s.setLeadBot)
	empresa.POST("/mensagens", s.sendMessage)
	empresa.GET("/webhook", s.getWebhook)
	empresa.PUT("/webhook", s.putWebhook)
	empresa.DELETE("/webhook", s.deleteWebhook)
	empresa.POST("/webhook/testar", s.testWebhook)
	empresa.GET("/webhook/entregas", s.listDeliveries)
	empresa.POST("/webhook/entregas/:entregaId/reenviar", s.redeliver)

	bot := authed.Group("/api/bot")
	bot.POST("/toggle", s.toggleBot)
	bot.GET("/config/:empresaId", s.empresaScope, s.getConfig)
	bot.PUT("/config/:empresaId", s.empresaScope, s.putConfig)
	bot.POST("/simulate/:empresaId", s.empresaScope, s.simulate)
	bot.POST("/connect/:empresaId", s.empresaScope, s.connectSession)
	bot.GET("/status/:empresaId", s.empresaScope, s.sessionStatus)
	bot.POST("/disconnect/:empresaId", s.empresaScope, s.disconnectSession)
	bot.POST("/reconnect/:empresaId", s.empresaScope, s.reconnectSession)
	bot.POST("/pair-phone/:empresaId", s.empresaScope, s.pairPhone)
	bot.GET("/sessions", s.requireAdmin, s.listSessions)

	if s.cfg.Sandbox != nil {
		sb := authed.Group("/api/sandbox/:empresaId", s.requireAdmin, s.empresaScope)
		sb.POST("/scan", s.sandboxScan)
		sb.POST("/inbound", s.sandboxInbound)
		sb.GET("/outbox", s.sandboxOutbox)
		sb.POST("/fault", s.sandboxFault)
		sb.POST("/contatos", s.sandboxContact)
	}
}

func (s *Server) cors() gin.HandlerFunc {
	origins := s.cfg.CORSOrigins
	if len(origins) == 0 {
		origins = []string{"http://localhost:5173"}
	}
	return cors.New(cors.Config{
		AllowOrigins:     origins,
		AllowMethods:     []string{"GET", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"},
		AllowHeaders:     []string{"Authorization", "Content-Type"},
		ExposeHeaders:    []string{"Content-Disposition"},
		AllowCredentials: false,
		MaxAge:           12 * time.Hour,
	})
}

// recoverPanics turns a handler's panic into a logged 500 with the generic
// message: no route takes the process down or shows a stack to a client.
func (s *Server) recoverPanics(c *gin.Context) {
	defer func() {
		if v := recover(); v != nil {
			if v == http.ErrAbortHandler {
				panic(v)
			}
			s.log.Error("panic no handler", "rota", c.FullPath(), "panic", v)
			if !c.Writer.Written() {
				s.fail(c, app.Errorf(app.EINTERNAL, "panic"))
			}
			c.Abort()
		}
	}()
	c.Next()
}

// logRequests writes one line per request with the route template (never
// the raw path with its ids, never the query that may carry a token).
func (s *Server) logRequests(c *gin.Context) {
	start := time.Now()
	c.Next()
	route := c.FullPath()
	if route == "" {
		route = "(sem rota)"
	}
	attrs := []any{"metodo", c.Request.Method, "rota", route, "status", c.Writer.Status(),
		"duracao_ms", float64(time.Since(start).Microseconds()) / 1000}
	if id, ok := c.Get(ctxEmpresaID); ok {
		attrs = append(attrs, "empresa_id", id)
	}
	s.log.Info("http", attrs...)
}
