package api

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"vendeai/api/panel"
	"vendeai/app"
)

// isReady is false until the registry is open and every empresa loaded.
func (s *Server) isReady() bool { return s.cfg.Ready == nil || s.cfg.Ready() }

// ready answers 200 once the appliance can serve, 503 before (and while it
// shuts down), for orchestrators that route traffic only to ready ones.
func (s *Server) ready(c *gin.Context) {
	if !s.isReady() || s.cfg.Empresas == nil {
		c.Header("Retry-After", "5")
		c.JSON(http.StatusServiceUnavailable, gin.H{"status": "starting", "version": s.cfg.Version})
		return
	}
	if _, err := s.cfg.Empresas.CountEmpresas(c.Request.Context()); err != nil {
		s.log.Error("ready: registro indisponível", "err", err)
		c.JSON(http.StatusServiceUnavailable, gin.H{"status": "error", "version": s.cfg.Version})
		return
	}
	c.JSON(http.StatusOK, gin.H{"status": "ready", "version": s.cfg.Version})
}

// untilReady answers 503 to everything but the probes while the appliance
// starts: no route sees a half-loaded set of empresas.
func (s *Server) untilReady(c *gin.Context) {
	switch c.Request.URL.Path {
	case "/health", "/ready", "/metrics", "/openapi.yaml", "/":
		c.Next()
		return
	}
	if strings.HasPrefix(c.Request.URL.Path, panel.Prefix) { // the panel shows "iniciando" itself
		c.Next()
		return
	}
	if !s.isReady() {
		c.Header("Retry-After", "5")
		s.fail(c, app.Errorf(app.EUNAVAILABLE, "o servidor está iniciando ou encerrando; tente novamente em instantes"))
		return
	}
	c.Next()
}

func (s *Server) backupEmpresa(c *gin.Context) {
	id := empresaID(c)
	name := "vendeai-empresa_" + strconv.Itoa(id)
	s.sendBackup(c, name, func(ctx context.Context, w io.Writer) error {
		return s.cfg.Backups.BackupEmpresa(ctx, id, w)
	})
}

func (s *Server) backupAll(c *gin.Context) {
	s.sendBackup(c, "vendeai-backup", func(ctx context.Context, w io.Writer) error {
		return s.cfg.Backups.BackupAll(ctx, w)
	})
}

// sendBackup streams an archive as an attachment. A failure before the
// first byte is an ordinary JSON error; after it, the connection is cut, so
// the client gets a truncated archive that fails to unpack rather than one
// that looks complete.
func (s *Server) sendBackup(c *gin.Context, name string, write func(context.Context, io.Writer) error) {
	if s.cfg.Backups == nil {
		s.fail(c, app.Errorf(app.EUNAVAILABLE, "backups indisponíveis neste servidor"))
		return
	}
	stamp := time.Now().UTC().Format("20060102T150405Z")
	w := &attachment{c: c, filename: fmt.Sprintf("%s-%s.tar.gz", name, stamp)}
	err := write(c.Request.Context(), w)
	switch {
	case err == nil && !w.started:
		w.start()
	case err != nil && !w.started:
		s.fail(c, err)
	case err != nil:
		s.log.Error("backup interrompido no meio do envio", "rota", c.FullPath(), "empresa_id", c.GetInt(ctxEmpresaID), "err", err)
		panic(http.ErrAbortHandler)
	}
}

// attachment sends the download headers with the first byte, so an error
// before it can still be answered as JSON.
type attachment struct {
	c        *gin.Context
	filename string
	started  bool
}

func (a *attachment) start() {
	a.started = true
	h := a.c.Writer.Header()
	h.Set("Content-Type", "application/gzip")
	h.Set("Content-Disposition", `attachment; filename="`+a.filename+`"`)
	h.Set("Cache-Control", "no-store")
	a.c.Status(http.StatusOK)
	a.c.Writer.WriteHeaderNow()
}

func (a *attachment) Write(p []byte) (int, error) {
	if !a.started {
		a.start()
	}
	return a.c.Writer.Write(p)
}
