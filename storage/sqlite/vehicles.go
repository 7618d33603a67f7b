package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	sqlite3 "github.com/mattn/go-sqlite3"

	"vendeai/app"
)

var _ app.VehicleStore = (*DB)(nil)

const vehicleSelect = `SELECT id, codigo, marca, modelo, versao, cor, descricao, ano_fabricacao, ano_modelo,
	preco, km, combustivel, cambio, categoria, fotos, status, criado_em, atualizado_em, cilindradas FROM vehicles`

// vehicleContent lists the columns a vehicle's content fills, in the order of
// contentArgs; ids and times are handled apart.
var vehicleContent = []string{"codigo", "marca", "modelo", "versao", "cor", "descricao", "ano_fabricacao",
	"ano_modelo", "preco", "km", "combustivel", "cambio", "categoria", "fotos", "status",
	"marca_key", "modelo_key", "cor_key", "busca", "cilindradas"}

var (
	insertVehicleSQL = `INSERT INTO vehicles (` + strings.Join(vehicleContent, ", ") +
		`, criado_em, atualizado_em) VALUES (` + strings.Repeat("?, ", len(vehicleContent)) + `?, ?)`
	updateVehicleSQL = `UPDATE vehicles SET ` + strings.Join(vehicleContent, " = ?, ") +
		` = ?, atualizado_em = ? WHERE id = ? RETURNING criado_em`
	// An import leaves untouched rows as they were, atualizado_em included.
	importUpdateSQL = `UPDATE vehicles SET ` + strings.Join(vehicleContent, " = ?, ") +
		` = ?, atualizado_em = ? WHERE id = ? AND (` + strings.Join(vehicleContent, " IS NOT ? OR ") + ` IS NOT ?)`
)

func contentArgs(v *app.Vehicle) []any {
	fotos, _ := json.Marshal(v.Fotos) // []string cannot fail
	return []any{v.Codigo, v.Marca, v.Modelo, v.Versao, v.Cor, v.Descricao, v.AnoFabricacao, v.AnoModelo,
		int64(v.Preco), v.Km, v.Combustivel, v.Cambio, v.Categoria, string(fotos), v.Status,
		app.SearchKey(v.Marca), app.SearchKey(v.Modelo), app.SearchKey(v.Cor), searchText(v), v.Cilindradas}
}

// searchText is what q is matched against: the text fields folded, plus
// marca and modelo without hyphens or spaces, so "hrv" finds "HR-V".
func searchText(v *app.Vehicle) string {
	return app.Fold(strings.Join([]string{v.Marca, v.Modelo, v.Versao, v.Cor, v.Descricao,
		app.SearchKey(v.Marca), app.SearchKey(v.Modelo)}, " "))
}

func scanVehicle(s rowScanner) (*app.Vehicle, error) {
	var v app.Vehicle
	var preco int64
	var fotos, criado, atualizado string
	if err := s.Scan(&v.ID, &v.Codigo, &v.Marca, &v.Modelo, &v.Versao, &v.Cor, &v.Descricao, &v.AnoFabricacao,
		&v.AnoModelo, &preco, &v.Km, &v.Combustivel, &v.Cambio, &v.Categoria, &fotos, &v.Status,
		&criado, &atualizado, &v.Cilindradas); err != nil {
		return nil, err
	}
	v.Preco = app.Centavos(preco)
	if err := json.Unmarshal([]byte(fotos), &v.Fotos); err != nil {
		return nil, fmt.Errorf("vehicle %d fotos: %w", v.ID, err)
	}
	if v.Fotos == nil {
		v.Fotos = []string{}
	}
	var err error
	if v.CriadoEm, err = time.Parse(time.RFC3339Nano, criado); err != nil {
		return nil, fmt.Errorf("vehicle %d criado_em: %w", v.ID, err)
	}
	if v.AtualizadoEm, err = time.Parse(time.RFC3339Nano, atualizado); err != nil {
		return nil, fmt.Errorf("vehicle %d atualizado_em: %w", v.ID, err)
	}
	return &v, nil
}

// FindVehicles returns one page of the vehicles f selects and how many it
// selects in all. f is normalized first (see app.VehicleFilter.Normalize).
func (db *DB) FindVehicles(ctx context.Context, f app.VehicleFilter) ([]*app.Vehicle, int, error) {
	if err := f.NormalizeIn(db.nicho(ctx)); err != nil {
		return nil, 0, err
	}
	where, args := vehicleWhere(f, false)
	// The newest first: walking the recentes index stops at the first page,
	// where a price or year range index would sort every match.
	pageWhere, _ := vehicleWhere(f, f.Ordem == app.OrdemRecentes)
	order := map[string]string{
		app.OrdemPreco:     "preco, id",
		app.OrdemPrecoDesc: "preco DESC, id DESC",
		app.OrdemAno:       "ano_modelo, id",
		app.OrdemAnoDesc:   "ano_modelo DESC, id DESC",
		app.OrdemKm:        "km, id",
		app.OrdemRecentes:  "criado_em DESC, id DESC",
	}[f.Ordem]
	var vs []*app.Vehicle
	var total int
	err := db.readTx(ctx, func(q querier) error {
		if err := q.QueryRowContext(ctx, `SELECT COUNT(*) FROM vehicles`+where, args...).Scan(&total); err != nil {
			return err
		}
		if total <= f.Offset {
			return nil
		}
		rows, err := q.QueryContext(ctx, vehicleSelect+pageWhere+` ORDER BY `+order+` LIMIT ? OFFSET ?`,
			append(args, f.Limit, f.Offset)...)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			v, err := scanVehicle(rows)
			if err != nil {
				return err
			}
			vs = append(vs, v)
		}
		return rows.Err()
	})
	if err != nil {
		return nil, 0, err
	}
	if vs == nil {
		vs = []*app.Vehicle{}
	}
	return vs, total, nil
}

// AllVehicles returns every vehicle, of any status, in id order.
func (db *DB) AllVehicles(ctx context.Context) ([]*app.Vehicle, error) {
	vs := []*app.Vehicle{}
	rows, err := db.db.QueryContext(ctx, vehicleSelect+` ORDER BY id`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		v, err := scanVehicle(rows)
		if err != nil {
			return nil, err
		}
		vs = append(vs, v)
	}
	return vs, rows.Err()
}

// maxQueryWords bounds the work one q can ask for.
const maxQueryWords = 12

// vehicleWhere builds the conditions of f; noRanges keeps SQLite from
// choosing an index for the ranges (the unary + hides a column from the
// planner), so that an ordering index can serve instead.
func vehicleWhere(f app.VehicleFilter, noRanges bool) (string, []any) {
	plus := ""
	if noRanges {
		plus = "+"
	}
	var conds []string
	var args []any
	add := func(cond string, a ...any) {
		conds = append(conds, cond)
		args = append(args, a...)
	}
	if f.Status != app.VehicleStatusTodos {
		add("status = ?", f.Status)
	}
	if f.Marca != "" {
		add("marca_key = ?", app.SearchKey(f.Marca))
	}
	if f.Modelo != "" {
		add("modelo_key = ?", app.SearchKey(f.Modelo))
	}
	if len(f.Modelos) > 0 {
		keys, _ := json.Marshal(searchKeys(f.Modelos))
		add("modelo_key IN (SELECT value FROM json_each(?))", string(keys))
	}
	if f.Cor != "" {
		keys, _ := json.Marshal(app.CorKeys(f.Cor))
		add("cor_key IN (SELECT value FROM json_each(?))", string(keys))
	}
	if f.CilindradasMin > 0 {
		add("cilindradas >= ?", f.CilindradasMin)
	}
	if f.CilindradasMax > 0 {
		add("cilindradas <= ?", f.CilindradasMax)
	}
	if f.Categoria != "" {
		add("categoria = ?", f.Categoria)
	}
	if f.Combustivel != "" {
		add("combustivel = ?", f.Combustivel)
	}
	if len(f.Cambios) > 0 {
		ps := make([]any, len(f.Cambios))
		for i, c := range f.Cambios {
			ps[i] = c
		}
		add("cambio IN (?"+strings.Repeat(", ?", len(ps)-1)+")", ps...)
	}
	if f.AnoMin > 0 {
		add(plus+"ano_modelo >= ?", f.AnoMin)
	}
	if f.AnoMax > 0 {
		add(plus+"ano_modelo <= ?", f.AnoMax)
	}
	if f.PrecoMin > 0 {
		add(plus+"preco >= ?", int64(f.PrecoMin))
	}
	if f.PrecoMax > 0 {
		add(plus+"preco <= ?", int64(f.PrecoMax))
	}
	if f.KmMax != nil {
		add(plus+"km <= ?", *f.KmMax)
	}
	if len(f.IDs) > 0 {
		ids, _ := json.Marshal(f.IDs)
		add("id IN (SELECT value FROM json_each(?))", string(ids))
	}
	words := strings.Fields(app.Fold(f.Q))
	if len(words) > maxQueryWords {
		words = words[:maxQueryWords]
	}
	for _, w := range words {
		// busca is folded in Go: instr on it is accent- and case-insensitive.
		add("instr(busca, ?) > 0", w)
	}
	if len(conds) == 0 {
		return "", nil
	}
	return " WHERE " + strings.Join(conds, " AND "), args
}

func searchKeys(names []string) []string {
	keys := make([]string, 0, len(names))
	for _, n := range names {
		keys = append(keys, app.SearchKey(n))
	}
	return keys
}

// FindVehicleByID returns the vehicle id, of any status; ENOTFOUND if none.
func (db *DB) FindVehicleByID(ctx context.Context, id int64) (*app.Vehicle, error) {
	v, err := scanVehicle(db.db.QueryRowContext(ctx, vehicleSelect+` WHERE id = ?`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, vehicleNotFound(id)
	}
	return v, err
}

func vehicleNotFound(id int64) error {
	return app.Errorf(app.ENOTFOUND, "veículo %d não encontrado", id)
}

// CreateVehicle normalizes and validates v, then inserts it; v gets its id
// and times. A codigo already in use: ECONFLICT.
func (db *DB) CreateVehicle(ctx context.Context, v *app.Vehicle) error {
	now, nicho := db.now(), db.nicho(ctx)
	v.NormalizeIn(nicho)
	if err := v.ValidateIn(nicho, now); err != nil {
		return err
	}
	tx, err := db.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	res, err := tx.ExecContext(ctx, insertVehicleSQL, append(contentArgs(v), formatTime(now), formatTime(now))...)
	if err != nil {
		return codigoConflict(err, v.Codigo)
	}
	id, err := res.LastInsertId()
	if err != nil {
		return err
	}
	if err := db.commitVehicles(tx); err != nil {
		return err
	}
	v.ID, v.CriadoEm, v.AtualizadoEm = id, now, now
	return nil
}

// UpdateVehicle replaces every field of vehicle v.ID with v's (normalized and
// validated); v gets its times. ENOTFOUND, ECONFLICT as their names say.
func (db *DB) UpdateVehicle(ctx context.Context, v *app.Vehicle) error {
	now, nicho := db.now(), db.nicho(ctx)
	v.NormalizeIn(nicho)
	if err := v.ValidateIn(nicho, now); err != nil {
		return err
	}
	tx, err := db.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	var criado string
	err = tx.QueryRowContext(ctx, updateVehicleSQL, append(contentArgs(v), formatTime(now), v.ID)...).Scan(&criado)
	if errors.Is(err, sql.ErrNoRows) {
		return vehicleNotFound(v.ID)
	} else if err != nil {
		return codigoConflict(err, v.Codigo)
	}
	if err := db.commitVehicles(tx); err != nil {
		return err
	}
	v.AtualizadoEm = now
	v.CriadoEm, err = time.Parse(time.RFC3339Nano, criado)
	return err
}

// DeleteVehicle removes vehicle id; ENOTFOUND if there is none.
func (db *DB) DeleteVehicle(ctx context.Context, id int64) error {
	tx, err := db.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	res, err := tx.ExecContext(ctx, `DELETE FROM vehicles WHERE id = ?`, id)
	if err != nil {
		return err
	}
	if n, err := res.RowsAffected(); err != nil {
		return err
	} else if n == 0 {
		return vehicleNotFound(id)
	}
	return db.commitVehicles(tx)
}

// ImportVehicles writes vs in one transaction: a vehicle whose codigo exists
// updates that one (keeping its id, so leads that point at it stay right),
// any other is inserted. With replace, every vehicle not updated this way is
// removed first. Every vehicle is normalized and validated before anything
// is written; an invalid one or a codigo repeated within vs is EINVALID and
// nothing changes. Updated counts the vehicles matched by codigo;
// atualizadoEm only moves on those whose content changed.
func (db *DB) ImportVehicles(ctx context.Context, vs []*app.Vehicle, replace bool) (app.ImportResult, error) {
	var res app.ImportResult
	if len(vs) > app.MaxImportRows {
		return res, app.Errorf(app.ETOOLARGE, "a importação aceita no máximo %d veículos", app.MaxImportRows)
	}
	now, nicho := db.now(), db.nicho(ctx)
	codigos := make([]string, 0, len(vs))
	seen := make(map[string]int, len(vs))
	for i, v := range vs {
		v.NormalizeIn(nicho)
		if err := v.ValidateIn(nicho, now); err != nil {
			e := err.(*app.Error)
			return res, &app.Error{Code: app.EINVALID, Message: fmt.Sprintf("veículo %d: %s", i+1, e.Message), Details: e.Details}
		}
		if v.Codigo == "" {
			continue
		}
		if j, dup := seen[v.Codigo]; dup {
			return res, app.Errorf(app.EINVALID, "veículo %d: código %q repetido (já usado no veículo %d)", i+1, v.Codigo, j+1)
		}
		seen[v.Codigo] = i
		codigos = append(codigos, v.Codigo)
	}

	tx, err := db.db.BeginTx(ctx, nil)
	if err != nil {
		return res, err
	}
	defer tx.Rollback()
	if replace {
		list, _ := json.Marshal(codigos)
		r, err := tx.ExecContext(ctx, `DELETE FROM vehicles
			WHERE codigo = '' OR codigo NOT IN (SELECT value FROM json_each(?))`, string(list))
		if err != nil {
			return res, err
		}
		n, err := r.RowsAffected()
		if err != nil {
			return res, err
		}
		res.Removed = int(n)
	}
	// codigo <> '' lets SQLite use the partial unique index.
	find, err := tx.PrepareContext(ctx, `SELECT id, criado_em, atualizado_em FROM vehicles WHERE codigo = ? AND codigo <> ''`)
	if err != nil {
		return res, err
	}
	defer find.Close()
	insert, err := tx.PrepareContext(ctx, insertVehicleSQL)
	if err != nil {
		return res, err
	}
	defer insert.Close()
	update, err := tx.PrepareContext(ctx, importUpdateSQL)
	if err != nil {
		return res, err
	}
	defer update.Close()

	stamp := formatTime(now)
	for _, v := range vs {
		content := contentArgs(v)
		var id int64
		var criado, atualizado string
		if v.Codigo != "" {
			err := find.QueryRowContext(ctx, v.Codigo).Scan(&id, &criado, &atualizado)
			if err != nil && !errors.Is(err, sql.ErrNoRows) {
				return res, err
			}
		}
		if id == 0 {
			r, err := insert.ExecContext(ctx, append(content, stamp, stamp)...)
			if err != nil {
				return res, codigoConflict(err, v.Codigo)
			}
			if v.ID, err = r.LastInsertId(); err != nil {
				return res, err
			}
			v.CriadoEm, v.AtualizadoEm = now, now
			res.Inserted++
			continue
		}
		args := make([]any, 0, 2*len(content)+2)
		args = append(append(append(args, content...), stamp, id), content...)
		r, err := update.ExecContext(ctx, args...)
		if err != nil {
			return res, err
		}
		v.ID = id
		if v.CriadoEm, err = time.Parse(time.RFC3339Nano, criado); err != nil {
			return res, err
		}
		if n, _ := r.RowsAffected(); n > 0 {
			v.AtualizadoEm = now
		} else if v.AtualizadoEm, err = time.Parse(time.RFC3339Nano, atualizado); err != nil {
			return res, err
		}
		res.Updated++
	}
	if err := db.commitVehicles(tx); err != nil {
		return res, err
	}
	return res, nil
}

// codigoConflict turns the unique index's refusal into ECONFLICT.
func codigoConflict(err error, codigo string) error {
	var se sqlite3.Error
	if errors.As(err, &se) && se.ExtendedCode == sqlite3.ErrConstraintUnique {
		return &app.Error{Code: app.ECONFLICT, Message: fmt.Sprintf("já existe um veículo com o código %q", codigo), Err: err}
	}
	return err
}
