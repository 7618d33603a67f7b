// Package sqlite owns one empresa's SQLite file, tenants/empresa_<N>/empresa.db:
// opening it with the DSN every tenant DB uses, its embedded numbered
// migrations, the copy of the empresa's own metadata that makes the folder
// describe itself, the inventory and CRM tables, and the whatsmeow device
// tables (credentials) that live in the same file.
package sqlite

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"embed"
	"fmt"
	"io/fs"
	"math"
	"net/url"
	"sort"
	"strconv"
	"strings"
	"time"

	_ "github.com/mattn/go-sqlite3"

	"vendeai/app"
)

//go:embed migrations/*.sql
var migrationFS embed.FS

// FileName is the name of the tenant DB inside its folder.
const FileName = "empresa.db"

// DSN is the data source name of every tenant DB (DESIGN.md §3): WAL for
// readers beside the writer, foreign keys on (whatsmeow's Upgrade demands
// it), a busy timeout instead of instant SQLITE_BUSY.
func DSN(path string) string {
	return "file:" + (&url.URL{Path: path}).EscapedPath() +
		"?_foreign_keys=on&_journal_mode=WAL&_busy_timeout=5000&_synchronous=NORMAL&_txlock=immediate"
}

// DB is one empresa's database.
type DB struct {
	db   *sql.DB
	path string
	// Now is the clock the store stamps rows with; tests may replace it.
	Now func() time.Time

	vocab vocabularyCache
	niche nichoCache
	// ninthDigit is what the migrations merged at Open (the log reports it).
	ninthDigit NinthDigitReport
	// hooks tie the webhook outbox to the delivery worker (see webhooks.go).
	hooks app.OutboxHooks
	// ownWebhook caches what the empresa's own webhook wants.
	ownWebhook webhookWants
}

// Open opens (creating where missing) the tenant DB at path and brings its
// schema up to date, whatsmeow's device tables included.
func Open(ctx context.Context, path string) (*DB, error) {
	sqlDB, err := sql.Open("sqlite3", DSN(path))
	if err != nil {
		return nil, fmt.Errorf("open %s: %w", path, err)
	}
	// One writer at a time is what SQLite allows anyway; a small pool lets
	// readers run beside it under WAL.
	sqlDB.SetMaxOpenConns(4)
	sqlDB.SetConnMaxIdleTime(5 * time.Minute)
	db := &DB{db: sqlDB, path: path, Now: time.Now}
	if err := db.migrate(ctx); err != nil {
		sqlDB.Close()
		return nil, fmt.Errorf("migrate %s: %w", path, err)
	}
	if err := db.upgradeDeviceStore(ctx); err != nil {
		sqlDB.Close()
		return nil, fmt.Errorf("whatsmeow tables in %s: %w", path, err)
	}
	return db, nil
}

// Close closes the database.
func (db *DB) Close() error { return db.db.Close() }

// Path is the file this DB lives in.
func (db *DB) Path() string { return db.path }

// SQL exposes the handle for the packages that share the file (whatsmeow's
// sqlstore) and for tests.
func (db *DB) SQL() *sql.DB { return db.db }

func (db *DB) now() time.Time { return db.Now().UTC() }

// migration is one numbered step of the schema: an embedded .sql file, or
// Go code for what SQL cannot say (goMigrations).
type migration struct {
	version int
	name    string
	run     func(ctx context.Context, db *DB, tx *sql.Tx) error
}

// migrate applies the migrations not yet applied, each in its own
// transaction, in the order of their number.
func (db *DB) migrate(ctx context.Context) error { return db.migrateUpTo(ctx, math.MaxInt) }

// migrateUpTo applies the migrations up to version last (the upgrade tests
// build a file as an older appliance left it).
func (db *DB) migrateUpTo(ctx context.Context, last int) error {
	if _, err := db.db.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS vendeai_migrations (
		version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL)`); err != nil {
		return err
	}
	names, err := fs.Glob(migrationFS, "migrations/*.sql")
	if err != nil {
		return err
	}
	steps := append([]migration(nil), goMigrations...)
	for _, name := range names {
		version, err := migrationVersion(name)
		if err != nil {
			return err
		}
		body, err := migrationFS.ReadFile(name)
		if err != nil {
			return err
		}
		steps = append(steps, migration{version: version, name: name, run: func(ctx context.Context, _ *DB, tx *sql.Tx) error {
			_, err := tx.ExecContext(ctx, string(body))
			return err
		}})
	}
	sort.Slice(steps, func(i, j int) bool { return steps[i].version < steps[j].version })
	for _, step := range steps {
		if step.version > last {
			break
		}
		if err := db.applyMigration(ctx, step); err != nil {
			return fmt.Errorf("%s: %w", step.name, err)
		}
	}
	return nil
}

func (db *DB) applyMigration(ctx context.Context, step migration) error {
	tx, err := db.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	var n int
	if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM vendeai_migrations WHERE version = ?`, step.version).Scan(&n); err != nil {
		return err
	} else if n > 0 {
		return nil
	}
	if err := step.run(ctx, db, tx); err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO vendeai_migrations (version, applied_at) VALUES (?, ?)`,
		step.version, db.now().Format(time.RFC3339)); err != nil {
		return err
	}
	return tx.Commit()
}

// migrationVersion reads the number a migration file's name starts with.
func migrationVersion(name string) (int, error) {
	base := strings.TrimPrefix(name, "migrations/")
	num, _, ok := strings.Cut(base, "_")
	if !ok {
		return 0, fmt.Errorf("migration %s: name must be NNNN_what.sql", name)
	}
	return strconv.Atoi(num)
}

// --- helpers every table's file shares ---

// rowScanner is a *sql.Row or *sql.Rows: one scan function serves both.
type rowScanner interface {
	Scan(dest ...any) error
}

// querier is what both a read transaction's connection and *sql.Tx offer.
type querier interface {
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

// readTx runs fn inside a deferred (read) transaction, so that a count and
// a page agree. The DSN makes BeginTx take the write lock (_txlock=immediate),
// which readers must not hold: hence a plain BEGIN on a dedicated connection.
func (db *DB) readTx(ctx context.Context, fn func(q querier) error) error {
	conn, err := db.db.Conn(ctx)
	if err != nil {
		return err
	}
	defer conn.Close()
	if _, err := conn.ExecContext(ctx, "BEGIN"); err != nil {
		return err
	}
	err = fn(conn)
	if _, rerr := conn.ExecContext(context.WithoutCancel(ctx), "ROLLBACK"); rerr != nil {
		// A connection still inside a transaction must not return to the pool.
		_ = conn.Raw(func(any) error { return driver.ErrBadConn })
		if err == nil {
			err = rerr
		}
	}
	return err
}

// timeLayout is RFC 3339 with all nine fraction digits: fixed width, so the
// text order of criado_em is its time order.
const timeLayout = "2006-01-02T15:04:05.000000000Z07:00"

func formatTime(t time.Time) string { return t.UTC().Format(timeLayout) }

// millis and fromMillis store instants as Unix milliseconds (the CRM's
// tables, which sort and compare them as numbers).
func millis(t time.Time) int64 { return t.UTC().UnixMilli() }

func fromMillis(ms int64) time.Time { return time.UnixMilli(ms).UTC() }

// escapeLike keeps a customer's % and _ literal in a LIKE pattern.
func escapeLike(s string) string {
	return strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`).Replace(s)
}
