package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"slices"
	"strings"
	"time"

	"vendeai/app"
)

// The parts of the leads that WhatsApp as it is asks for (issue 12): where
// a contact came from, the filters over it, the whole list for the CSV
// export, and the count of contacts the store wrote to first.

// leadConditions is the WHERE clause of a LeadFilter (its paging aside).
func leadConditions(f app.LeadFilter) (string, []any, error) {
	where, args := []string{"1 = 1"}, []any{}
	if f.Status != "" {
		if !slices.Contains(app.LeadStatuses, f.Status) {
			return "", nil, app.Errorf(app.EINVALID, "status deve ser um de: %s", strings.Join(app.LeadStatuses, ", "))
		}
		where, args = append(where, "status = ?"), append(args, f.Status)
	}
	if f.Origem != "" {
		if !slices.Contains(app.OrigemTipos, f.Origem) {
			return "", nil, app.Errorf(app.EINVALID, "origem deve ser um de: %s", strings.Join(app.OrigemTipos, ", "))
		}
		where, args = append(where, "origem_tipo = ?"), append(args, f.Origem)
	}
	if q := strings.TrimSpace(f.Q); q != "" {
		like := "%" + escapeLike(app.Fold(q)) + "%"
		match := `phone LIKE ? ESCAPE '\' OR nome_busca LIKE ? ESCAPE '\'`
		args = append(args, like, like)
		// A whole number finds its contact in either form of the ninth digit.
		if phone, ok := app.NormalizePhone(q); ok {
			match += ` OR phone = ?`
			args = append(args, app.CanonicalPhone(phone))
		}
		where = append(where, "("+match+")")
	}
	return strings.Join(where, " AND "), args, nil
}

// AllLeads lists every lead f selects, most recent contact first.
func (db *DB) AllLeads(ctx context.Context, f app.LeadFilter) ([]*app.Lead, error) {
	cond, args, err := leadConditions(f)
	if err != nil {
		return nil, err
	}
	rows, err := db.db.QueryContext(ctx, `SELECT `+leadColumns+` FROM leads WHERE `+cond+` ORDER BY ultimo_contato DESC, phone`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	leads := []*app.Lead{}
	for rows.Next() {
		l, err := db.scanLead(rows)
		if err != nil {
			return nil, err
		}
		leads = append(leads, l)
	}
	return leads, rows.Err()
}

// CountOutreach counts the contacts the store wrote to, since t, while they
// had never written.
func (db *DB) CountOutreach(ctx context.Context, since time.Time) (int, error) {
	var n int
	err := db.db.QueryRowContext(ctx, `SELECT COUNT(*) FROM leads WHERE abordado_em >= ?`, millis(since)).Scan(&n)
	return n, err
}

// encodeOrigem is the JSON kept beside origem_tipo: NULL when the tipo says
// it all.
func encodeOrigem(o *app.Origem) sql.NullString {
	if o == nil || *o == (app.Origem{Tipo: o.Tipo}) {
		return sql.NullString{}
	}
	data, _ := json.Marshal(o)
	return sql.NullString{String: string(data), Valid: true}
}

func decodeOrigem(tipo string, data sql.NullString) *app.Origem {
	o := &app.Origem{}
	if data.Valid && json.Unmarshal([]byte(data.String), o) == nil {
		o.Tipo = tipo
		return o
	}
	return &app.Origem{Tipo: tipo}
}

func nullTime(ms sql.NullInt64) *time.Time {
	if !ms.Valid {
		return nil
	}
	t := fromMillis(ms.Int64)
	return &t
}

func nullMillis(t *time.Time) sql.NullInt64 {
	if t == nil {
		return sql.NullInt64{}
	}
	return sql.NullInt64{Int64: millis(*t), Valid: true}
}

func encodeInteresse(ids []int64) string {
	if ids == nil {
		ids = []int64{}
	}
	data, _ := json.Marshal(ids)
	return string(data)
}

func encodeVisita(v *app.Visita) sql.NullString {
	if v == nil {
		return sql.NullString{}
	}
	data, _ := json.Marshal(v)
	return sql.NullString{String: string(data), Valid: true}
}
