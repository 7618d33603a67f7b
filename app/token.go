package app

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"strings"
)

// Token prefixes tell a person which kind of token they hold.
const (
	AdminTokenPrefix   = "vdadm_"
	EmpresaTokenPrefix = "vdemp_"
)

// NewToken returns a fresh random token (256 bits) with the given prefix.
func NewToken(prefix string) string {
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		panic(err) // crypto/rand never fails on Linux; if it does, nothing is safe
	}
	return prefix + base64.RawURLEncoding.EncodeToString(b)
}

// HashToken is how tokens are kept: only their SHA-256 hash is stored.
func HashToken(token string) []byte {
	h := sha256.Sum256([]byte(token))
	return h[:]
}

// TokenAuth authenticates bearer tokens against the registry's hashes.
type TokenAuth struct {
	Registry Registry
}

// Authenticate returns the admin for the admin token, the empresa for an
// empresa token, EUNAUTHORIZED for anything else.
func (a TokenAuth) Authenticate(ctx context.Context, token string) (Principal, error) {
	token = strings.TrimSpace(token)
	if token == "" {
		return Principal{}, Errorf(EUNAUTHORIZED, "token ausente: envie Authorization: Bearer <token>")
	}
	hash := HashToken(token)
	admin, err := a.Registry.AdminTokenHash(ctx)
	if err != nil {
		return Principal{}, err
	}
	if len(admin) > 0 && subtle.ConstantTimeCompare(admin, hash) == 1 {
		return Principal{Admin: true}, nil
	}
	// Empresa tokens are found by their hash, so no secret is compared.
	id, err := a.Registry.EmpresaIDByTokenHash(ctx, hash)
	if err != nil {
		return Principal{}, err
	}
	return Principal{EmpresaID: id}, nil
}
