package app

import (
	"context"
	"time"
)

// Lead statuses: where a contact stands with the empresa.
const (
	LeadNovo          = "novo"           // wrote, nothing more yet
	LeadEmAtendimento = "em_atendimento" // talking with the assistant
	LeadHumano        = "humano"         // handed to a salesperson
	LeadAgendado      = "agendado"       // asked for a visit or test drive
	LeadOptOut        = "opt_out"        // asked for no more messages
)

// LeadStatuses lists the valid statuses.
var LeadStatuses = []string{LeadNovo, LeadEmAtendimento, LeadHumano, LeadAgendado, LeadOptOut}

// Lead is a customer who wrote to an empresa, as the CRM lists them.
type Lead struct {
	Phone           string     `json:"phone"`
	Nome            string     `json:"nome"`
	Status          string     `json:"status"`
	Interesse       []int64    `json:"interesse"`
	Visita          *Visita    `json:"visita"`
	PrimeiroContato time.Time  `json:"primeiroContato"`
	UltimoContato   time.Time  `json:"ultimoContato"`
	Mensagens       int        `json:"mensagens"`
	BotAtivo        bool       `json:"botAtivo"`  // the assistant answers this contact
	HumanoAte       *time.Time `json:"humanoAte"` // a salesperson has the contact until then
	// JID is the exact JID WhatsApp last delivered the contact's messages
	// from: Phone is the canonical form (CanonicalPhone), JID may lack the
	// ninth digit. Empty until the contact writes.
	JID    string  `json:"jid"`
	Origem *Origem `json:"origem"`
	// UltimaMensagemCliente is when the contact last wrote; nil when it
	// never did (the store wrote first).
	UltimaMensagemCliente *time.Time `json:"ultimaMensagemCliente"`
	// AbordadoEm is when the store last wrote to the contact while it had
	// never written: what limiteNovosContatosDia counts.
	AbordadoEm *time.Time `json:"-"`

	Troca      *Troca      `json:"troca"`      // the car the customer offers as a trade-in
	Negociacao *Negociacao `json:"negociacao"` // the customer's last haggle, for the salesperson
}

// Where a customer came from (Lead.Origem.Tipo).
const (
	OrigemAnuncio = "anuncio" // a Click-to-WhatsApp ad (Facebook, Instagram)
	OrigemLink    = "link"    // a wa.me link, with its prefilled text
	OrigemDireto  = "direto"  // wrote by itself
	OrigemLoja    = "loja"    // the store wrote first (CRM or its own phone)
)

// OrigemTipos lists the valid origem types (the leads filter checks it).
var OrigemTipos = []string{OrigemAnuncio, OrigemLink, OrigemDireto, OrigemLoja}

// Origem is where a contact came from, decided by its first message and
// never changed after.
type Origem struct {
	Tipo string `json:"tipo"`
	// Of an ad: its title, the URL it points to, its id, the kind of
	// media it showed (imagem, video) and the app it ran on.
	Titulo     string `json:"titulo,omitempty"`
	URL        string `json:"url,omitempty"`
	AnuncioID  string `json:"anuncioId,omitempty"`
	Midia      string `json:"midia,omitempty"`
	Plataforma string `json:"plataforma,omitempty"`
	// Of a wa.me link: the text the customer's first message carried.
	Texto string `json:"texto,omitempty"`
}

// LeadMerge records two contacts joined into one: the ninth digit (two
// forms of one number) or, later, a contact known first by its LID.
type LeadMerge struct {
	De        string    `json:"de"`
	Para      string    `json:"para"`
	Mensagens int       `json:"mensagens"` // messages moved
	Motivo    string    `json:"motivo"`
	Em        time.Time `json:"em"`
}

// Why two leads were merged (LeadMerge.Motivo).
const (
	MergeNinthDigit = "nono_digito"
	MergeLID        = "lid"
)

// Troca is the vehicle a customer offers as a trade-in (or down payment),
// as the customer described it; an evaluator prices it, never the bot.
type Troca struct {
	Marca  string `json:"marca,omitempty"`
	Modelo string `json:"modelo,omitempty"`
	Ano    int    `json:"ano,omitempty"`
	Km     *int   `json:"km,omitempty"`
}

// Negociacao is a customer's haggle handed to a salesperson: the value the
// customer offered (0 when none was named) and the vehicle it was about.
type Negociacao struct {
	ValorOferecido Centavos  `json:"valorOferecido,omitempty"`
	VeiculoID      int64     `json:"veiculoId,omitempty"`
	Veiculo        string    `json:"veiculo,omitempty"`
	Mensagem       string    `json:"mensagem"`
	SolicitadaEm   time.Time `json:"solicitadaEm"`
}

// Visita is a visit or test drive a customer asked for: the one name of the
// concept, from the assistant's conversation state to the lead. Dia is as
// the customer would read it ("sábado", "amanhã", "20/03"); Data is the
// date it resolves to (YYYY-MM-DD), when it could be resolved; Periodo is
// manhã, tarde or noite.
type Visita struct {
	Dia          string    `json:"dia"`
	Data         string    `json:"data,omitempty"`
	Periodo      string    `json:"periodo"`
	VeiculoID    int64     `json:"veiculoId,omitempty"`
	Veiculo      string    `json:"veiculo,omitempty"`
	SolicitadaEm time.Time `json:"solicitadaEm"`
}

// Message directions.
const (
	DirectionIn  = "in"
	DirectionOut = "out"
)

// Message is one message of a conversation, stored in the empresa's DB.
type Message struct {
	ID        int64     `json:"id"`
	Phone     string    `json:"phone"`
	Direction string    `json:"direction"`
	Text      string    `json:"text"`
	Kind      string    `json:"kind"`
	Timestamp time.Time `json:"timestamp"`
	WAID      string    `json:"waId,omitempty"`
	// Author: "cliente", "bot" or "loja" (sent from the CRM).
	Author string `json:"autor"`
	// Known on an inbound message only, and kept on its lead by
	// SaveMessage: the exact JID it came from (Lead.JID), and what it told
	// of where the customer came from (Lead.Origem, for a new lead).
	ContactJID string  `json:"-"`
	Origem     *Origem `json:"-"`
}

// LeadFilter selects leads of one empresa.
type LeadFilter struct {
	Status string
	Q      string // over phone and nome
	Origem string // one of OrigemTipos
	Limit  int
	Offset int
}

// LeadUpdate changes a lead; nil fields are kept.
type LeadUpdate struct {
	Nome         *string
	Status       *string
	AddInteresse []int64
	Visita       *Visita
	// HumanoAte sets (or, with a zero time, clears) the human handoff.
	HumanoAte *time.Time

	Troca      *Troca
	Negociacao *Negociacao
	// Event, when set, tells the CRM why the lead changed: it is recorded
	// for the webhooks, with the updated lead (see LeadChanged), in the
	// same transaction.
	Event *LeadEvent
}

// LeadStore is one empresa's contacts, messages and conversation states.
// Each method is one transaction.
type LeadStore interface {
	// SaveMessage stores m and creates or touches its lead (nome given when
	// known); the lead's counters follow. The events given (the message's
	// own, as the CRM is told of it) are recorded for the webhooks in the
	// same transaction.
	SaveMessage(ctx context.Context, m *Message, nome string, events ...Event) error
	FindLeads(ctx context.Context, f LeadFilter) ([]*Lead, int, error)
	FindLead(ctx context.Context, phone string) (*Lead, error)
	// FindMessages returns a page of the lead's messages, oldest first.
	FindMessages(ctx context.Context, phone string, limit, offset int) ([]*Message, int, error)
	UpdateLead(ctx context.Context, phone string, upd LeadUpdate) (*Lead, error)
	// AllLeads lists every lead f selects, in FindLeads' order (Limit and
	// Offset ignored): the CSV export.
	AllLeads(ctx context.Context, f LeadFilter) ([]*Lead, error)
	// MergeLeads moves everything of lead from (messages, counters, the
	// assistant's state, what is known of the customer) into lead into and
	// deletes from; into is created where missing. It returns the merged
	// lead, or nil when there was no lead from (nothing to do). The merge
	// is recorded (LeadMerges). One transaction.
	MergeLeads(ctx context.Context, from, into string) (*Lead, error)
	// LeadMerges lists the merges done in this empresa's file, newest first.
	LeadMerges(ctx context.Context) ([]LeadMerge, error)
	// CountOutreach counts the contacts the store wrote to first (they had
	// never written) since t.
	CountOutreach(ctx context.Context, since time.Time) (int, error)
	// Conversation returns the assistant's state for key (nil when none);
	// SaveConversation replaces it. The state is opaque to the store.
	Conversation(ctx context.Context, key string) ([]byte, error)
	SaveConversation(ctx context.Context, key string, state []byte) error
	// Stats counts the messages since an instant and the leads by status.
	Stats(ctx context.Context, since time.Time) (CRMStats, error)
}

// CRMStats is an empresa's activity at a glance, as the panel shows it.
type CRMStats struct {
	Mensagens MessageCounts  `json:"mensagens"`
	Leads     map[string]int `json:"leads"` // every status of LeadStatuses, and "total"
}

// MessageCounts counts messages by direction.
type MessageCounts struct {
	Recebidas int `json:"recebidas"` // in: from customers
	Enviadas  int `json:"enviadas"`  // out: the assistant's and the store's
}

// LeadStores hands out each empresa's own LeadStore.
type LeadStores interface {
	LeadStore(ctx context.Context, empresaID int) (LeadStore, error)
}
