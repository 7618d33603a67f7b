package app

import (
	"net/url"
	"strings"
	"unicode/utf8"
)

// Loja is what the assistant tells customers about the store itself: where
// it is, when it opens, how it takes payment. An empty field is one the
// assistant leaves to a salesperson, never guesses.
type Loja struct {
	Endereco        string `json:"endereco"`
	Horario         string `json:"horario"`
	FormasPagamento string `json:"formasPagamento"`
	Telefone        string `json:"telefone"`
	Site            string `json:"site"`
	MapsURL         string `json:"mapsUrl"`
}

// Limits of the loja fields, in characters.
const (
	MaxLojaTextLength     = 500
	MaxLojaTelefoneLength = 40
)

// LojaUpdate changes some of the loja fields; nil means "keep", "" clears.
type LojaUpdate struct {
	Endereco        *string `json:"endereco"`
	Horario         *string `json:"horario"`
	FormasPagamento *string `json:"formasPagamento"`
	Telefone        *string `json:"telefone"`
	Site            *string `json:"site"`
	MapsURL         *string `json:"mapsUrl"`
}

// lojaUpdate is the loja block with the flat fields laid over it.
func (u EmpresaUpdate) lojaUpdate() LojaUpdate {
	var l LojaUpdate
	if u.Loja != nil {
		l = *u.Loja
	}
	for _, f := range []struct{ flat, dst **string }{{&u.Endereco, &l.Endereco}, {&u.Horario, &l.Horario},
		{&u.FormasPagamento, &l.FormasPagamento}} {
		if *f.flat != nil {
			*f.dst = *f.flat
		}
	}
	return l
}

func (l LojaUpdate) fields() []struct {
	name string
	p    *string
	dst  func(*Loja) *string
} {
	return []struct {
		name string
		p    *string
		dst  func(*Loja) *string
	}{
		{"endereco", l.Endereco, func(x *Loja) *string { return &x.Endereco }},
		{"horario", l.Horario, func(x *Loja) *string { return &x.Horario }},
		{"formasPagamento", l.FormasPagamento, func(x *Loja) *string { return &x.FormasPagamento }},
		{"telefone", l.Telefone, func(x *Loja) *string { return &x.Telefone }},
		{"site", l.Site, func(x *Loja) *string { return &x.Site }},
		{"mapsUrl", l.MapsURL, func(x *Loja) *string { return &x.MapsURL }},
	}
}

func (l LojaUpdate) validate() error {
	for _, f := range l.fields() {
		if f.p == nil {
			continue
		}
		v := strings.TrimSpace(*f.p)
		limit := MaxLojaTextLength
		if f.name == "telefone" {
			limit = MaxLojaTelefoneLength
		}
		if !utf8.ValidString(v) || utf8.RuneCountInString(v) > limit {
			return Errorf(EINVALID, "loja.%s deve ter no máximo %d caracteres", f.name, limit)
		}
		if (f.name == "site" || f.name == "mapsUrl") && v != "" {
			u, err := url.Parse(v)
			if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || strings.ContainsAny(v, " \t\n") {
				return Errorf(EINVALID, "loja.%s deve ser um endereço http(s), como https://minhaloja.com.br", f.name)
			}
		}
	}
	return nil
}

func (l LojaUpdate) apply(dst *Loja) {
	for _, f := range l.fields() {
		if f.p != nil {
			*f.dst(dst) = strings.TrimSpace(*f.p)
		}
	}
}
