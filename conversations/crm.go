package conversations

import (
	"context"
	"time"

	"vendeai/app"
)

// SetContactBot gives the contact back to the assistant or takes it for
// the empresa's people (for pausaHumanoHoras, as a handoff the customer
// asked for). An opted-out contact stays opted out: only the customer's own
// "voltar" lifts that.
func (s *Service) SetContactBot(ctx context.Context, empresaID int, phone string, ativo bool) (*app.Lead, error) {
	phone, err := app.CheckContactPhone("phone", phone)
	if err != nil {
		return nil, err
	}
	t, err := s.cfg.Tenants.Tenant(ctx, empresaID)
	if err != nil {
		return nil, err
	}
	// On the contact's worker: a message being answered right now cannot
	// overwrite the handoff (or its end) with the state it loaded before.
	var lead *app.Lead
	qerr := s.inContactOrder(ctx, empresaID, phone, func() {
		lead, err = s.setContactBot(ctx, t.Empresa, t.Leads, phone, ativo)
	})
	if qerr != nil {
		return nil, qerr
	}
	return lead, err
}

func (s *Service) setContactBot(ctx context.Context, empresa *app.Empresa, leads app.LeadStore, phone string, ativo bool) (*app.Lead, error) {
	lead, err := leads.FindLead(ctx, phone)
	if err != nil {
		return nil, err
	}
	state, err := loadState(ctx, leads, phone)
	if err != nil {
		return nil, err
	}
	var upd app.LeadUpdate
	if ativo {
		state.ReturnToBot()
		var zero time.Time
		upd.HumanoAte = &zero
		if lead.Status == app.LeadHumano {
			st := app.LeadEmAtendimento
			upd.Status = &st
		}
	} else {
		until := s.cfg.Now().UTC().Add(time.Duration(empresa.PausaHumanoHoras) * time.Hour)
		state.HumanUntil = until
		st := app.LeadHumano
		upd.HumanoAte, upd.Status = &until, &st
		if lead.Status == app.LeadOptOut {
			upd.Status = nil
		}
	}
	if err := saveState(ctx, leads, phone, state); err != nil {
		return nil, err
	}
	return leads.UpdateLead(ctx, phone, upd)
}

// SendMessage sends text as the store and keeps it in the conversation.
// To a contact who never wrote, at most the empresa's
// limiteNovosContatosDia new contacts in 24 hours (outreach.go).
func (s *Service) SendMessage(ctx context.Context, empresaID int, to, text string) (*app.Message, error) {
	to, err := app.CheckContactPhone("to", to)
	if err != nil {
		return nil, err
	}
	if text, err = app.CheckText("text", text); err != nil {
		return nil, err
	}
	t, err := s.cfg.Tenants.Tenant(ctx, empresaID)
	if err != nil {
		return nil, err
	}
	if cold, err := neverWrote(ctx, t.Leads, to); err != nil {
		return nil, err
	} else if cold {
		return s.reachOut(ctx, t, to, text)
	}
	return s.send(ctx, t.Leads, empresaID, to, text, AuthorStore)
}

// Simulate answers as the assistant would, over the empresa's real
// inventory, whatever botAtivo says and whether or not WhatsApp is
// connected. Its conversation state is its own, and nothing of it is sent,
// stored as messages or listed among leads.
func (s *Service) Simulate(ctx context.Context, empresaID int, from, text string) ([]string, error) {
	from, err := app.CheckContactPhone("from", from)
	if err != nil {
		return nil, err
	}
	if text, err = app.CheckText("text", text); err != nil {
		return nil, err
	}
	t, err := s.cfg.Tenants.Tenant(ctx, empresaID)
	if err != nil {
		return nil, err
	}
	key := simulationPrefix + from
	out, err := s.think(ctx, t, key, text, "")
	if err != nil {
		return nil, err
	}
	if err := saveState(ctx, t.Leads, key, out.State); err != nil {
		return nil, err
	}
	if out.Replies == nil {
		return []string{}, nil
	}
	return out.Replies, nil
}
