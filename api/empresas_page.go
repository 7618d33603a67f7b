package api

import (
	"context"
	"slices"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"vendeai/app"
)

// maxEmpresaPage bounds one page of the empresas list.
const maxEmpresaPage = 200

// empresaPageQuery is what the admin's list asks for.
type empresaPageQuery struct {
	q             string
	status        app.SessionState
	limit, offset int // limit 0: all
	since         *time.Time
}

func (s *Server) parseEmpresaPage(c *gin.Context) (empresaPageQuery, bool) {
	var pq empresaPageQuery
	var ok bool
	if pq.limit, ok = s.queryInt(c, "limit"); !ok {
		return pq, false
	}
	if pq.offset, ok = s.queryInt(c, "offset"); !ok {
		return pq, false
	}
	if pq.limit > maxEmpresaPage {
		s.fail(c, app.Errorf(app.EINVALID, "limit deve ser no máximo %d", maxEmpresaPage))
		return pq, false
	}
	pq.q = strings.TrimSpace(c.Query("q"))
	if len(pq.q) > 200 {
		s.fail(c, app.Errorf(app.EINVALID, "q deve ter no máximo 200 caracteres"))
		return pq, false
	}
	if raw := c.Query("status"); raw != "" {
		pq.status = app.SessionState(raw)
		if !slices.Contains(app.SessionStates, pq.status) {
			s.fail(c, app.Errorf(app.EINVALID, "status deve ser um dos estados da sessão: disconnected, connecting, qr, connected, reconnecting, logged_out, replaced, banned, outdated, error"))
			return pq, false
		}
	}
	if _, given := c.GetQuery("desde"); given {
		since, ok := s.querySince(c)
		if !ok {
			return pq, false
		}
		pq.since = &since
	}
	return pq, true
}

// querySince reads ?desde= (RFC 3339), the start of "today" as the caller
// sees it: the browser knows its time zone, the server may not. Without it,
// the server's local midnight.
func (s *Server) querySince(c *gin.Context) (time.Time, bool) {
	raw := c.Query("desde")
	if raw == "" {
		now := time.Now()
		return time.Date(now.Year(), now.Month(), now.Day(), 0, 0, 0, 0, now.Location()), true
	}
	t, err := time.Parse(time.RFC3339, raw)
	if err != nil {
		s.fail(c, app.Errorf(app.EINVALID, "desde deve ser uma data RFC 3339, como 2026-01-19T03:00:00Z"))
		return time.Time{}, false
	}
	return t, true
}

// listEmpresaPage is the admin's list: every empresa matching ?q= (its
// nome, without regard to case or accents) and ?status= (its session's
// state), in id order, one page at a time, with each one's session and,
// given ?desde=, its messages since then. contagem counts every empresa by
// session state, whatever the filters.
func (s *Server) listEmpresaPage(c *gin.Context) {
	pq, valid := s.parseEmpresaPage(c)
	if !valid {
		return
	}
	ctx := c.Request.Context()
	list, err := s.cfg.Empresas.ListEmpresas(ctx)
	if err != nil {
		s.fail(c, err)
		return
	}
	sessions, stats, err := s.sessionsByEmpresa(ctx)
	if err != nil {
		s.fail(c, err)
		return
	}
	folded := app.Fold(pq.q)
	matched := list[:0:0]
	for _, e := range list {
		if folded != "" && !strings.Contains(app.Fold(e.Nome), folded) {
			continue
		}
		if st, known := sessions[e.ID]; pq.status != "" && (!known || st.Status != pq.status) {
			continue
		}
		matched = append(matched, e)
	}
	total := len(matched)
	page := matched[min(pq.offset, total):]
	if pq.limit > 0 {
		page = page[:min(pq.limit, len(page))]
	}
	views := make([]gin.H, len(page))
	for i, e := range page {
		v := empresaView(e)
		if st, known := sessions[e.ID]; known {
			v["sessao"] = sessionBrief(st)
		}
		if pq.since != nil {
			if stats, err := s.crmStats(ctx, e.ID, *pq.since); err == nil {
				v["mensagens"] = stats.Mensagens
			} else {
				s.log.Warn("contagem de mensagens indisponível", "empresa_id", e.ID, "err", err)
			}
		}
		views[i] = v
	}
	body := gin.H{"total": total, "empresas": views}
	if stats != nil {
		body["contagem"] = stats
	}
	respondOK(c, body)
}

// sessionsByEmpresa reads every session once; nil maps where the appliance
// runs without sessions.
func (s *Server) sessionsByEmpresa(ctx context.Context) (map[int]app.SessionStatus, app.SessionStats, error) {
	if s.cfg.Sessions == nil {
		return map[int]app.SessionStatus{}, nil, nil
	}
	list, err := s.cfg.Sessions.Sessions(ctx)
	if err != nil {
		return nil, nil, err
	}
	byID := make(map[int]app.SessionStatus, len(list))
	for _, st := range list {
		byID[st.EmpresaID] = st
	}
	return byID, app.NewSessionStats(list), nil
}

// sessionBrief is the part of a SessionStatus a list row shows (no QR).
func sessionBrief(st app.SessionStatus) gin.H {
	return gin.H{"status": st.Status, "reason": st.Reason, "lastError": st.LastError, "phone": st.Phone,
		"since": st.Since, "banExpiresAt": st.BanExpiresAt}
}

func (s *Server) crmStats(ctx context.Context, id int, since time.Time) (app.CRMStats, error) {
	if s.cfg.Leads == nil {
		return app.CRMStats{}, app.Errorf(app.EUNAVAILABLE, "CRM indisponível")
	}
	store, err := s.cfg.Leads.LeadStore(ctx, id)
	if err != nil {
		return app.CRMStats{}, err
	}
	return store.Stats(ctx, since)
}

// empresaSummary is the empresa's day at a glance: messages in and out
// since ?desde= and its leads by status.
func (s *Server) empresaSummary(c *gin.Context) {
	since, valid := s.querySince(c)
	if !valid {
		return
	}
	stats, err := s.crmStats(c.Request.Context(), empresaID(c), since)
	if err != nil {
		s.fail(c, err)
		return
	}
	respondOK(c, gin.H{"empresaId": empresaID(c), "desde": since.UTC(), "mensagens": stats.Mensagens, "leads": stats.Leads})
}
