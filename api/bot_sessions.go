package api

import (
	"encoding/json"
	"net/http"
	"strconv"

	"github.com/gin-gonic/gin"

	"vendeai/app"
)

// sessionsService returns the session service, answering 503 where the
// appliance runs without one.
func (s *Server) sessionsService(c *gin.Context) (app.SessionService, bool) {
	if s.cfg.Sessions == nil {
		s.fail(c, app.Errorf(app.EUNAVAILABLE, "as sessões do WhatsApp não estão disponíveis neste servidor"))
		return nil, false
	}
	return s.cfg.Sessions, true
}

// statusBody is a SessionStatus flat beside "success", as the seed
// contract's status answers are.
func statusBody(st app.SessionStatus) gin.H {
	data, _ := json.Marshal(st)
	var h gin.H
	json.Unmarshal(data, &h)
	return h
}

// connectSession starts the session: 202 when it started, 200 when it was
// already connected or waiting for a QR scan (with the pending QR).
func (s *Server) connectSession(c *gin.Context) {
	svc, okSvc := s.sessionsService(c)
	if !okSvc {
		return
	}
	st, started, err := svc.Connect(c.Request.Context(), empresaID(c))
	if err != nil {
		s.fail(c, err)
		return
	}
	status := http.StatusOK
	if started {
		status = http.StatusAccepted
	}
	respond(c, status, statusBody(st))
}

func (s *Server) sessionStatus(c *gin.Context) {
	svc, okSvc := s.sessionsService(c)
	if !okSvc {
		return
	}
	st, err := svc.Status(c.Request.Context(), empresaID(c))
	if err != nil {
		s.fail(c, err)
		return
	}
	respondOK(c, statusBody(st))
}

// disconnectSession logs out: the phone loses the link, the credentials
// are forgotten, the empresa stays.
func (s *Server) disconnectSession(c *gin.Context) {
	svc, okSvc := s.sessionsService(c)
	if !okSvc {
		return
	}
	st, err := svc.Disconnect(c.Request.Context(), empresaID(c))
	if err != nil {
		s.fail(c, err)
		return
	}
	respondOK(c, statusBody(st))
}

// reconnectSession restarts the session; ?fresh=true logs out first.
func (s *Server) reconnectSession(c *gin.Context) {
	svc, okSvc := s.sessionsService(c)
	if !okSvc {
		return
	}
	fresh := false
	if v := c.Query("fresh"); v != "" {
		b, err := strconv.ParseBool(v)
		if err != nil {
			s.fail(c, app.Errorf(app.EINVALID, "fresh deve ser true ou false"))
			return
		}
		fresh = b
	}
	st, err := svc.Reconnect(c.Request.Context(), empresaID(c), fresh)
	if err != nil {
		s.fail(c, err)
		return
	}
	respond(c, http.StatusAccepted, statusBody(st))
}

// listSessions is the admin's view: every session and a count per state.
func (s *Server) listSessions(c *gin.Context) {
	svc, okSvc := s.sessionsService(c)
	if !okSvc {
		return
	}
	list, err := svc.Sessions(c.Request.Context())
	if err != nil {
		s.fail(c, err)
		return
	}
	respondOK(c, gin.H{"stats": app.NewSessionStats(list), "sessions": list})
}

type pairPhoneRequest struct {
	Phone string `json:"phone"`
}

// pairPhone asks for a code to type on the phone instead of a QR.
func (s *Server) pairPhone(c *gin.Context) {
	svc, okSvc := s.sessionsService(c)
	if !okSvc {
		return
	}
	var req pairPhoneRequest
	if !s.decodeJSON(c, &req) {
		return
	}
	code, err := svc.PairPhone(c.Request.Context(), empresaID(c), req.Phone)
	if err != nil {
		s.fail(c, err)
		return
	}
	respondOK(c, gin.H{"code": code})
}
