package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"slices"
	"strings"
	"time"

	"vendeai/app"
)

// The delivery log: reading the outbox's deliveries, recording their
// attempts, replaying and pruning them (writing them is in webhooks.go).

// Page sizes of the delivery log.
const (
	defaultDeliveryLimit = 50
	maxDeliveryLimit     = 200
)

const deliveryColumns = `id, seq, evento, destino, status, tentativas, ultimo_codigo, ultimo_erro, proxima_tentativa, prazo, criado_em, entregue_em`

func scanDelivery(row rowScanner, withBody bool) (*app.Delivery, error) {
	var (
		d                   app.Delivery
		codigo              sql.NullInt64
		proxima, entregueEm sql.NullInt64
		prazo, criadoEm     int64
	)
	dest := []any{&d.ID, &d.Seq, &d.Evento, &d.Destino, &d.Status, &d.Tentativas, &codigo, &d.UltimoErro, &proxima, &prazo, &criadoEm, &entregueEm}
	if withBody {
		dest = append(dest, &d.Body)
	}
	if err := row.Scan(dest...); err != nil {
		return nil, err
	}
	if codigo.Valid {
		c := int(codigo.Int64)
		d.UltimoCodigo = &c
	}
	if proxima.Valid {
		t := fromMillis(proxima.Int64)
		d.ProximaTentativa = &t
	}
	if entregueEm.Valid {
		t := fromMillis(entregueEm.Int64)
		d.EntregueEm = &t
	}
	d.Deadline, d.CriadoEm = fromMillis(prazo), fromMillis(criadoEm)
	return &d, nil
}

// DueDeliveries lists destino's pending deliveries due at now, oldest seq
// first, with their bodies.
func (db *DB) DueDeliveries(ctx context.Context, destino string, now time.Time, limit int) ([]*app.Delivery, error) {
	rows, err := db.db.QueryContext(ctx, `SELECT `+deliveryColumns+`, body FROM webhook_entregas
		WHERE status = 'pendente' AND destino = ? AND proxima_tentativa <= ? ORDER BY n LIMIT ?`,
		destino, millis(now), limit)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []*app.Delivery
	for rows.Next() {
		d, err := scanDelivery(rows, true)
		if err != nil {
			return nil, err
		}
		out = append(out, d)
	}
	return out, rows.Err()
}

// NextDue is when destino's next pending delivery falls due; zero when none
// is pending.
func (db *DB) NextDue(ctx context.Context, destino string) (time.Time, error) {
	var next sql.NullInt64
	err := db.db.QueryRowContext(ctx, `SELECT MIN(proxima_tentativa) FROM webhook_entregas WHERE status = 'pendente' AND destino = ?`, destino).Scan(&next)
	if err != nil || !next.Valid {
		return time.Time{}, err
	}
	return fromMillis(next.Int64), nil
}

// PendingDestinos lists the destinations that have pending deliveries.
func (db *DB) PendingDestinos(ctx context.Context) ([]string, error) {
	var out []string
	for _, destino := range []string{app.DestinoEmpresa, app.DestinoGlobal} {
		var n int
		if err := db.db.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM webhook_entregas WHERE status = 'pendente' AND destino = ?)`, destino).Scan(&n); err != nil {
			return nil, err
		}
		if n > 0 {
			out = append(out, destino)
		}
	}
	return out, nil
}

// SaveAttempt records one try of delivery id and returns the delivery.
func (db *DB) SaveAttempt(ctx context.Context, id string, a app.DeliveryAttempt) (d *app.Delivery, err error) {
	defer storageFull(&err)
	var codigo, proxima, entregueEm sql.NullInt64
	if a.Code != 0 {
		codigo = sql.NullInt64{Int64: int64(a.Code), Valid: true}
	}
	switch a.Status {
	case app.DeliveryPending:
		proxima = sql.NullInt64{Int64: millis(a.Next), Valid: true}
	case app.DeliveryDelivered:
		entregueEm = sql.NullInt64{Int64: millis(a.At), Valid: true}
	}
	d, err = scanDelivery(db.db.QueryRowContext(ctx, `UPDATE webhook_entregas SET status = ?, tentativas = tentativas + 1,
		ultimo_codigo = ?, ultimo_erro = ?, proxima_tentativa = ?, entregue_em = ?, atualizado_em = ?
		WHERE id = ? RETURNING `+deliveryColumns, a.Status, codigo, a.Err, proxima, entregueEm, millis(a.At), id), false)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, errDeliveryNotFound(id)
	}
	return d, err
}

func errDeliveryNotFound(id string) error {
	return app.Errorf(app.ENOTFOUND, "entrega %s não encontrada", id)
}

// FailPending ends destino's pending deliveries with reason.
func (db *DB) FailPending(ctx context.Context, destino, reason string) (n int, err error) {
	defer storageFull(&err)
	tx, err := db.db.BeginTx(ctx, nil)
	if err != nil {
		return 0, err
	}
	defer tx.Rollback()
	if n, err = db.failPending(ctx, tx, destino, reason); err != nil {
		return 0, err
	}
	return n, tx.Commit()
}

func (db *DB) failPending(ctx context.Context, tx *sql.Tx, destino, reason string) (int, error) {
	res, err := tx.ExecContext(ctx, `UPDATE webhook_entregas SET status = 'falhou', ultimo_erro = ?, proxima_tentativa = NULL, atualizado_em = ?
		WHERE status = 'pendente' AND destino = ?`, reason, millis(db.now()), destino)
	if err != nil {
		return 0, err
	}
	n, err := res.RowsAffected()
	return int(n), err
}

// FindDeliveries lists a page of deliveries, newest seq first, and how many
// the filter selects in all.
func (db *DB) FindDeliveries(ctx context.Context, f app.DeliveryFilter) ([]*app.Delivery, int, error) {
	if f.Status != "" && !slices.Contains(app.DeliveryStatuses, f.Status) {
		return nil, 0, app.Errorf(app.EINVALID, "status deve ser um de: %s", strings.Join(app.DeliveryStatuses, ", "))
	}
	if f.Destino != "" && f.Destino != app.DestinoEmpresa && f.Destino != app.DestinoGlobal {
		return nil, 0, app.Errorf(app.EINVALID, "destino deve ser empresa ou global")
	}
	if f.Limit < 0 || f.Offset < 0 {
		return nil, 0, app.Errorf(app.EINVALID, "limit e offset não podem ser negativos")
	}
	if f.Limit == 0 {
		f.Limit = defaultDeliveryLimit
	}
	f.Limit = min(f.Limit, maxDeliveryLimit)
	where, args := []string{"1 = 1"}, []any{}
	if f.Status != "" {
		where, args = append(where, "status = ?"), append(args, f.Status)
	}
	if f.Destino != "" {
		where, args = append(where, "destino = ?"), append(args, f.Destino)
	}
	cond := strings.Join(where, " AND ")
	var total int
	out := []*app.Delivery{}
	err := db.readTx(ctx, func(q querier) error {
		if err := q.QueryRowContext(ctx, `SELECT COUNT(*) FROM webhook_entregas WHERE `+cond, args...).Scan(&total); err != nil {
			return err
		}
		rows, err := q.QueryContext(ctx, `SELECT `+deliveryColumns+` FROM webhook_entregas WHERE `+cond+
			` ORDER BY n DESC LIMIT ? OFFSET ?`, append(args, f.Limit, f.Offset)...)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			d, err := scanDelivery(rows, false)
			if err != nil {
				return err
			}
			out = append(out, d)
		}
		return rows.Err()
	})
	if err != nil {
		return nil, 0, err
	}
	return out, total, nil
}

// FindDelivery returns delivery id, body included.
func (db *DB) FindDelivery(ctx context.Context, id string) (*app.Delivery, error) {
	d, err := scanDelivery(db.db.QueryRowContext(ctx, `SELECT `+deliveryColumns+`, body FROM webhook_entregas WHERE id = ?`, id), true)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, errDeliveryNotFound(id)
	}
	return d, err
}

// Requeue makes delivery id pending again, due at now, failing for good
// only after deadline.
func (db *DB) Requeue(ctx context.Context, id string, now, deadline time.Time) (d *app.Delivery, err error) {
	defer storageFull(&err)
	d, err = scanDelivery(db.db.QueryRowContext(ctx, `UPDATE webhook_entregas SET status = 'pendente', proxima_tentativa = ?, prazo = ?,
		entregue_em = NULL, atualizado_em = ? WHERE id = ? RETURNING `+deliveryColumns+`, body`,
		millis(now), millis(deadline), millis(now), id), true)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, errDeliveryNotFound(id)
	}
	return d, err
}

// Prune deletes what was delivered before delivered and what failed before
// failed; pending deliveries are never pruned.
func (db *DB) Prune(ctx context.Context, delivered, failed time.Time) (int, error) {
	res, err := db.db.ExecContext(ctx, `DELETE FROM webhook_entregas
		WHERE (status = 'entregue' AND atualizado_em < ?) OR (status = 'falhou' AND atualizado_em < ?)`,
		millis(delivered), millis(failed))
	if err != nil {
		return 0, err
	}
	n, err := res.RowsAffected()
	return int(n), err
}

// CountPending is how many deliveries are waiting to be sent.
func (db *DB) CountPending(ctx context.Context) (int, error) {
	var n int
	err := db.db.QueryRowContext(ctx, `SELECT COUNT(*) FROM webhook_entregas WHERE status = 'pendente'`).Scan(&n)
	return n, err
}
