package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"slices"
	"strings"
	"time"

	"vendeai/app"
)

var _ app.LeadStore = (*DB)(nil)

// Page sizes of the CRM listings.
const (
	defaultLeadLimit = 50
	maxLeadLimit     = 200
)

// SaveMessage stores m and creates or touches its lead, and records events
// for the webhooks, in one transaction.
func (db *DB) SaveMessage(ctx context.Context, m *app.Message, nome string, events ...app.Event) (err error) {
	defer storageFull(&err)
	if m.Timestamp.IsZero() {
		m.Timestamp = db.now()
	}
	tx, err := db.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	ts := millis(m.Timestamp)
	nome = strings.TrimSpace(nome)
	// An inbound message says the contact wrote (and from which JID); an
	// outgoing one to a contact that never wrote is the store reaching out.
	// A new lead's origem is its first message's.
	var entrada, abordado sql.NullInt64
	origem := &app.Origem{Tipo: app.OrigemLoja}
	if m.Direction == app.DirectionIn {
		entrada = sql.NullInt64{Int64: ts, Valid: true}
		origem = m.Origem
		if origem == nil {
			origem = &app.Origem{Tipo: app.OrigemDireto}
		}
	} else {
		abordado = sql.NullInt64{Int64: ts, Valid: true}
	}
	origemJSON := encodeOrigem(origem)
	if _, err := tx.ExecContext(ctx, `INSERT INTO leads (phone, nome, nome_busca, primeiro_contato, ultimo_contato, mensagens,
			jid, ultima_entrada, abordado_em, origem_tipo, origem)
		VALUES (?, ?, ?, ?, ?, 1, ?, ?, ?, ?, ?)
		ON CONFLICT (phone) DO UPDATE SET
			mensagens = mensagens + 1,
			ultimo_contato = MAX(ultimo_contato, excluded.ultimo_contato),
			nome = CASE WHEN excluded.nome <> '' THEN excluded.nome ELSE nome END,
			nome_busca = CASE WHEN excluded.nome <> '' THEN excluded.nome_busca ELSE nome_busca END,
			jid = CASE WHEN excluded.jid <> '' THEN excluded.jid ELSE jid END,
			ultima_entrada = MAX(COALESCE(ultima_entrada, excluded.ultima_entrada), COALESCE(excluded.ultima_entrada, ultima_entrada)),
			abordado_em = CASE WHEN ultima_entrada IS NULL AND excluded.abordado_em IS NOT NULL THEN excluded.abordado_em ELSE abordado_em END`,
		m.Phone, nome, app.Fold(nome), ts, ts, m.ContactJID, entrada, abordado, origem.Tipo, origemJSON); err != nil {
		return err
	}
	res, err := tx.ExecContext(ctx, `INSERT INTO messages (phone, direction, author, kind, text, wa_id, ts) VALUES (?, ?, ?, ?, ?, ?, ?)`,
		m.Phone, m.Direction, m.Author, m.Kind, m.Text, m.WAID, ts)
	if err != nil {
		return err
	}
	if m.ID, err = res.LastInsertId(); err != nil {
		return err
	}
	rec, err := db.recordEvents(ctx, tx, events...)
	if err != nil {
		return err
	}
	return db.commitEvents(tx, rec)
}

const leadColumns = `phone, nome, status, interesse, visita, primeiro_contato, ultimo_contato, mensagens, humano_ate, troca, negociacao,
	jid, ultima_entrada, abordado_em, origem_tipo, origem`

func (db *DB) scanLead(row rowScanner) (*app.Lead, error) {
	var (
		l                app.Lead
		interesse        string
		visita           sql.NullString
		primeiro, ultimo int64
		humanoAte        sql.NullInt64
		troca, negocio   sql.NullString
		entrada          sql.NullInt64
		abordado         sql.NullInt64
		origemTipo       string
		origem           sql.NullString
	)
	if err := row.Scan(&l.Phone, &l.Nome, &l.Status, &interesse, &visita, &primeiro, &ultimo, &l.Mensagens, &humanoAte,
		&troca, &negocio, &l.JID, &entrada, &abordado, &origemTipo, &origem); err != nil {
		return nil, err
	}
	if err := jsonColumn(troca, &l.Troca); err != nil {
		return nil, err
	}
	if err := jsonColumn(negocio, &l.Negociacao); err != nil {
		return nil, err
	}
	l.UltimaMensagemCliente, l.AbordadoEm = nullTime(entrada), nullTime(abordado)
	l.Origem = decodeOrigem(origemTipo, origem)
	l.PrimeiroContato, l.UltimoContato = fromMillis(primeiro), fromMillis(ultimo)
	l.Interesse = []int64{}
	if err := json.Unmarshal([]byte(interesse), &l.Interesse); err != nil {
		return nil, err
	}
	if visita.Valid {
		l.Visita = &app.Visita{}
		if err := json.Unmarshal([]byte(visita.String), l.Visita); err != nil {
			return nil, err
		}
	}
	l.HumanoAte = nullTime(humanoAte)
	l.BotAtivo = l.Status != app.LeadOptOut && (l.HumanoAte == nil || !db.now().Before(*l.HumanoAte))
	return &l, nil
}

// jsonColumn reads a nullable JSON column into *dst (left nil when NULL).
func jsonColumn[T any](col sql.NullString, dst **T) error {
	if !col.Valid {
		return nil
	}
	*dst = new(T)
	return json.Unmarshal([]byte(col.String), *dst)
}

// toJSONColumn is jsonColumn's inverse: nil is NULL.
func toJSONColumn[T any](v *T) sql.NullString {
	if v == nil {
		return sql.NullString{}
	}
	data, _ := json.Marshal(v) // plain structs cannot fail
	return sql.NullString{String: string(data), Valid: true}
}

// FindLeads lists leads, most recent contact first.
func (db *DB) FindLeads(ctx context.Context, f app.LeadFilter) ([]*app.Lead, int, error) {
	if f.Limit < 0 || f.Offset < 0 {
		return nil, 0, app.Errorf(app.EINVALID, "limit e offset não podem ser negativos")
	}
	if f.Limit == 0 {
		f.Limit = defaultLeadLimit
	}
	f.Limit = min(f.Limit, maxLeadLimit)
	cond, args, err := leadConditions(f)
	if err != nil {
		return nil, 0, err
	}

	var total int
	leads := []*app.Lead{}
	err = db.readTx(ctx, func(q querier) error {
		if err := q.QueryRowContext(ctx, `SELECT COUNT(*) FROM leads WHERE `+cond, args...).Scan(&total); err != nil {
			return err
		}
		rows, err := q.QueryContext(ctx, `SELECT `+leadColumns+` FROM leads WHERE `+cond+
			` ORDER BY ultimo_contato DESC, phone LIMIT ? OFFSET ?`, append(args, f.Limit, f.Offset)...)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			l, err := db.scanLead(rows)
			if err != nil {
				return err
			}
			leads = append(leads, l)
		}
		return rows.Err()
	})
	if err != nil {
		return nil, 0, err
	}
	return leads, total, nil
}

func errLeadNotFound(phone string) error {
	return app.Errorf(app.ENOTFOUND, "contato %s não encontrado", phone)
}

// FindLead returns the lead with phone, or ENOTFOUND.
func (db *DB) FindLead(ctx context.Context, phone string) (*app.Lead, error) {
	l, err := db.scanLead(db.db.QueryRowContext(ctx, `SELECT `+leadColumns+` FROM leads WHERE phone = ?`, phone))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, errLeadNotFound(phone)
	}
	return l, err
}

// FindMessages returns a page of phone's messages, oldest first; offset
// counts from the newest, so offset 0 is the latest page.
func (db *DB) FindMessages(ctx context.Context, phone string, limit, offset int) ([]*app.Message, int, error) {
	if limit < 0 || offset < 0 {
		return nil, 0, app.Errorf(app.EINVALID, "limit e offset não podem ser negativos")
	}
	if limit == 0 {
		limit = defaultLeadLimit
	}
	limit = min(limit, maxLeadLimit)
	var total int
	msgs := []*app.Message{}
	err := db.readTx(ctx, func(q querier) error {
		if err := q.QueryRowContext(ctx, `SELECT COUNT(*) FROM messages WHERE phone = ?`, phone).Scan(&total); err != nil {
			return err
		}
		if total == 0 {
			var n int
			if err := q.QueryRowContext(ctx, `SELECT COUNT(*) FROM leads WHERE phone = ?`, phone).Scan(&n); err != nil {
				return err
			} else if n == 0 {
				return errLeadNotFound(phone)
			}
		}
		rows, err := q.QueryContext(ctx, `SELECT id, phone, direction, author, kind, text, wa_id, ts FROM (
			SELECT * FROM messages WHERE phone = ? ORDER BY id DESC LIMIT ? OFFSET ?) ORDER BY id`, phone, limit, offset)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var m app.Message
			var ts int64
			if err := rows.Scan(&m.ID, &m.Phone, &m.Direction, &m.Author, &m.Kind, &m.Text, &m.WAID, &ts); err != nil {
				return err
			}
			m.Timestamp = fromMillis(ts)
			msgs = append(msgs, &m)
		}
		return rows.Err()
	})
	if err != nil {
		return nil, 0, err
	}
	return msgs, total, nil
}

// UpdateLead applies upd to the lead with phone (and records upd.Motivo's
// event for the webhooks), in one transaction.
func (db *DB) UpdateLead(ctx context.Context, phone string, upd app.LeadUpdate) (_ *app.Lead, err error) {
	defer storageFull(&err)
	if upd.Status != nil && !slices.Contains(app.LeadStatuses, *upd.Status) {
		return nil, app.Errorf(app.EINVALID, "status deve ser um de: %s", strings.Join(app.LeadStatuses, ", "))
	}
	tx, err := db.db.BeginTx(ctx, nil)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()
	l, err := db.scanLead(tx.QueryRowContext(ctx, `SELECT `+leadColumns+` FROM leads WHERE phone = ?`, phone))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, errLeadNotFound(phone)
	} else if err != nil {
		return nil, err
	}
	if upd.Nome != nil {
		l.Nome = strings.TrimSpace(*upd.Nome)
	}
	if upd.Status != nil {
		l.Status = *upd.Status
	}
	for _, id := range upd.AddInteresse {
		if !slices.Contains(l.Interesse, id) {
			l.Interesse = append(l.Interesse, id)
		}
	}
	if upd.Visita != nil {
		l.Visita = upd.Visita
	}
	if upd.Troca != nil {
		l.Troca = upd.Troca
	}
	if upd.Negociacao != nil {
		l.Negociacao = upd.Negociacao
	}
	var humanoAte sql.NullInt64
	if upd.HumanoAte != nil {
		if !upd.HumanoAte.IsZero() {
			humanoAte = sql.NullInt64{Int64: millis(*upd.HumanoAte), Valid: true}
		}
	} else if l.HumanoAte != nil {
		humanoAte = sql.NullInt64{Int64: millis(*l.HumanoAte), Valid: true}
	}
	if _, err := tx.ExecContext(ctx, `UPDATE leads SET nome = ?, nome_busca = ?, status = ?, interesse = ?, visita = ?, humano_ate = ?,
		troca = ?, negociacao = ? WHERE phone = ?`,
		l.Nome, app.Fold(l.Nome), l.Status, encodeInteresse(l.Interesse), encodeVisita(l.Visita), humanoAte,
		toJSONColumn(l.Troca), toJSONColumn(l.Negociacao), phone); err != nil {
		return nil, err
	}
	updated, err := db.scanLead(tx.QueryRowContext(ctx, `SELECT `+leadColumns+` FROM leads WHERE phone = ?`, phone))
	if err != nil {
		return nil, err
	}
	var rec recorded
	if upd.Event != nil {
		empresaID, err := db.empresaID(ctx, tx)
		if err != nil {
			return nil, err
		}
		if rec, err = db.recordEvents(ctx, tx, app.LeadChanged(empresaID, *upd.Event, updated)); err != nil {
			return nil, err
		}
	}
	return updated, db.commitEvents(tx, rec)
}

// Conversation returns the stored state for key, nil when there is none.
func (db *DB) Conversation(ctx context.Context, key string) ([]byte, error) {
	var state []byte
	err := db.db.QueryRowContext(ctx, `SELECT state FROM conversations WHERE key = ?`, key).Scan(&state)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	}
	return state, err
}

// SaveConversation replaces the state kept for key.
func (db *DB) SaveConversation(ctx context.Context, key string, state []byte) error {
	_, err := db.db.ExecContext(ctx, `INSERT INTO conversations (key, state, updated_at) VALUES (?, ?, ?)
		ON CONFLICT (key) DO UPDATE SET state = excluded.state, updated_at = excluded.updated_at`,
		key, state, millis(db.now()))
	return err
}

// Stats counts the messages since an instant, by direction, and the leads
// by status, in one read transaction.
func (db *DB) Stats(ctx context.Context, since time.Time) (app.CRMStats, error) {
	st := app.CRMStats{Leads: map[string]int{"total": 0}}
	for _, s := range app.LeadStatuses {
		st.Leads[s] = 0
	}
	err := db.readTx(ctx, func(q querier) error {
		err := q.QueryRowContext(ctx, `SELECT
			COALESCE(SUM(direction = 'in'), 0), COALESCE(SUM(direction = 'out'), 0)
			FROM messages WHERE ts >= ?`, millis(since)).Scan(&st.Mensagens.Recebidas, &st.Mensagens.Enviadas)
		if err != nil {
			return err
		}
		rows, err := q.QueryContext(ctx, `SELECT status, COUNT(*) FROM leads GROUP BY status`)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var status string
			var n int
			if err := rows.Scan(&status, &n); err != nil {
				return err
			}
			st.Leads[status] += n
			st.Leads["total"] += n
		}
		return rows.Err()
	})
	return st, err
}
