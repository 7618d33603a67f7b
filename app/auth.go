package app

import "context"

// Principal is who a request speaks for: the admin, or one empresa.
type Principal struct {
	Admin     bool
	EmpresaID int
}

// CanAccess reports whether p may act on empresa id.
func (p Principal) CanAccess(id int) bool { return p.Admin || (p.EmpresaID != 0 && p.EmpresaID == id) }

// Authenticator turns a bearer token into a Principal; a token it does not
// know is EUNAUTHORIZED.
type Authenticator interface {
	Authenticate(ctx context.Context, token string) (Principal, error)
}
