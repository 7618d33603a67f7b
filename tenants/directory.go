package tenants

import (
	"context"
	"errors"
	"strconv"
	"strings"
	"time"

	lru "github.com/hashicorp/golang-lru/v2"
	"go.mau.fi/whatsmeow"
	"go.mau.fi/whatsmeow/types"

	"vendeai/app"
	"vendeai/storage/sqlite"
)

// Which number WhatsApp knows a contact by. A Brazilian mobile may live
// on WhatsApp under 13 digits or, for an account older than the ninth
// digit, under 12; a message sent to the form that has no account never
// arrives, and writing to numbers that are not on WhatsApp is what gets a
// number restricted. So every send first finds the exact number: from the
// contact's own messages (the sessions see them arrive; the lead keeps its
// JID), or by asking WhatsApp (IsOnWhatsApp), whose answer is kept per
// empresa for a day.

const (
	// directoryTTL is how long WhatsApp's answer about a number is trusted.
	directoryTTL = 24 * time.Hour
	// directoryMissTTL: "not on WhatsApp" is asked again sooner, as a
	// customer may join in the meantime.
	directoryMissTTL = time.Hour
	// directorySize bounds the numbers remembered across all empresas.
	directorySize = 100_000
)

// directory remembers, per empresa, the exact number behind each canonical
// one. It is safe for concurrent use.
type directory struct {
	cache *lru.Cache[directoryKey, directoryEntry]
	now   func() time.Time
}

type directoryKey struct {
	empresaID int
	canonical string
}

// directoryEntry is the number WhatsApp knows the contact by ("": it has
// no account), valid until until.
type directoryEntry struct {
	phone string
	until time.Time
}

func newDirectory(now func() time.Time) *directory {
	cache, _ := lru.New[directoryKey, directoryEntry](directorySize) // errors only for a size <= 0
	return &directory{cache: cache, now: now}
}

// saw records that a message came from (or went to, typed on the phone)
// the exact number phone: the truest answer there is.
func (d *directory) saw(empresaID int, phone string) {
	if _, ok := app.NormalizePhone(phone); !ok {
		return
	}
	d.remember(empresaID, phone, phone, directoryTTL)
}

func (d *directory) remember(empresaID int, anyForm, exact string, ttl time.Duration) {
	d.cache.Add(directoryKey{empresaID, app.CanonicalPhone(anyForm)}, directoryEntry{phone: exact, until: d.now().Add(ttl)})
}

func (d *directory) lookup(empresaID int, anyForm string) (directoryEntry, bool) {
	key := directoryKey{empresaID, app.CanonicalPhone(anyForm)}
	e, ok := d.cache.Get(key)
	if !ok || !d.now().Before(e.until) {
		return directoryEntry{}, false
	}
	return e, true
}

// errNotOnWhatsApp is what a send to a number without an account answers.
func errNotOnWhatsApp(phone string) error {
	return app.Errorf(app.ENOTONWHATSAPP, "o número %s não está no WhatsApp; nada foi enviado", phone)
}

// whatsAppPhone returns the exact number WhatsApp knows to's owner by:
// remembered, kept on the contact's lead, or asked of WhatsApp through cli.
func (m *Manager) whatsAppPhone(ctx context.Context, id int, cli Client, to string) (string, error) {
	if e, ok := m.directory.lookup(id, to); ok {
		if e.phone == "" {
			return "", errNotOnWhatsApp(to)
		}
		return e.phone, nil
	}
	canonical, alt := app.PhoneForms(to)
	if db, err := m.folderDB(ctx, id); err == nil {
		if lead, err := db.FindLead(ctx, canonical); err == nil {
			if jid, err := types.ParseJID(lead.JID); err == nil && jid.Server == types.DefaultUserServer {
				m.directory.remember(id, canonical, jid.User, directoryTTL)
				return jid.User, nil
			}
		}
	}
	forms := []string{canonical}
	if alt != "" {
		forms = append(forms, alt)
	}
	phone, err := cli.IsOnWhatsApp(ctx, forms)
	if err != nil {
		return "", &app.Error{Code: app.ENOTCONNECTED, Message: "não foi possível consultar o WhatsApp sobre este número; tente de novo", Err: err}
	}
	if phone == "" {
		m.directory.remember(id, canonical, "", directoryMissTTL)
		return "", errNotOnWhatsApp(to)
	}
	m.directory.remember(id, canonical, phone, directoryTTL)
	return phone, nil
}

// restrictionCodes are WhatsApp's answers to a send that mean "this number
// may not start a conversation with that one now": 463, the reach-out
// time-lock (a first message without the privacy token a conversation the
// customer started carries).
var restrictionCodes = map[int]bool{463: true}

// sendError is what a failed send tells the CRM: WhatsApp's refusal to let
// the store write first, or a send to try again.
func sendError(err error) error {
	if restrictionCodes[serverErrorCode(err)] {
		return &app.Error{Code: app.EWHATSAPPRESTRICTED, Err: err, Message: "o WhatsApp não deixou esta mensagem sair: ele restringe " +
			"mensagens para quem ainda não conversou com este número. Peça para o cliente escrever primeiro " +
			"(por exemplo, pelo link wa.me da loja) e responda em seguida."}
	}
	return &app.Error{Code: app.ENOTCONNECTED, Message: "o WhatsApp não aceitou a mensagem; tente de novo", Err: err}
}

// serverErrorCode is the code of whatsmeow's "server returned error N"
// (0 for any other error).
func serverErrorCode(err error) int {
	if !errors.Is(err, whatsmeow.ErrServerReturnedError) {
		return 0
	}
	msg := err.Error()
	n, _ := strconv.Atoi(msg[strings.LastIndexByte(msg, ' ')+1:])
	return n
}

// reportMerges logs the contacts the migrations merged when empresa id's
// file was opened: the host sees them here, and the CRM at
// GET /api/empresas/:id/leads/unificacoes.
func (m *Manager) reportMerges(id int, db *sqlite.DB) {
	if r := db.NinthDigitAtOpen(); r != (sqlite.NinthDigitReport{}) {
		m.log.Info("contatos unificados pelo nono dígito", "empresa_id", id, "unificados", r.Joined, "renomeados", r.Renamed)
	}
}
