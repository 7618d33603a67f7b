package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"slices"
	"time"

	"vendeai/app"
)

// Two leads that are one person become one: the two forms of a Brazilian
// mobile (the ninth digit), or a contact first known by its LID whose
// phone number arrives later. One primitive serves both.

// goMigrations are the schema steps SQL cannot say, numbered among the
// .sql files.
var goMigrations = []migration{
	{version: 71, name: "0071_leads_nono_digito (Go)", run: mergeNinthDigitTwins},
}

// mergeNinthDigitTwins moves every lead kept under a non-canonical number
// (a Brazilian mobile stored without its ninth digit) to its canonical
// form, merging it into the lead already there (two leads of one person
// become one) or renaming it (the only lead of that person). Each move is
// recorded in lead_merges; the DB counts them for the log (NinthDigitAtOpen).
func mergeNinthDigitTwins(ctx context.Context, db *DB, tx *sql.Tx) error {
	rows, err := tx.QueryContext(ctx, `SELECT phone FROM leads ORDER BY phone`)
	if err != nil {
		return err
	}
	var phones []string
	for rows.Next() {
		var p string
		if err := rows.Scan(&p); err != nil {
			rows.Close()
			return err
		}
		phones = append(phones, p)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	for _, p := range phones {
		canonical := app.CanonicalPhone(p)
		if canonical == p {
			continue
		}
		var twins int
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM leads WHERE phone = ?`, canonical).Scan(&twins); err != nil {
			return err
		}
		if _, err := db.mergeLeads(ctx, tx, p, canonical, app.MergeNinthDigit); err != nil {
			return err
		}
		if twins > 0 {
			db.ninthDigit.Joined++
		} else {
			db.ninthDigit.Renamed++
		}
	}
	return nil
}

// NinthDigitReport counts what the ninth-digit migration did to one file:
// leads joined into their twin, and leads only moved to their canonical
// number.
type NinthDigitReport struct {
	Joined, Renamed int
}

// NinthDigitAtOpen is what the ninth-digit migration did when this DB was
// opened (zero once it has run before).
func (db *DB) NinthDigitAtOpen() NinthDigitReport { return db.ninthDigit }

// MergeLeads joins the lead from into the lead into, in one transaction,
// and returns the merged lead (nil when there is no lead from). Two forms
// of one number are recorded as the ninth digit, anything else (a LID key
// into its phone) as a LID.
func (db *DB) MergeLeads(ctx context.Context, from, into string) (*app.Lead, error) {
	motivo := app.MergeLID
	if app.CanonicalPhone(from) == app.CanonicalPhone(into) {
		motivo = app.MergeNinthDigit
	}
	tx, err := db.db.BeginTx(ctx, nil)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()
	if _, err := db.mergeLeads(ctx, tx, from, into, motivo); app.IsCode(err, app.ENOTFOUND) {
		return nil, nil
	} else if err != nil {
		return nil, err
	}
	merged, err := db.scanLead(tx.QueryRowContext(ctx, `SELECT `+leadColumns+` FROM leads WHERE phone = ?`, into))
	if err != nil {
		return nil, err
	}
	return merged, tx.Commit()
}

// mergeLeads moves from's messages and conversation state to into and
// combines the two leads; where into does not exist, from is renamed
// (every column kept).
func (db *DB) mergeLeads(ctx context.Context, tx *sql.Tx, from, into, motivo string) (*app.LeadMerge, error) {
	if from == "" || into == "" || from == into {
		return nil, app.Errorf(app.EINVALID, "uma fusão precisa de dois contatos diferentes")
	}
	src, err := db.scanLead(tx.QueryRowContext(ctx, `SELECT `+leadColumns+` FROM leads WHERE phone = ?`, from))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, errLeadNotFound(from)
	} else if err != nil {
		return nil, err
	}
	dst, err := db.scanLead(tx.QueryRowContext(ctx, `SELECT `+leadColumns+` FROM leads WHERE phone = ?`, into))
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return nil, err
	}
	// messages.phone references leads.phone: checked at commit instead, so
	// the key can move under its messages.
	if _, err := tx.ExecContext(ctx, `PRAGMA defer_foreign_keys = ON`); err != nil {
		return nil, err
	}
	res, err := tx.ExecContext(ctx, `UPDATE messages SET phone = ? WHERE phone = ?`, into, from)
	if err != nil {
		return nil, err
	}
	moved, _ := res.RowsAffected()
	if dst == nil {
		if _, err := tx.ExecContext(ctx, `UPDATE leads SET phone = ? WHERE phone = ?`, into, from); err != nil {
			return nil, err
		}
	} else {
		if err := writeCombined(ctx, tx, into, combineLeads(dst, src)); err != nil {
			return nil, err
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM leads WHERE phone = ?`, from); err != nil {
			return nil, err
		}
	}
	if err := moveConversation(ctx, tx, from, into); err != nil {
		return nil, err
	}
	merge := &app.LeadMerge{De: from, Para: into, Mensagens: int(moved), Motivo: motivo, Em: db.now()}
	if _, err := tx.ExecContext(ctx, `INSERT INTO lead_merges (de, para, mensagens, motivo, em) VALUES (?, ?, ?, ?, ?)`,
		merge.De, merge.Para, merge.Mensagens, merge.Motivo, millis(merge.Em)); err != nil {
		return nil, err
	}
	return merge, nil
}

// statusWeight orders statuses by what must not be lost in a merge: an
// opt-out above everything, then a salesperson's hold, a visit, a talk.
var statusWeight = map[string]int{app.LeadNovo: 0, app.LeadEmAtendimento: 1, app.LeadAgendado: 2, app.LeadHumano: 3, app.LeadOptOut: 4}

// combineLeads is one person from two leads: the dst's name unless it has
// none, the weightier status, every vehicle of interest, the latest visit
// and haggle, dst's trade-in unless it has none,
// the whole span of contact, the JID of the one that wrote last, the
// origem of the one that came first.
func combineLeads(dst, src *app.Lead) *app.Lead {
	out := *dst
	if out.Nome == "" {
		out.Nome = src.Nome
	}
	if statusWeight[src.Status] > statusWeight[out.Status] {
		out.Status = src.Status
	}
	out.Interesse = slices.Clone(dst.Interesse)
	for _, id := range src.Interesse {
		if !slices.Contains(out.Interesse, id) {
			out.Interesse = append(out.Interesse, id)
		}
	}
	if src.Visita != nil && (out.Visita == nil || src.Visita.SolicitadaEm.After(out.Visita.SolicitadaEm)) {
		out.Visita = src.Visita
	}
	if src.PrimeiroContato.Before(out.PrimeiroContato) {
		out.PrimeiroContato, out.Origem = src.PrimeiroContato, src.Origem
	}
	if src.UltimoContato.After(out.UltimoContato) {
		out.UltimoContato = src.UltimoContato
	}
	out.Mensagens += src.Mensagens
	if out.Troca == nil {
		out.Troca = src.Troca
	}
	if src.Negociacao != nil && (out.Negociacao == nil || src.Negociacao.SolicitadaEm.After(out.Negociacao.SolicitadaEm)) {
		out.Negociacao = src.Negociacao
	}
	out.HumanoAte = laterTime(out.HumanoAte, src.HumanoAte)
	if out.JID == "" || later(src.UltimaMensagemCliente, out.UltimaMensagemCliente) && src.JID != "" {
		out.JID = src.JID
	}
	out.UltimaMensagemCliente = laterTime(out.UltimaMensagemCliente, src.UltimaMensagemCliente)
	out.AbordadoEm = laterTime(out.AbordadoEm, src.AbordadoEm)
	return &out
}

func later(a, b *time.Time) bool { return a != nil && (b == nil || a.After(*b)) }

func laterTime(a, b *time.Time) *time.Time {
	if later(b, a) {
		return b
	}
	return a
}

func writeCombined(ctx context.Context, tx *sql.Tx, phone string, l *app.Lead) error {
	interesse, visita := encodeInteresse(l.Interesse), encodeVisita(l.Visita)
	origem := l.Origem
	if origem == nil {
		origem = &app.Origem{Tipo: app.OrigemDireto}
	}
	_, err := tx.ExecContext(ctx, `UPDATE leads SET nome = ?, nome_busca = ?, status = ?, interesse = ?, visita = ?,
		primeiro_contato = ?, ultimo_contato = ?, mensagens = ?, humano_ate = ?, jid = ?, ultima_entrada = ?, abordado_em = ?,
		origem_tipo = ?, origem = ?, troca = ?, negociacao = ? WHERE phone = ?`,
		l.Nome, app.Fold(l.Nome), l.Status, interesse, visita, millis(l.PrimeiroContato), millis(l.UltimoContato), l.Mensagens,
		nullMillis(l.HumanoAte), l.JID, nullMillis(l.UltimaMensagemCliente), nullMillis(l.AbordadoEm),
		origem.Tipo, encodeOrigem(origem), toJSONColumn(l.Troca), toJSONColumn(l.Negociacao), phone)
	return err
}

// moveConversation hands from's conversation state to into, unless into
// has a newer one of its own.
func moveConversation(ctx context.Context, tx *sql.Tx, from, into string) error {
	updated := func(key string) (int64, bool, error) {
		var at int64
		err := tx.QueryRowContext(ctx, `SELECT updated_at FROM conversations WHERE key = ?`, key).Scan(&at)
		if errors.Is(err, sql.ErrNoRows) {
			return 0, false, nil
		}
		return at, err == nil, err
	}
	fromAt, fromOK, err := updated(from)
	if err != nil || !fromOK {
		return err
	}
	intoAt, intoOK, err := updated(into)
	if err != nil {
		return err
	}
	if intoOK && intoAt >= fromAt {
		_, err = tx.ExecContext(ctx, `DELETE FROM conversations WHERE key = ?`, from)
		return err
	}
	if _, err := tx.ExecContext(ctx, `DELETE FROM conversations WHERE key = ?`, into); err != nil {
		return err
	}
	_, err = tx.ExecContext(ctx, `UPDATE conversations SET key = ? WHERE key = ?`, into, from)
	return err
}

// LeadMerges lists the merges of this empresa, newest first.
func (db *DB) LeadMerges(ctx context.Context) ([]app.LeadMerge, error) {
	rows, err := db.db.QueryContext(ctx, `SELECT de, para, mensagens, motivo, em FROM lead_merges ORDER BY id DESC`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	merges := []app.LeadMerge{}
	for rows.Next() {
		var m app.LeadMerge
		var em int64
		if err := rows.Scan(&m.De, &m.Para, &m.Mensagens, &m.Motivo, &em); err != nil {
			return nil, err
		}
		m.Em = fromMillis(em)
		merges = append(merges, m)
	}
	return merges, rows.Err()
}
