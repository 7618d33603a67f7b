package app

import (
	"errors"
	"fmt"
)

// Error codes: the machine-readable half of every failure the API reports.
// The api package maps each one to an HTTP status.
const (
	EINVALID      = "invalid"       // a field fails validation
	EINVALIDID    = "invalid_id"    // a path id is not a positive 32-bit integer
	EINVALIDJSON  = "invalid_json"  // a body that is not the JSON expected
	EINVALIDCSV   = "invalid_csv"   // an inventory import with bad rows
	ENOTFOUND     = "not_found"     // the thing asked for does not exist
	ECONFLICT     = "conflict"      // it exists already (id, codigo)
	EUNAUTHORIZED = "unauthorized"  // no token, or a wrong one
	EFORBIDDEN    = "forbidden"     // a valid token for something else
	ETOOLARGE     = "too_large"     // a body or file over its limit
	ENOTCONNECTED = "not_connected" // the empresa's WhatsApp is not connected
	EUNAVAILABLE  = "unavailable"   // the appliance is starting or stopping
	ESTORAGEFULL  = "storage_full"  // the disk is full: the write failed as a whole
	EINTERNAL     = "internal"      // a bug or a broken disk: logged, never detailed

	// What WhatsApp itself refuses (issue 12).
	ENOTONWHATSAPP      = "nao_esta_no_whatsapp"  // the number has no WhatsApp account: nothing was sent
	ENEWCONTACTLIMIT    = "limite_novos_contatos" // the empresa wrote first to its daily share of new contacts
	EWHATSAPPRESTRICTED = "whatsapp_restricao"    // WhatsApp refused a first message (error 463 and the like)
)

// ETOOMANY: too many tries (failed panel logins); wait and try again.
const ETOOMANY = "too_many_requests"

// Error is the one error type the domain speaks. Message is safe to show to
// a person (pt-BR); anything else stays in the wrapped error and the logs.
type Error struct {
	Code    string
	Message string
	// Details carries structured data a client can act on, such as the
	// per-row errors of a CSV import.
	Details any
	Err     error
}

func (e *Error) Error() string {
	if e.Err != nil {
		return fmt.Sprintf("%s: %s: %v", e.Code, e.Message, e.Err)
	}
	return e.Code + ": " + e.Message
}

func (e *Error) Unwrap() error { return e.Err }

// Errorf returns an *Error with the given code and a formatted message.
func Errorf(code, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...)}
}

// ErrorCode returns the code of an *Error in err's chain, or EINTERNAL.
func ErrorCode(err error) string {
	var e *Error
	if err == nil {
		return ""
	} else if errors.As(err, &e) {
		return e.Code
	}
	return EINTERNAL
}

// ErrorMessage returns the person-readable message of an *Error in err's
// chain, or a generic one: internal details never reach a client.
func ErrorMessage(err error) string {
	var e *Error
	if err == nil {
		return ""
	} else if errors.As(err, &e) && e.Code != EINTERNAL {
		return e.Message
	}
	return "erro interno; tente novamente ou consulte os logs do servidor"
}

// IsCode reports whether err carries the given code.
func IsCode(err error, code string) bool { return err != nil && ErrorCode(err) == code }
