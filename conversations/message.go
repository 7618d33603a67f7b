package conversations

import (
	"context"
	"encoding/json"
	"strings"
	"time"

	"vendeai/app"
	"vendeai/app/bot"
)

// mediaNotice is the one answer to a message without text.
const mediaNotice = "Por aqui eu só consigo ler mensagens de texto. 🙂 Pode me escrever o que você procura?"

// handle runs one message through the pipeline; a panic or error stays
// with this message and this empresa.
func (s *Service) handle(j job) {
	defer func() {
		if v := recover(); v != nil {
			s.log.Error("panic no atendimento", "empresa_id", j.msg.EmpresaID, "panic", v)
		}
	}()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	if err := s.process(ctx, j); err != nil {
		s.log.Error("mensagem não atendida", "empresa_id", j.msg.EmpresaID, "err", err)
	}
}

// process is the life of one inbound message: the empresa and its stores
// are looked up once; the message is stored and published; the assistant
// decides; the replies are sent, each stored and published; and only then
// are the conversation state and the lead written. A send that fails
// leaves the conversation where it was, so the customer's next message
// finds the assistant where the customer last saw it.
func (s *Service) process(ctx context.Context, j job) error {
	msg := j.msg
	t, err := s.cfg.Tenants.Tenant(ctx, msg.EmpresaID)
	if err != nil {
		return err
	}
	if msg.Timestamp.IsZero() {
		msg.Timestamp = j.received
	}
	stored := &app.Message{Phone: msg.From, Direction: app.DirectionIn, Author: AuthorCustomer,
		Kind: msg.Kind, Text: msg.Text, Timestamp: msg.Timestamp, WAID: msg.ID, ContactJID: msg.JID, Origem: msg.Origem}
	if msg.FromMe {
		// Typed on the store's own phone: part of the conversation, never answered.
		stored.Direction, stored.Author = app.DirectionOut, AuthorStore
	}
	ev := messageEvent(msg.EmpresaID, "", stored)
	if err := t.Leads.SaveMessage(ctx, stored, pushName(msg), ev); err != nil {
		return err
	}
	s.publishMessage(ev, stored.Direction)
	if msg.FromMe || s.cfg.Now().Sub(msg.Timestamp) > MaxAge || !t.Empresa.BotAtivo {
		return nil
	}
	// Checked before the assistant runs: a silenced message changes no
	// state, so nothing is decided that the customer is never told.
	if !s.throttle.allowAnswer(msg.EmpresaID, msg.From, s.cfg.Now()) {
		s.log.Warn("limite de respostas por minuto atingido; silêncio", "empresa_id", msg.EmpresaID)
		return nil
	}
	a, err := s.answer(ctx, t, msg)
	if err != nil {
		return err
	}
	if len(a.replies) > 0 {
		// Courtesies first; a transport without them is no reason to stay silent.
		_ = s.cfg.Messenger.MarkRead(ctx, msg)
		_ = s.cfg.Messenger.Typing(ctx, msg.EmpresaID, msg.From)
	}
	for _, text := range a.replies {
		if _, err := s.send(ctx, t.Leads, msg.EmpresaID, msg.From, text, AuthorBot); err != nil {
			return err // nothing of the answer is committed
		}
	}
	if err := a.commit(ctx); err != nil {
		return err
	}
	if len(a.replies) > 0 && s.cfg.OnReply != nil {
		s.cfg.OnReply(msg.EmpresaID, msg.From, s.cfg.Now().Sub(j.received))
	}
	return nil
}

func pushName(msg app.InboundMessage) string {
	if msg.FromMe {
		return ""
	}
	return msg.PushName
}

// answer is what was decided about one message: the replies to send and
// what to write down once they are sent.
type answer struct {
	replies []string
	commit  func(ctx context.Context) error
}

func nothingToCommit(context.Context) error { return nil }

// answer asks the assistant (or, for media, gives the one polite notice).
// It writes nothing: commit does, after the replies went out.
func (s *Service) answer(ctx context.Context, t app.Tenant, msg app.InboundMessage) (answer, error) {
	if msg.Kind != app.KindText || strings.TrimSpace(msg.Text) == "" {
		state, err := loadState(ctx, t.Leads, msg.From)
		if err != nil || state.Silenced(s.cfg.Now()) {
			return answer{commit: nothingToCommit}, err
		}
		if !s.throttle.mediaNoticeDue(msg.EmpresaID, msg.From, s.cfg.Now()) {
			return answer{commit: nothingToCommit}, nil
		}
		return answer{replies: []string{mediaNotice}, commit: func(context.Context) error {
			s.throttle.markMediaNotice(msg.EmpresaID, msg.From, s.cfg.Now())
			return nil
		}}, nil
	}
	out, err := s.think(ctx, t, msg.From, msg.Text, msg.PushName)
	if err != nil {
		return answer{}, err
	}
	return answer{replies: out.Replies, commit: func(ctx context.Context) error {
		if err := saveState(ctx, t.Leads, msg.From, out.State); err != nil {
			return err
		}
		return s.applyActions(ctx, t, msg.From, out)
	}}, nil
}

// think runs the assistant over the empresa's own inventory with the
// conversation state kept under key; it stores nothing.
func (s *Service) think(ctx context.Context, t app.Tenant, key, text, pushName string) (bot.Output, error) {
	state, err := loadState(ctx, t.Leads, key)
	if err != nil {
		return bot.Output{}, err
	}
	return s.assistant.Reply(ctx, bot.Input{Empresa: t.Empresa, Text: text, PushName: pushName,
		Now: s.cfg.Now(), State: state, Inventory: t.Vehicles})
}

func loadState(ctx context.Context, leads app.LeadStore, key string) (bot.State, error) {
	var st bot.State
	data, err := leads.Conversation(ctx, key)
	if err != nil || data == nil {
		return st, err
	}
	if err := json.Unmarshal(data, &st); err != nil {
		// A state this version cannot read starts the conversation afresh
		// rather than silencing the contact forever.
		return bot.State{}, nil
	}
	return st, nil
}

func saveState(ctx context.Context, leads app.LeadStore, key string, st bot.State) error {
	data, err := json.Marshal(st)
	if err != nil {
		return err
	}
	return leads.SaveConversation(ctx, key, data)
}

// applyActions mirrors the assistant's decisions on the lead and tells the
// CRM about the ones a salesperson must act on.
func (s *Service) applyActions(ctx context.Context, t app.Tenant, phone string, out bot.Output) error {
	a := out.Actions
	upd := app.LeadUpdate{AddInteresse: a.Interest, Troca: a.Troca, Negociacao: a.Negociacao}
	motivo, razao := "", ""
	setStatus := func(st string) { upd.Status = &st }
	switch {
	case a.OptOut:
		setStatus(app.LeadOptOut)
		motivo = app.LeadOptOut
	case a.Handoff != nil:
		setStatus(app.LeadHumano)
		upd.HumanoAte = &a.Handoff.Until
		motivo, razao = app.LeadHumano, a.Handoff.Reason
	case a.Visit != nil:
		setStatus(app.LeadAgendado)
		visita := *a.Visit
		visita.SolicitadaEm = s.cfg.Now().UTC()
		upd.Visita = &visita
		motivo = "visita"
	case a.Troca != nil:
		motivo = "troca"
		fallthrough
	case a.OptIn || len(out.Replies) > 0:
		lead, err := t.Leads.FindLead(ctx, phone)
		if err != nil {
			return err
		}
		if lead.Status == app.LeadNovo || lead.Status == app.LeadOptOut || a.OptIn {
			setStatus(app.LeadEmAtendimento)
		}
	}
	if a.Question != "" && motivo == "" {
		motivo, razao = "pergunta", a.Question
	}
	if upd.Status == nil && len(upd.AddInteresse) == 0 && upd.Troca == nil && motivo == "" {
		return nil
	}
	if motivo != "" { // the webhooks' copy of the event is written with the change
		upd.Event = &app.LeadEvent{Motivo: motivo, Razao: razao}
	}
	lead, err := t.Leads.UpdateLead(ctx, phone, upd)
	if err != nil {
		return err
	}
	if upd.Event != nil {
		s.cfg.Publisher.Publish(app.LeadChanged(t.Empresa.ID, *upd.Event, lead))
	}
	return nil
}

// send delivers text as the empresa, then stores and publishes it once
// WhatsApp took it.
func (s *Service) send(ctx context.Context, leads app.LeadStore, empresaID int, to, text, author string) (*app.Message, error) {
	from, err := s.cfg.Messenger.Send(ctx, empresaID, to, text)
	if err != nil {
		s.countRefusal(empresaID, err)
		return nil, err
	}
	m := &app.Message{Phone: to, Direction: app.DirectionOut, Author: author, Kind: app.KindText, Text: text, Timestamp: s.cfg.Now()}
	ev := messageEvent(empresaID, from, m)
	if err := leads.SaveMessage(ctx, m, "", ev); err != nil {
		return nil, err
	}
	s.publishMessage(ev, m.Direction)
	return m, nil
}

// messageEvent is the "message" event of a stored message: the one event
// the WebSocket gets and the webhooks' outbox records with the message.
// own is the empresa's number where known ("" for what arrived).
func messageEvent(empresaID int, own string, m *app.Message) app.Event {
	ev := app.MessageEvent{Direction: m.Direction, Text: m.Text, Timestamp: m.Timestamp.UTC()}
	if m.Direction == app.DirectionIn {
		ev.From, ev.To = m.Phone, own
	} else {
		ev.From, ev.To = own, m.Phone
	}
	return app.Event{Type: app.EventMessage, EmpresaID: empresaID, Data: ev}
}

// publishMessage counts a stored message and pushes its "message" event:
// the one place both directions are told to the CRM.
func (s *Service) publishMessage(ev app.Event, direction string) {
	if s.cfg.OnMessage != nil {
		s.cfg.OnMessage(ev.EmpresaID, direction)
	}
	s.cfg.Publisher.Publish(ev)
}
