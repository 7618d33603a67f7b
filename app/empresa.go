package app

import (
	"context"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"
)

// Defaults of a new empresa's configuration.
const (
	DefaultNicho            = "veiculos"
	DefaultPausaHumanoHoras = 24
	MaxNomeLength           = 120
	MaxMensagemLength       = 2000
	MaxPausaHumanoHoras     = 24 * 30

	// Writing first to contacts who never wrote (issue 12): at most this
	// many a day by default, and never more than the maximum.
	DefaultLimiteNovosContatosDia = 30
	MaxLimiteNovosContatosDia     = 1000
)

// Empresa is one dealer (tenant): its registry entry and bot configuration.
type Empresa struct {
	ID                    int       `json:"id"`
	Nome                  string    `json:"nome"`
	BotAtivo              bool      `json:"botAtivo"`
	Nicho                 string    `json:"nicho"`
	MensagemBoasVindas    string    `json:"mensagemBoasVindas"`
	MensagemFinanciamento string    `json:"mensagemFinanciamento"`
	PausaHumanoHoras      int       `json:"pausaHumanoHoras"`
	Loja                  Loja      `json:"loja"`
	CriadoEm              time.Time `json:"criadoEm"`
	AtualizadoEm          time.Time `json:"atualizadoEm"`

	// LimiteNovosContatosDia: nil (empresas made before it existed) means
	// the default; read it through NovosContatosPorDia.
	LimiteNovosContatosDia *int `json:"limiteNovosContatosDia"`
}

// NovosContatosPorDia is how many contacts who never wrote the empresa may
// write to first in 24 hours.
func (e *Empresa) NovosContatosPorDia() int {
	if e.LimiteNovosContatosDia == nil {
		return DefaultLimiteNovosContatosDia
	}
	return *e.LimiteNovosContatosDia
}

// NewEmpresa is what a caller gives to create an empresa. ID 0 means "the
// next free id"; nil fields take their defaults.
type NewEmpresa struct {
	ID                    int     `json:"id"`
	Nome                  string  `json:"nome"`
	BotAtivo              *bool   `json:"botAtivo"`
	Nicho                 *string `json:"nicho"`
	MensagemBoasVindas    *string `json:"mensagemBoasVindas"`
	MensagemFinanciamento *string `json:"mensagemFinanciamento"`
	PausaHumanoHoras      *int    `json:"pausaHumanoHoras"`

	LimiteNovosContatosDia *int `json:"limiteNovosContatosDia"`
}

// Empresa validates n and returns the empresa it describes, defaults filled.
func (n NewEmpresa) Empresa(now time.Time) (*Empresa, error) {
	if n.ID < 0 || n.ID > MaxEmpresaID {
		return nil, Errorf(EINVALIDID, "id de empresa inválido: use um inteiro positivo de até %d", MaxEmpresaID)
	}
	e := &Empresa{ID: n.ID, BotAtivo: true, Nicho: DefaultNicho, PausaHumanoHoras: DefaultPausaHumanoHoras,
		CriadoEm: now.UTC(), AtualizadoEm: now.UTC()}
	upd := EmpresaUpdate{Nome: &n.Nome, BotAtivo: n.BotAtivo, Nicho: n.Nicho, MensagemBoasVindas: n.MensagemBoasVindas,
		MensagemFinanciamento: n.MensagemFinanciamento, PausaHumanoHoras: n.PausaHumanoHoras}
	upd.LimiteNovosContatosDia = n.LimiteNovosContatosDia
	if err := upd.Validate(); err != nil {
		return nil, err
	}
	upd.Apply(e, now)
	return e, nil
}

// EmpresaUpdate changes some of an empresa's fields; nil means "keep".
type EmpresaUpdate struct {
	Nome                  *string `json:"nome"`
	BotAtivo              *bool   `json:"botAtivo"`
	Nicho                 *string `json:"nicho"`
	MensagemBoasVindas    *string `json:"mensagemBoasVindas"`
	MensagemFinanciamento *string `json:"mensagemFinanciamento"`
	PausaHumanoHoras      *int    `json:"pausaHumanoHoras"`

	Loja *LojaUpdate `json:"loja"`
	// The flat forms of loja's most asked fields (they win over the block).
	Endereco        *string `json:"endereco"`
	Horario         *string `json:"horario"`
	FormasPagamento *string `json:"formasPagamento"`

	LimiteNovosContatosDia *int `json:"limiteNovosContatosDia"`
}

// Validate checks every field that is set.
func (u EmpresaUpdate) Validate() error {
	if err := u.lojaUpdate().validate(); err != nil {
		return err
	}
	if u.Nome != nil {
		nome := strings.TrimSpace(*u.Nome)
		if nome == "" {
			return invalidField("nome", "nome é obrigatório")
		}
		if utf8.RuneCountInString(nome) > MaxNomeLength {
			return invalidField("nome", fmt.Sprintf("nome deve ter no máximo %d caracteres", MaxNomeLength))
		}
	}
	if u.Nicho != nil {
		nicho := strings.TrimSpace(*u.Nicho)
		if !nichoValid(nicho) {
			return invalidField("nicho", "nicho deve ser "+strings.Join(Nichos, " ou "))
		}
	}
	if u.MensagemBoasVindas != nil && utf8.RuneCountInString(*u.MensagemBoasVindas) > MaxMensagemLength {
		return invalidField("mensagemBoasVindas", fmt.Sprintf("mensagemBoasVindas deve ter no máximo %d caracteres", MaxMensagemLength))
	}
	if u.MensagemFinanciamento != nil && utf8.RuneCountInString(*u.MensagemFinanciamento) > MaxMensagemLength {
		return invalidField("mensagemFinanciamento", fmt.Sprintf("mensagemFinanciamento deve ter no máximo %d caracteres", MaxMensagemLength))
	}
	if u.PausaHumanoHoras != nil && (*u.PausaHumanoHoras < 1 || *u.PausaHumanoHoras > MaxPausaHumanoHoras) {
		return invalidField("pausaHumanoHoras", fmt.Sprintf("pausaHumanoHoras deve estar entre 1 e %d", MaxPausaHumanoHoras))
	}
	if n := u.LimiteNovosContatosDia; n != nil && (*n < 0 || *n > MaxLimiteNovosContatosDia) {
		return Errorf(EINVALID, "limiteNovosContatosDia deve estar entre 0 e %d", MaxLimiteNovosContatosDia)
	}
	return nil
}

// invalidField is an EINVALID error that names its field in Details, as a
// vehicle's are, so a form can show the message beside the field.
func invalidField(field, msg string) *Error {
	return &Error{Code: EINVALID, Message: msg, Details: []FieldError{{Field: field, Message: msg}}}
}

// Apply writes the set fields into e. Call Validate first.
func (u EmpresaUpdate) Apply(e *Empresa, now time.Time) {
	if u.Nome != nil {
		e.Nome = strings.TrimSpace(*u.Nome)
	}
	if u.BotAtivo != nil {
		e.BotAtivo = *u.BotAtivo
	}
	if u.Nicho != nil {
		e.Nicho = NichoOf(*u.Nicho)
	}
	if u.MensagemBoasVindas != nil {
		e.MensagemBoasVindas = strings.TrimSpace(*u.MensagemBoasVindas)
	}
	if u.MensagemFinanciamento != nil {
		e.MensagemFinanciamento = strings.TrimSpace(*u.MensagemFinanciamento)
	}
	if u.PausaHumanoHoras != nil {
		e.PausaHumanoHoras = *u.PausaHumanoHoras
	}
	if u.LimiteNovosContatosDia != nil {
		n := *u.LimiteNovosContatosDia
		e.LimiteNovosContatosDia = &n
	}
	u.lojaUpdate().apply(&e.Loja)
	e.AtualizadoEm = now.UTC()
}

// Registry keeps the empresas and their token hashes (bbolt). Each method is
// one transaction.
type Registry interface {
	// CreateEmpresa stores e with its token hash; e.ID 0 takes the next id
	// (written back into e). An id in use: ECONFLICT.
	CreateEmpresa(ctx context.Context, e *Empresa, tokenHash []byte) error
	FindEmpresa(ctx context.Context, id int) (*Empresa, error)
	ListEmpresas(ctx context.Context) ([]*Empresa, error)
	UpdateEmpresa(ctx context.Context, id int, upd EmpresaUpdate, now time.Time) (*Empresa, error)
	DeleteEmpresa(ctx context.Context, id int) error
	SetEmpresaTokenHash(ctx context.Context, id int, tokenHash []byte) error
	// EmpresaIDByTokenHash finds the empresa whose token hashes to hash.
	EmpresaIDByTokenHash(ctx context.Context, tokenHash []byte) (int, error)
	AdminTokenHash(ctx context.Context) ([]byte, error)
	SetAdminTokenHash(ctx context.Context, hash []byte) error
	CountEmpresas(ctx context.Context) (int, error)
}

// EmpresaService is what the API asks of empresas: the registry entry and
// the tenant folder kept together (no half-made empresa).
type EmpresaService interface {
	// CreateEmpresa returns the new empresa and its token, shown only once.
	CreateEmpresa(ctx context.Context, n NewEmpresa) (*Empresa, string, error)
	FindEmpresa(ctx context.Context, id int) (*Empresa, error)
	ListEmpresas(ctx context.Context) ([]*Empresa, error)
	UpdateEmpresa(ctx context.Context, id int, upd EmpresaUpdate) (*Empresa, error)
	// DeleteEmpresa removes it from the registry and moves its folder aside;
	// data is never deleted.
	DeleteEmpresa(ctx context.Context, id int) error
	// RotateToken issues a new empresa token; the old one stops at once.
	RotateToken(ctx context.Context, id int) (string, error)
	CountEmpresas(ctx context.Context) (int, error)
}
