package bot

import (
	"time"

	"vendeai/app"
)

// Stages of a conversation: what the assistant asked and awaits an answer to.
const (
	StageNone        = ""
	StageVisitDay    = "visita_dia"      // asked which day for a visit
	StageVisitPeriod = "visita_periodo"  // has the day, asked the period
	StageOfferSeller = "oferta_vendedor" // offered a seller (after financing)
	StageTradeIn     = "troca"           // asked the trade-in's modelo, ano or km
	StageOfferAnswer = "oferta_resposta" // could not answer; offered a seller
)

// What the customer saw last, so that "é automático?" is a question about
// the vehicle just shown and a refinement of the list just shown.
const (
	FocusList    = "lista"
	FocusVehicle = "veiculo"
)

// ContextTTL: after this long without a message, a new message starts a
// new subject instead of refining the old search.
const ContextTTL = 6 * time.Hour

// State is one contact's conversation with the assistant. The pipeline
// stores it as JSON in the empresa's database between messages; the zero
// value is a new contact.
type State struct {
	Stage string `json:"stage,omitempty"`
	// LastList is the vehicles of the last list shown, in order, so that
	// "2" means the second of them.
	LastList   []int64            `json:"lastList,omitempty"`
	LastFilter *app.VehicleFilter `json:"lastFilter,omitempty"`
	// LastOffset is where the last list started in its search ("tem mais?").
	LastOffset int `json:"lastOffset,omitempty"`
	// LastVehicle is the vehicle last shown in full.
	LastVehicle int64 `json:"lastVehicle,omitempty"`
	// Focus is what was shown last: FocusList or FocusVehicle.
	Focus string `json:"focus,omitempty"`
	// Troca is the trade-in being described (while Stage is StageTradeIn).
	Troca *app.Troca `json:"troca,omitempty"`
	// Visit is the last visit the contact asked for (and, while Stage is a
	// visit stage, the one being filled in).
	Visit *app.Visita `json:"visit,omitempty"`
	// OptOut: the contact asked not to receive messages; only "voltar"
	// brings the assistant back.
	OptOut bool `json:"optOut,omitempty"`
	// HumanUntil: a person is handling the contact; the assistant stays
	// silent until then or until the CRM calls ReturnToBot.
	HumanUntil time.Time `json:"humanUntil,omitzero"`
	UpdatedAt  time.Time `json:"updatedAt,omitzero"`
}

// WithHuman reports whether a person is handling the contact at now.
func (s State) WithHuman(now time.Time) bool {
	return !s.HumanUntil.IsZero() && now.Before(s.HumanUntil)
}

// Silenced reports whether the assistant must not answer at now (opted out
// or with a human). "voltar" still gets through an opt-out.
func (s State) Silenced(now time.Time) bool { return s.OptOut || s.WithHuman(now) }

// ReturnToBot gives the contact back to the assistant (the CRM's "devolver
// ao bot").
func (s *State) ReturnToBot() {
	s.HumanUntil = time.Time{}
	s.Stage = StageNone
}

func (s State) clone() State {
	c := s
	c.LastList = append([]int64(nil), s.LastList...)
	if s.LastFilter != nil {
		f := *s.LastFilter
		c.LastFilter = &f
	}
	if s.Visit != nil {
		v := *s.Visit
		c.Visit = &v
	}
	if s.Troca != nil {
		t := *s.Troca
		c.Troca = &t
	}
	return c
}
