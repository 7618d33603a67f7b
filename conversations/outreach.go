package conversations

import (
	"context"
	"slices"
	"sync"
	"time"

	"vendeai/app"
)

// Writing first. WhatsApp restricts a number that starts many
// conversations (error 463, the reach-out time-lock, and then bans), so
// the CRM's messages to contacts who never wrote are limited per empresa:
// at most limiteNovosContatosDia contacts in any 24 hours. WhatsApp's own
// refusals come back as whatsapp_restricao. Both are counted
// (Config.OnSendRefused).

// outreachWindow is the "day" of limiteNovosContatosDia: a sliding 24
// hours, so a burst just before midnight is not followed by another.
const outreachWindow = 24 * time.Hour

// refusalCodes are the refused sends OnSendRefused counts.
var refusalCodes = []string{app.EWHATSAPPRESTRICTED, app.ENEWCONTACTLIMIT, app.ENOTONWHATSAPP}

// neverWrote reports whether phone has never written to the empresa.
func neverWrote(ctx context.Context, leads app.LeadStore, phone string) (bool, error) {
	lead, err := leads.FindLead(ctx, phone)
	if app.IsCode(err, app.ENOTFOUND) {
		return true, nil
	} else if err != nil {
		return false, err
	}
	return lead.UltimaMensagemCliente == nil, nil
}

// reachOut writes to a contact who never wrote, within the empresa's
// limit. One empresa's first messages go one at a time, so the count and
// the send it allows never interleave with another's.
func (s *Service) reachOut(ctx context.Context, t app.Tenant, to, text string) (*app.Message, error) {
	unlock := s.outreach.lock(t.Empresa.ID)
	defer unlock()
	since := s.cfg.Now().Add(-outreachWindow)
	lead, err := t.Leads.FindLead(ctx, to)
	if err != nil && !app.IsCode(err, app.ENOTFOUND) {
		return nil, err
	}
	// A contact already written to in the window is no new one.
	counted := lead != nil && lead.AbordadoEm != nil && !lead.AbordadoEm.Before(since)
	if !counted {
		n, err := t.Leads.CountOutreach(ctx, since)
		if err != nil {
			return nil, err
		}
		if limit := t.Empresa.NovosContatosPorDia(); n >= limit {
			err := app.Errorf(app.ENEWCONTACTLIMIT, "a empresa já escreveu primeiro para %d contato(s) novo(s) nas últimas 24 horas "+
				"(limiteNovosContatosDia = %d). Para o número não ser restringido pelo WhatsApp, espere o cliente escrever "+
				"ou tente mais tarde.", n, limit)
			s.countRefusal(t.Empresa.ID, err)
			return nil, err
		}
	}
	return s.send(ctx, t.Leads, t.Empresa.ID, to, text, AuthorStore)
}

func (s *Service) countRefusal(empresaID int, err error) {
	if code := app.ErrorCode(err); s.cfg.OnSendRefused != nil && slices.Contains(refusalCodes, code) {
		s.cfg.OnSendRefused(empresaID, code)
	}
}

// outreachLocks is one lock per empresa, made on first use.
type outreachLocks struct {
	mu    sync.Mutex
	locks map[int]*sync.Mutex
}

func (l *outreachLocks) lock(empresaID int) (unlock func()) {
	l.mu.Lock()
	if l.locks == nil {
		l.locks = map[int]*sync.Mutex{}
	}
	m := l.locks[empresaID]
	if m == nil {
		m = &sync.Mutex{}
		l.locks[empresaID] = m
	}
	l.mu.Unlock()
	m.Lock()
	return m.Unlock
}
