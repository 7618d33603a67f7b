package api

import (
	"net/http"
	"strconv"

	"github.com/gin-gonic/gin"

	"vendeai/app"
)

// queryInt reads an optional non-negative integer query parameter.
func (s *Server) queryInt(c *gin.Context, name string) (int, bool) {
	raw := c.Query(name)
	if raw == "" {
		return 0, true
	}
	n, err := strconv.Atoi(raw)
	if err != nil || n < 0 {
		s.fail(c, app.Errorf(app.EINVALID, "%s deve ser um inteiro maior ou igual a zero", name))
		return 0, false
	}
	return n, true
}

// leadPhone reads :phone, digits of an international number in either
// form of the ninth digit, as the contact is keyed.
func (s *Server) leadPhone(c *gin.Context) (string, bool) {
	phone, err := app.CheckContactPhone("phone", c.Param("phone"))
	if err != nil {
		s.fail(c, err)
		return "", false
	}
	return phone, true
}

func (s *Server) leadStore(c *gin.Context) (app.LeadStore, bool) {
	if s.cfg.Leads == nil {
		s.fail(c, app.Errorf(app.EUNAVAILABLE, "CRM indisponível"))
		return nil, false
	}
	store, err := s.cfg.Leads.LeadStore(c.Request.Context(), empresaID(c))
	if err != nil {
		s.fail(c, err)
		return nil, false
	}
	return store, true
}

func (s *Server) listLeads(c *gin.Context) {
	limit, okLimit := s.queryInt(c, "limit")
	if !okLimit {
		return
	}
	offset, okOffset := s.queryInt(c, "offset")
	if !okOffset {
		return
	}
	store, found := s.leadStore(c)
	if !found {
		return
	}
	f := leadFilter(c)
	f.Limit, f.Offset = limit, offset
	leads, total, err := store.FindLeads(c.Request.Context(), f)
	if err != nil {
		s.fail(c, err)
		return
	}
	respondOK(c, gin.H{"total": total, "leads": leads})
}

func (s *Server) getLead(c *gin.Context) {
	phone, valid := s.leadPhone(c)
	if !valid {
		return
	}
	store, found := s.leadStore(c)
	if !found {
		return
	}
	lead, err := store.FindLead(c.Request.Context(), phone)
	if err != nil {
		s.fail(c, err)
		return
	}
	respondOK(c, gin.H{"lead": lead})
}

// listLeadMessages pages a conversation: newest last; offset counts back
// from the newest message.
func (s *Server) listLeadMessages(c *gin.Context) {
	phone, valid := s.leadPhone(c)
	if !valid {
		return
	}
	limit, okLimit := s.queryInt(c, "limit")
	if !okLimit {
		return
	}
	offset, okOffset := s.queryInt(c, "offset")
	if !okOffset {
		return
	}
	store, found := s.leadStore(c)
	if !found {
		return
	}
	msgs, total, err := store.FindMessages(c.Request.Context(), phone, limit, offset)
	if err != nil {
		s.fail(c, err)
		return
	}
	respondOK(c, gin.H{"phone": phone, "total": total, "mensagens": msgs})
}

type leadBotRequest struct {
	Ativo *bool `json:"ativo"`
}

// setLeadBot gives the contact back to the bot, or takes it for a person.
func (s *Server) setLeadBot(c *gin.Context) {
	phone, valid := s.leadPhone(c)
	if !valid {
		return
	}
	var req leadBotRequest
	if !s.decodeJSON(c, &req) {
		return
	}
	if req.Ativo == nil {
		s.fail(c, app.Errorf(app.EINVALID, "ativo é obrigatório (true devolve ao bot, false passa para um vendedor)"))
		return
	}
	if !s.crmAvailable(c) {
		return
	}
	lead, err := s.cfg.CRM.SetContactBot(c.Request.Context(), empresaID(c), phone, *req.Ativo)
	if err != nil {
		s.fail(c, err)
		return
	}
	respondOK(c, gin.H{"lead": lead})
}

type sendRequest struct {
	To   string `json:"to"`
	Text string `json:"text"`
}

// sendMessage writes to a customer as the store.
func (s *Server) sendMessage(c *gin.Context) {
	var req sendRequest
	if !s.decodeJSON(c, &req) {
		return
	}
	if !s.crmAvailable(c) {
		return
	}
	msg, err := s.cfg.CRM.SendMessage(c.Request.Context(), empresaID(c), req.To, req.Text)
	if err != nil {
		s.fail(c, err)
		return
	}
	respond(c, http.StatusCreated, gin.H{"mensagem": msg})
}

type simulateRequest struct {
	From string `json:"from"`
	Text string `json:"text"`
}

// simulate answers as the assistant would, sending nothing.
func (s *Server) simulate(c *gin.Context) {
	var req simulateRequest
	if !s.decodeJSON(c, &req) {
		return
	}
	if !s.crmAvailable(c) {
		return
	}
	replies, err := s.cfg.CRM.Simulate(c.Request.Context(), empresaID(c), req.From, req.Text)
	if err != nil {
		s.fail(c, err)
		return
	}
	respondOK(c, gin.H{"replies": replies})
}

// crmAvailable answers 503 where the appliance runs without the pipeline.
func (s *Server) crmAvailable(c *gin.Context) bool {
	if s.cfg.CRM == nil {
		s.fail(c, app.Errorf(app.EUNAVAILABLE, "CRM indisponível"))
		return false
	}
	return true
}
