// Package vehiclecsv reads and writes an empresa's inventory as CSV, in the
// forms Brazilian dealers' spreadsheets and systems produce: ';' or ','
// separated, with or without a UTF-8 BOM (or in Windows-1252, Excel's
// default in Portuguese), prices like "R$ 115.900,00", km like "35.000".
// It is pure: bytes in, app.Vehicles out, and back; the store does the rest.
package vehiclecsv

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"golang.org/x/text/encoding/charmap"

	"vendeai/app"
)

// Header is the export's header, in wire names; Decode reads it back.
var Header = []string{"codigo", "marca", "modelo", "versao", "anoFabricacao", "anoModelo", "preco", "km",
	"combustivel", "cambio", "categoria", "cor", "fotos", "status", "descricao"}

// MaxListedErrors bounds the row errors one failed import reports.
const MaxListedErrors = 100

// RowError is one problem of one row: linha is the line of the file where
// the row starts (the header is line 1), campo the column's wire name.
type RowError struct {
	Linha int    `json:"linha"`
	Campo string `json:"campo"`
	Erro  string `json:"erro"`
}

var bom = []byte{0xEF, 0xBB, 0xBF}

// headerAliases maps a column name, reduced to folded letters and digits
// (so "ano_modelo", "anoModelo" and "Ano Modelo" are all "anomodelo"), to
// the field it fills. "ano" is the "2020/2021" column many systems export.
var headerAliases = map[string]string{
	"codigo": "codigo", "cod": "codigo", "codigoestoque": "codigo", "codigodeestoque": "codigo",
	"referencia": "codigo", "ref": "codigo", "sku": "codigo",
	"marca": "marca", "fabricante": "marca", "montadora": "marca",
	"modelo": "modelo", "versao": "versao",
	"anofabricacao": "anoFabricacao", "anofab": "anoFabricacao", "anodefabricacao": "anoFabricacao",
	"anomodelo": "anoModelo", "anomod": "anoModelo", "anodomodelo": "anoModelo", "ano": "ano",
	"preco": "preco", "valor": "preco", "precovenda": "preco", "precodevenda": "preco", "valorvenda": "preco",
	"km": "km", "kms": "km", "quilometragem": "km", "kilometragem": "km",
	"combustivel": "combustivel", "cambio": "cambio", "transmissao": "cambio",
	"categoria": "categoria", "carroceria": "categoria",
	"cor": "cor", "fotos": "fotos", "foto": "fotos", "imagens": "fotos", "urlfotos": "fotos",
	"status": "status", "situacao": "status",
	"descricao": "descricao", "observacoes": "descricao", "observacao": "descricao", "obs": "descricao",
	"cilindradas": "cilindradas", "cilindrada": "cilindradas", "cc": "cilindradas", "motorcc": "cilindradas",
}

// requiredColumns must be in the header ("ano" stands in for both years).
var requiredColumns = []string{"marca", "modelo", "anoFabricacao", "anoModelo", "preco", "combustivel", "cambio", "categoria"}

// Decode reads an inventory CSV. Every row is normalized and validated;
// when any is bad the result is an *app.Error with code EINVALIDCSV whose
// Details is a []RowError (the first MaxListedErrors). Past app.MaxImportBytes
// or app.MaxImportRows: ETOOLARGE. A header without rows is an empty
// inventory, not an error.
func Decode(r io.Reader) ([]*app.Vehicle, error) {
	return decode(r, time.Now(), app.NichoVeiculos)
}

// DecodeIn is Decode for an empresa of nicho: categories are the niche's,
// and a motos inventory may have a cilindradas column.
func DecodeIn(r io.Reader, nicho string) ([]*app.Vehicle, error) {
	return decode(r, time.Now(), nicho)
}

func decode(r io.Reader, now time.Time, nicho string) ([]*app.Vehicle, error) {
	data, err := io.ReadAll(io.LimitReader(r, app.MaxImportBytes+1))
	if err != nil {
		return nil, err
	}
	if len(data) > app.MaxImportBytes {
		return nil, app.Errorf(app.ETOOLARGE, "o arquivo passa de %d MiB", app.MaxImportBytes>>20)
	}
	data = bytes.TrimPrefix(data, bom)
	if !utf8.Valid(data) {
		// Not UTF-8: what Excel in Portuguese saves as "CSV" is Windows-1252.
		if data, err = charmap.Windows1252.NewDecoder().Bytes(data); err != nil {
			return nil, invalidCSV("o arquivo não está em UTF-8 nem em Windows-1252", nil)
		}
	}
	firstLine := 1
	comma := detectDelimiter(data)
	if line, rest, ok := bytes.Cut(data, []byte("\n")); ok || len(line) > 0 {
		// Excel's "sep=;" first line names the delimiter.
		if l := strings.TrimSpace(strings.ToLower(string(line))); strings.HasPrefix(l, "sep=") && len(l) == 5 {
			if !strings.ContainsRune(";,\t|", rune(l[4])) {
				return nil, invalidCSV(fmt.Sprintf("separador %q da linha sep= não é aceito: use ; , | ou tabulação", l[4:]), nil)
			}
			comma, data, firstLine = rune(l[4]), rest, 2
		}
	}
	if len(bytes.TrimSpace(data)) == 0 {
		return nil, invalidCSV("o arquivo está vazio: a primeira linha deve ser o cabeçalho", nil)
	}

	cr := csv.NewReader(bytes.NewReader(data))
	cr.Comma = comma
	cr.FieldsPerRecord = -1
	cr.LazyQuotes = true // an inch mark in a descrição ("aro 17\"") is no reason to refuse a file
	cr.ReuseRecord = true
	header, err := cr.Read()
	if err != nil {
		return nil, parseError(err, firstLine-1)
	}
	cols, herrs := mapHeader(header, firstLine)
	if len(herrs) > 0 {
		return nil, invalidCSV("o cabeçalho do arquivo tem problemas", herrs)
	}

	var (
		vs      []*app.Vehicle
		errs    []RowError
		badRows int
		codigos = map[string]int{} // codigo -> line
	)
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			break
		} else if err != nil {
			return nil, parseError(err, firstLine-1)
		}
		line, _ := cr.FieldPos(0)
		line += firstLine - 1
		if blank(rec) {
			continue
		}
		if len(vs)+badRows >= app.MaxImportRows {
			return nil, app.Errorf(app.ETOOLARGE, "o arquivo passa de %d linhas de veículos", app.MaxImportRows)
		}
		v, rowErrs := decodeRow(rec, cols, now, nicho)
		if v != nil && v.Codigo != "" {
			if first, dup := codigos[v.Codigo]; dup {
				rowErrs = append(rowErrs, app.FieldError{Field: "codigo",
					Message: fmt.Sprintf("código %q repetido (já usado na linha %d)", v.Codigo, first)})
			} else {
				codigos[v.Codigo] = line
			}
		}
		if len(rowErrs) > 0 {
			badRows++
			for _, e := range rowErrs {
				if len(errs) < MaxListedErrors {
					errs = append(errs, RowError{Linha: line, Campo: e.Field, Erro: e.Message})
				}
			}
			continue
		}
		vs = append(vs, v)
	}
	if badRows > 0 {
		return nil, invalidCSV(summary(badRows), errs)
	}
	if vs == nil {
		vs = []*app.Vehicle{}
	}
	return vs, nil
}

func summary(badRows int) string {
	if badRows == 1 {
		return "1 linha do arquivo tem erros; nada foi importado"
	}
	return fmt.Sprintf("%d linhas do arquivo têm erros; nada foi importado", badRows)
}

func invalidCSV(msg string, errs []RowError) error {
	if errs == nil {
		errs = []RowError{}
	}
	return &app.Error{Code: app.EINVALIDCSV, Message: msg, Details: errs}
}

// parseError reports a CSV the reader cannot split into fields.
func parseError(err error, lineOffset int) error {
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		line := pe.Line + lineOffset
		return invalidCSV(fmt.Sprintf("CSV malformado na linha %d", line),
			[]RowError{{Linha: line, Erro: "CSV malformado: " + csvErrorPT(pe.Err)}})
	}
	if err == io.EOF {
		return invalidCSV("o arquivo está vazio: a primeira linha deve ser o cabeçalho", nil)
	}
	// Anything else the reader refuses is still the file's fault, never ours.
	return invalidCSV("CSV malformado: "+err.Error(), nil)
}

func csvErrorPT(err error) string {
	switch {
	case errors.Is(err, csv.ErrQuote):
		return "aspas fora de lugar"
	case errors.Is(err, csv.ErrBareQuote):
		return "aspas sem par"
	default:
		return err.Error()
	}
}

// detectDelimiter picks ';', ',' or tab, whichever the first line (outside
// quotes) has most of; ';' when it has none, as Excel in Portuguese writes.
func detectDelimiter(data []byte) rune {
	counts := map[byte]int{}
	inQuotes := false
	for _, c := range data {
		if c == '"' {
			inQuotes = !inQuotes
		} else if c == '\n' && !inQuotes {
			break
		} else if !inQuotes && (c == ';' || c == ',' || c == '\t') {
			counts[c]++
		}
	}
	best := byte(';')
	for _, c := range []byte{',', '\t'} {
		if counts[c] > counts[best] {
			best = c
		}
	}
	return rune(best)
}

func blank(rec []string) bool {
	for _, f := range rec {
		if strings.TrimSpace(f) != "" {
			return false
		}
	}
	return true
}

// mapHeader returns, for each field, its column index (-1 when absent).
func mapHeader(header []string, line int) (map[string]int, []RowError) {
	cols := map[string]int{}
	var errs []RowError
	for i, name := range header {
		field, ok := headerAliases[app.SearchKey(name)]
		if !ok {
			continue // columns of other systems (id, criadoEm, ...) are ignored
		}
		if j, dup := cols[field]; dup {
			errs = append(errs, RowError{Linha: line, Campo: field,
				Erro: fmt.Sprintf("coluna %q repetida (colunas %d e %d)", strings.TrimSpace(name), j+1, i+1)})
			continue
		}
		cols[field] = i
	}
	for _, f := range requiredColumns {
		_, has := cols[f]
		_, hasAno := cols["ano"]
		if !has && !((f == "anoFabricacao" || f == "anoModelo") && hasAno) {
			errs = append(errs, RowError{Linha: line, Campo: f, Erro: "coluna obrigatória ausente: " + f})
		}
	}
	return cols, errs
}

// decodeRow builds one vehicle, normalized, and lists what is wrong with it.
func decodeRow(rec []string, cols map[string]int, now time.Time, nicho string) (*app.Vehicle, []app.FieldError) {
	get := func(field string) string {
		if i, ok := cols[field]; ok && i < len(rec) {
			return strings.TrimSpace(rec[i])
		}
		return ""
	}
	var errs []app.FieldError
	bad := map[string]bool{}
	fail := func(field, msg string) {
		errs = append(errs, app.FieldError{Field: field, Message: msg})
		bad[field] = true
	}
	v := &app.Vehicle{
		Codigo: get("codigo"), Marca: get("marca"), Modelo: get("modelo"), Versao: get("versao"),
		Cor: get("cor"), Descricao: get("descricao"), Combustivel: get("combustivel"), Cambio: get("cambio"),
		Categoria: get("categoria"), Status: get("status"),
	}
	year := func(field, label, s string) int {
		if s == "" {
			return 0
		}
		n, err := strconv.Atoi(s)
		if err != nil {
			fail(field, fmt.Sprintf("%s inválido: %q", label, truncate(s)))
		}
		return n
	}
	if ano := get("ano"); ano != "" {
		fab, mod, two := strings.Cut(ano, "/")
		if !two {
			mod = fab
		}
		v.AnoFabricacao = year("anoFabricacao", "ano de fabricação", strings.TrimSpace(fab))
		v.AnoModelo = year("anoModelo", "ano do modelo", strings.TrimSpace(mod))
	}
	if s := get("anoFabricacao"); s != "" {
		v.AnoFabricacao = year("anoFabricacao", "ano de fabricação", s)
	}
	if s := get("anoModelo"); s != "" {
		v.AnoModelo = year("anoModelo", "ano do modelo", s)
	}
	if s := get("preco"); s != "" {
		p, err := app.ParseReais(s)
		if err != nil {
			fail("preco", fmt.Sprintf("preço inválido: %q (use, por exemplo, 115900 ou R$ 115.900,00)", truncate(s)))
		}
		v.Preco = p
	}
	if s := get("km"); s != "" {
		t := strings.TrimSpace(strings.TrimSuffix(strings.ToLower(s), "km"))
		n, err := app.ParseGroupedInt(t)
		if err != nil {
			fail("km", fmt.Sprintf("km inválido: %q (use, por exemplo, 35000 ou 35.000)", truncate(s)))
		}
		v.Km = n
	}
	if s := get("fotos"); s != "" {
		v.Fotos = strings.Split(s, "|")
	}
	if s := get("cilindradas"); s != "" {
		n, err := app.ParseGroupedInt(strings.TrimSpace(strings.TrimSuffix(strings.ToLower(s), "cc")))
		if err != nil {
			fail("cilindradas", fmt.Sprintf("cilindradas inválida: %q (use, por exemplo, 160)", truncate(s)))
		}
		v.Cilindradas = n
	}
	v.NormalizeIn(nicho)
	for _, p := range v.ProblemsIn(nicho, now) {
		if !bad[p.Field] {
			errs = append(errs, p)
		}
	}
	return v, errs
}

func truncate(s string) string {
	if r := []rune(s); len(r) > 30 {
		return string(r[:30]) + "…"
	}
	return s
}

// Encode writes vs as the CSV Decode reads back unchanged: ';' separated,
// UTF-8 with a BOM and CRLF line ends (so Excel in Portuguese opens it
// right), prices as "115900,00", fotos joined by '|'.
func Encode(w io.Writer, vs []*app.Vehicle) error { return EncodeIn(w, vs, app.NichoVeiculos) }

// EncodeIn is Encode for an empresa of nicho: a motos inventory gets a
// last column, cilindradas.
func EncodeIn(w io.Writer, vs []*app.Vehicle, nicho string) error {
	header := Header
	if nicho == app.NichoMotos {
		header = append(append([]string{}, Header...), "cilindradas")
	}
	if _, err := w.Write(bom); err != nil {
		return err
	}
	cw := csv.NewWriter(w)
	cw.Comma = ';'
	cw.UseCRLF = true
	if err := cw.Write(header); err != nil {
		return err
	}
	rec := make([]string, len(header))
	for _, v := range vs {
		rec[0], rec[1], rec[2], rec[3] = v.Codigo, v.Marca, v.Modelo, v.Versao
		rec[4], rec[5] = strconv.Itoa(v.AnoFabricacao), strconv.Itoa(v.AnoModelo)
		rec[6], rec[7] = v.Preco.BR(), strconv.Itoa(v.Km)
		rec[8], rec[9], rec[10], rec[11] = v.Combustivel, v.Cambio, v.Categoria, v.Cor
		rec[12], rec[13], rec[14] = strings.Join(v.Fotos, "|"), v.Status, v.Descricao
		if len(rec) > len(Header) {
			rec[len(Header)] = strconv.Itoa(v.Cilindradas)
		}
		if err := cw.Write(rec); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}
