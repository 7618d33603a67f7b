// Package app is the centre of VendeAI: the domain types (Empresa, Vehicle,
// SessionStatus, Event, ...), the one error type every layer speaks, and the
// interfaces that the adapters around it implement (storage/*, tenants) or
// consume (api). It imports nothing of this module.
package app

import (
	"context"
	"strconv"
	"time"
)

// MaxEmpresaID bounds empresa ids: they are positive 32-bit integers, so the
// CRM (a JavaScript client) and the folder names never see anything else.
const MaxEmpresaID = 1<<31 - 1

// ParseEmpresaID reads an id as the contract allows it: a positive 32-bit
// integer in plain decimal, nothing else (no sign, no spaces, no fraction).
func ParseEmpresaID(s string) (int, error) {
	if s == "" || len(s) > 10 {
		return 0, Errorf(EINVALIDID, "id de empresa inválido: %q (use um inteiro positivo)", truncate(s, 20))
	}
	for _, r := range s {
		if r < '0' || r > '9' {
			return 0, Errorf(EINVALIDID, "id de empresa inválido: %q (use um inteiro positivo)", truncate(s, 20))
		}
	}
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil || n < 1 || n > MaxEmpresaID {
		return 0, Errorf(EINVALIDID, "id de empresa inválido: %q (use um inteiro positivo)", truncate(s, 20))
	}
	return int(n), nil
}

func truncate(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n]) + "…"
}

// Clock lets tests move time; production uses time.Now.
type Clock func() time.Time

// Closer is anything with a lifetime that the wiring shuts down in order.
type Closer interface {
	Close() error
}

// ctxKey keeps this package's context values private.
type ctxKey int

const principalKey ctxKey = iota

// NewContextWithPrincipal returns ctx carrying who is calling.
func NewContextWithPrincipal(ctx context.Context, p Principal) context.Context {
	return context.WithValue(ctx, principalKey, p)
}

// PrincipalFromContext returns who is calling, if anyone authenticated.
func PrincipalFromContext(ctx context.Context) (Principal, bool) {
	p, ok := ctx.Value(principalKey).(Principal)
	return p, ok
}
