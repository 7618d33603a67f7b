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

	Troca      *Troca      `json:"troca"`      // the car the customer offers as a trade-in
	Negociacao *Negociacao `json:"negociacao"` // the customer's last haggle, for the salesperson
}

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
}

// LeadFilter selects leads of one empresa.
type LeadFilter struct {
	Status string
	Q      string // over phone and nome
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
