package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"slices"
	"sync"
	"time"

	"github.com/mattn/go-sqlite3"

	"vendeai/app"
)

// The webhook outbox: the empresa's own webhook and every delivery of its
// events (to it and to the global webhook). Deliveries are written inside
// the transaction of the change they report (see recordEvents); sending
// them is the webhooks package's work.

var _ app.WebhookOutbox = (*DB)(nil)

// SetOutboxHooks connects the outbox to the delivery worker. Call it right
// after Open, before the DB is shared; without it only the empresa's own
// webhook gets deliveries and nobody is told of them.
func (db *DB) SetOutboxHooks(h app.OutboxHooks) { db.hooks = h }

// errStorageFull is what a write that found the disk full reports: it
// failed as a whole, nothing of it is kept.
func errStorageFull(err error) error {
	return &app.Error{Code: app.ESTORAGEFULL, Message: "o disco do servidor está cheio: nada foi gravado; libere espaço e tente de novo", Err: err}
}

// storageFull turns *err into errStorageFull when SQLite found the disk
// (or the database's size limit) full.
func storageFull(err *error) {
	var e sqlite3.Error
	if *err != nil && errors.As(*err, &e) && e.Code == sqlite3.ErrFull {
		*err = errStorageFull(*err)
	}
}

// Webhook returns the empresa's own webhook, nil when none is set.
func (db *DB) Webhook(ctx context.Context) (*app.Webhook, error) {
	var (
		w       app.Webhook
		eventos string
		at      int64
	)
	err := db.db.QueryRowContext(ctx, `SELECT url, segredo, eventos, ativo, by_admin, atualizado_em FROM webhook WHERE singleton = 1`).
		Scan(&w.URL, &w.Segredo, &eventos, &w.Ativo, &w.ByAdmin, &at)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	} else if err != nil {
		return nil, err
	}
	if err := json.Unmarshal([]byte(eventos), &w.Eventos); err != nil {
		return nil, err
	}
	w.SegredoDefinido = w.Segredo != ""
	w.AtualizadoEm = fromMillis(at)
	return &w, nil
}

// webhookWants caches the events the empresa's own webhook wants (none
// when there is no webhook or it is off), so an event nobody wants costs no
// write. Only write transactions fill it, and the webhook's own writes
// change it while they hold the write lock: inside a write transaction it
// is what the table says.
type webhookWants struct {
	mu     sync.Mutex
	loaded bool
	events []string
}

func (c *webhookWants) get() ([]string, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.events, c.loaded
}

func (c *webhookWants) set(events []string, loaded bool) {
	c.mu.Lock()
	c.events, c.loaded = events, loaded
	c.mu.Unlock()
}

// SaveWebhook sets the empresa's own webhook.
func (db *DB) SaveWebhook(ctx context.Context, w *app.Webhook) (err error) {
	defer storageFull(&err)
	eventos, _ := json.Marshal(w.Eventos)
	tx, err := db.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if _, err := tx.ExecContext(ctx, `INSERT INTO webhook (singleton, url, segredo, eventos, ativo, by_admin, atualizado_em)
		VALUES (1, ?, ?, ?, ?, ?, ?)
		ON CONFLICT (singleton) DO UPDATE SET url = excluded.url, segredo = excluded.segredo, eventos = excluded.eventos,
			ativo = excluded.ativo, by_admin = excluded.by_admin, atualizado_em = excluded.atualizado_em`,
		w.URL, w.Segredo, string(eventos), w.Ativo, w.ByAdmin, millis(w.AtualizadoEm)); err != nil {
		return err
	}
	return db.commitWebhook(tx, w)
}

// commitWebhook commits a change of the webhook with its cache: set under
// the write lock, forgotten if the commit fails.
func (db *DB) commitWebhook(tx *sql.Tx, w *app.Webhook) error {
	var wanted []string
	if w != nil && w.Ativo {
		wanted = slices.Clone(w.Eventos)
	}
	db.ownWebhook.set(wanted, true)
	if err := tx.Commit(); err != nil {
		db.ownWebhook.set(nil, false)
		return err
	}
	return nil
}

// DeleteWebhook removes the empresa's own webhook; what was still pending
// for it fails, in the same transaction.
func (db *DB) DeleteWebhook(ctx context.Context) (err error) {
	defer storageFull(&err)
	tx, err := db.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if _, err := tx.ExecContext(ctx, `DELETE FROM webhook`); err != nil {
		return err
	}
	if _, err := db.failPending(ctx, tx, app.DestinoEmpresa, "webhook removido antes da entrega"); err != nil {
		return err
	}
	return db.commitWebhook(tx, nil)
}

// destinos lists who wants an event of type typ: the empresa's own webhook
// (as the write transaction tx sees it, so a change of it and a write
// never cross) and the global one.
func (db *DB) destinos(ctx context.Context, tx *sql.Tx, typ string) ([]string, error) {
	var out []string
	wanted, loaded := db.ownWebhook.get()
	if !loaded {
		var eventos string
		err := tx.QueryRowContext(ctx, `SELECT eventos FROM webhook WHERE singleton = 1 AND ativo`).Scan(&eventos)
		switch {
		case errors.Is(err, sql.ErrNoRows):
		case err != nil:
			return nil, err
		default:
			if err := json.Unmarshal([]byte(eventos), &wanted); err != nil {
				return nil, err
			}
		}
		db.ownWebhook.set(wanted, true)
	}
	if slices.Contains(wanted, typ) {
		out = append(out, app.DestinoEmpresa)
	}
	if db.hooks != nil && db.hooks.GlobalWants(typ) {
		out = append(out, app.DestinoGlobal)
	}
	return out, nil
}

// nextSeq is the empresa's next seq: one past the last one given, and
// never below the clock in milliseconds, so it keeps growing even after
// the rows are pruned or an older backup of the folder is restored.
func (db *DB) nextSeq(ctx context.Context, tx *sql.Tx, now time.Time) (int64, error) {
	var seq int64
	err := tx.QueryRowContext(ctx, `SELECT MAX(COALESCE((SELECT seq FROM webhook_entregas ORDER BY n DESC LIMIT 1), 0) + 1, ?)`, millis(now)).Scan(&seq)
	return seq, err
}

// recorded says which lanes a transaction gave deliveries to.
type recorded struct {
	empresaID int
	destinos  []string
}

// recordEvents writes, in tx, one delivery of each event to each webhook
// that wants it, and reports what it wrote.
func (db *DB) recordEvents(ctx context.Context, tx *sql.Tx, events ...app.Event) (recorded, error) {
	var rec recorded
	for _, ev := range events {
		destinos, err := db.destinos(ctx, tx, ev.Type)
		if err != nil || len(destinos) == 0 {
			if err != nil {
				return rec, err
			}
			continue
		}
		now := db.now()
		seq, err := db.nextSeq(ctx, tx, now)
		if err != nil {
			return rec, err
		}
		for _, destino := range destinos {
			if _, err := db.insertDelivery(ctx, tx, app.NewDeliveryID(), destino, ev, seq, now); err != nil {
				return rec, err
			}
			if !slices.Contains(rec.destinos, destino) {
				rec.destinos = append(rec.destinos, destino)
			}
		}
		rec.empresaID = ev.EmpresaID
	}
	return rec, nil
}

func (db *DB) insertDelivery(ctx context.Context, tx *sql.Tx, id, destino string, ev app.Event, seq int64, now time.Time) (*app.Delivery, error) {
	body, err := app.EncodeDelivery(ev, id, seq, now)
	if err != nil {
		return nil, err
	}
	d := &app.Delivery{ID: id, Evento: ev.Type, Destino: destino, Seq: seq, Status: app.DeliveryPending,
		UltimoErro: "", ProximaTentativa: &now, CriadoEm: now, Body: body, Deadline: now.Add(app.DeliveryDeadline)}
	_, err = tx.ExecContext(ctx, `INSERT INTO webhook_entregas (id, seq, evento, destino, body, status, proxima_tentativa, prazo, criado_em, atualizado_em)
		VALUES (?, ?, ?, ?, ?, 'pendente', ?, ?, ?, ?)`,
		id, seq, ev.Type, destino, body, millis(now), millis(d.Deadline), millis(now), millis(now))
	return d, err
}

// commitEvents commits tx and then wakes the worker for the deliveries it
// carried.
func (db *DB) commitEvents(tx *sql.Tx, rec recorded) error {
	if err := tx.Commit(); err != nil {
		return err
	}
	if db.hooks != nil {
		for _, destino := range rec.destinos {
			db.hooks.Recorded(rec.empresaID, destino)
		}
	}
	return nil
}

// empresaID reads the empresa's id from its own metadata.
func (db *DB) empresaID(ctx context.Context, q querier) (int, error) {
	var id int
	err := q.QueryRowContext(ctx, `SELECT id FROM empresa WHERE singleton = 1`).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, app.Errorf(app.ENOTFOUND, "a pasta da empresa não tem metadados")
	}
	return id, err
}

// RecordEvent writes ev for the webhooks that want it, on its own.
func (db *DB) RecordEvent(ctx context.Context, ev app.Event) (err error) {
	defer storageFull(&err)
	if wanted, loaded := db.ownWebhook.get(); loaded && !slices.Contains(wanted, ev.Type) &&
		(db.hooks == nil || !db.hooks.GlobalWants(ev.Type)) {
		return nil // nobody wants it: no write at all
	}
	tx, err := db.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	rec, err := db.recordEvents(ctx, tx, ev)
	if err != nil {
		return err
	}
	return db.commitEvents(tx, rec)
}

// RecordTest writes one delivery of ev to destino alone, due now. Nobody
// is woken: the caller sends it.
func (db *DB) RecordTest(ctx context.Context, id, destino string, ev app.Event) (d *app.Delivery, err error) {
	defer storageFull(&err)
	tx, err := db.db.BeginTx(ctx, nil)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()
	now := db.now()
	seq, err := db.nextSeq(ctx, tx, now)
	if err != nil {
		return nil, err
	}
	if d, err = db.insertDelivery(ctx, tx, id, destino, ev, seq, now); err != nil {
		return nil, err
	}
	return d, tx.Commit()
}
