package sqlite

import (
	"context"
	"database/sql"
	"sort"
	"sync"
	"sync/atomic"

	"vendeai/app"
)

// Vocabulary lists the marcas and modelos of the whole inventory, whatever
// their status: the assistant should recognise a modelo a customer names
// even when none is disponivel now, to say so. Spellings that differ only in
// case, accents, spaces or hyphens count once.
//
// The assistant asks for it on every message, so it is kept in memory until
// the next write to the inventory: this process is the file's only writer.
func (db *DB) Vocabulary(ctx context.Context) (app.Vocabulary, error) {
	db.vocab.mu.Lock()
	cached, gen := db.vocab.value, db.vocab.gen
	db.vocab.mu.Unlock()
	if cached != nil {
		return *cached, nil
	}
	voc, err := db.readVocabulary(ctx)
	if err != nil {
		return voc, err
	}
	db.vocab.mu.Lock()
	if db.vocab.gen == gen { // no write since the read began
		voc.Version = vocabularyVersions.Add(1)
		db.vocab.value = &voc
	}
	db.vocab.mu.Unlock()
	return voc, nil
}

// vocabularyVersions numbers every cached Vocabulary of the process, so
// that a Version never names two different vocabularies.
var vocabularyVersions atomic.Uint64

// vocabularyCache holds the last Vocabulary read and the count of
// inventory writes, which invalidate it.
type vocabularyCache struct {
	mu    sync.Mutex
	gen   uint64
	value *app.Vocabulary
}

// commitVehicles commits a write to the inventory and forgets the cached
// vocabulary.
func (db *DB) commitVehicles(tx *sql.Tx) error {
	err := tx.Commit()
	db.vocab.mu.Lock()
	db.vocab.gen++
	db.vocab.value = nil
	db.vocab.mu.Unlock()
	return err
}

func (db *DB) readVocabulary(ctx context.Context) (app.Vocabulary, error) {
	rows, err := db.db.QueryContext(ctx, `SELECT marca_key, MIN(marca), MIN(modelo) FROM vehicles
		GROUP BY marca_key, modelo_key ORDER BY marca_key, modelo_key`)
	if err != nil {
		return app.Vocabulary{}, err
	}
	defer rows.Close()
	voc := app.Vocabulary{Marcas: []string{}, Modelos: []app.ModelName{}}
	spelling := map[string]string{} // marca_key -> the first spelling met
	for rows.Next() {
		var key, marca, modelo string
		if err := rows.Scan(&key, &marca, &modelo); err != nil {
			return app.Vocabulary{}, err
		}
		if s, ok := spelling[key]; ok {
			marca = s
		} else {
			spelling[key] = marca
			voc.Marcas = append(voc.Marcas, marca)
		}
		voc.Modelos = append(voc.Modelos, app.ModelName{Marca: marca, Modelo: modelo})
	}
	if err := rows.Err(); err != nil {
		return app.Vocabulary{}, err
	}
	sort.Strings(voc.Marcas)
	return voc, nil
}
