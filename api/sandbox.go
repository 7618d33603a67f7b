package api

import (
	"net/http"

	"github.com/gin-gonic/gin"

	"vendeai/app"
)

// The sandbox routes exist only when the appliance runs the simulated
// WhatsApp (Config.Sandbox set); otherwise they are 404 like any unknown
// path. They are the admin's: they play the phone and the customers.

type scanRequest struct {
	Phone string `json:"phone"`
}

func (s *Server) sandboxScan(c *gin.Context) {
	var req scanRequest
	// The body is optional: without one a made-up number pairs.
	if c.Request.ContentLength != 0 && !s.decodeJSON(c, &req) {
		return
	}
	st, err := s.cfg.Sandbox.Scan(c.Request.Context(), empresaID(c), req.Phone)
	if err != nil {
		s.fail(c, err)
		return
	}
	respondOK(c, statusBody(st))
}

func (s *Server) sandboxInbound(c *gin.Context) {
	var req app.SandboxInbound
	if !s.decodeJSON(c, &req) {
		return
	}
	if err := s.cfg.Sandbox.Inbound(c.Request.Context(), empresaID(c), req); err != nil {
		s.fail(c, err)
		return
	}
	respond(c, http.StatusAccepted, nil)
}

func (s *Server) sandboxOutbox(c *gin.Context) {
	list, err := s.cfg.Sandbox.Outbox(c.Request.Context(), empresaID(c))
	if err != nil {
		s.fail(c, err)
		return
	}
	if list == nil {
		list = []app.OutboxMessage{}
	}
	respondOK(c, gin.H{"mensagens": list})
}

// sandboxContact registers a number on the sandbox's WhatsApp.
func (s *Server) sandboxContact(c *gin.Context) {
	var req app.SandboxContact
	if !s.decodeJSON(c, &req) {
		return
	}
	contato, err := s.cfg.Sandbox.RegisterContact(c.Request.Context(), empresaID(c), req)
	if err != nil {
		s.fail(c, err)
		return
	}
	respond(c, http.StatusCreated, gin.H{"contato": contato})
}

type faultRequest struct {
	Kind string `json:"kind"`
}

func (s *Server) sandboxFault(c *gin.Context) {
	var req faultRequest
	if !s.decodeJSON(c, &req) {
		return
	}
	if err := s.cfg.Sandbox.Fault(c.Request.Context(), empresaID(c), req.Kind); err != nil {
		s.fail(c, err)
		return
	}
	respond(c, http.StatusAccepted, gin.H{"kind": req.Kind})
}
