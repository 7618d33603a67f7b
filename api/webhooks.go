package api

import (
	"github.com/gin-gonic/gin"

	"vendeai/app"
)

// The webhook routes: an empresa's own webhook (admin or that empresa), the
// global one (admin), tests, the delivery log and replays. Who may set which
// URL is the webhook service's rule; it reads the caller from the context.

func (s *Server) webhooks(c *gin.Context) (app.WebhookService, bool) {
	if s.cfg.Webhooks == nil {
		s.fail(c, app.Errorf(app.EUNAVAILABLE, "webhooks indisponíveis"))
		return nil, false
	}
	return s.cfg.Webhooks, true
}

func (s *Server) getWebhook(c *gin.Context) {
	svc, ok := s.webhooks(c)
	if !ok {
		return
	}
	w, err := svc.Webhook(c.Request.Context(), empresaID(c))
	if err != nil {
		s.fail(c, err)
		return
	}
	respondOK(c, gin.H{"webhook": w})
}

func (s *Server) putWebhook(c *gin.Context) {
	var in app.WebhookInput
	if !s.decodeJSON(c, &in) {
		return
	}
	svc, ok := s.webhooks(c)
	if !ok {
		return
	}
	w, err := svc.SetWebhook(c.Request.Context(), empresaID(c), in)
	if err != nil {
		s.fail(c, err)
		return
	}
	respondOK(c, gin.H{"webhook": w})
}

func (s *Server) deleteWebhook(c *gin.Context) {
	svc, ok := s.webhooks(c)
	if !ok {
		return
	}
	if err := svc.DeleteWebhook(c.Request.Context(), empresaID(c)); err != nil {
		s.fail(c, err)
		return
	}
	respondOK(c, nil)
}

func (s *Server) testWebhook(c *gin.Context) {
	svc, ok := s.webhooks(c)
	if !ok {
		return
	}
	d, err := svc.TestWebhook(c.Request.Context(), empresaID(c))
	if err != nil {
		s.fail(c, err)
		return
	}
	respondOK(c, gin.H{"entrega": d})
}

func (s *Server) listDeliveries(c *gin.Context) {
	limit, okLimit := s.queryInt(c, "limit")
	if !okLimit {
		return
	}
	offset, okOffset := s.queryInt(c, "offset")
	if !okOffset {
		return
	}
	svc, ok := s.webhooks(c)
	if !ok {
		return
	}
	list, total, err := svc.Deliveries(c.Request.Context(), empresaID(c), app.DeliveryFilter{
		Status: c.Query("status"), Destino: c.Query("destino"), Limit: limit, Offset: offset})
	if err != nil {
		s.fail(c, err)
		return
	}
	respondOK(c, gin.H{"entregas": list, "total": total})
}

func (s *Server) redeliver(c *gin.Context) {
	svc, ok := s.webhooks(c)
	if !ok {
		return
	}
	d, err := svc.Redeliver(c.Request.Context(), empresaID(c), c.Param("entregaId"))
	if err != nil {
		s.fail(c, err)
		return
	}
	respondOK(c, gin.H{"entrega": d})
}

func (s *Server) getGlobalWebhook(c *gin.Context) {
	svc, ok := s.webhooks(c)
	if !ok {
		return
	}
	w, err := svc.GlobalWebhook(c.Request.Context())
	if err != nil {
		s.fail(c, err)
		return
	}
	respondOK(c, gin.H{"webhook": w})
}

func (s *Server) putGlobalWebhook(c *gin.Context) {
	var in app.WebhookInput
	if !s.decodeJSON(c, &in) {
		return
	}
	svc, ok := s.webhooks(c)
	if !ok {
		return
	}
	w, err := svc.SetGlobalWebhook(c.Request.Context(), in)
	if err != nil {
		s.fail(c, err)
		return
	}
	respondOK(c, gin.H{"webhook": w})
}

func (s *Server) deleteGlobalWebhook(c *gin.Context) {
	svc, ok := s.webhooks(c)
	if !ok {
		return
	}
	if err := svc.DeleteGlobalWebhook(c.Request.Context()); err != nil {
		s.fail(c, err)
		return
	}
	respondOK(c, nil)
}

func (s *Server) testGlobalWebhook(c *gin.Context) {
	svc, ok := s.webhooks(c)
	if !ok {
		return
	}
	d, err := svc.TestGlobalWebhook(c.Request.Context())
	if err != nil {
		s.fail(c, err)
		return
	}
	respondOK(c, gin.H{"entrega": d})
}
