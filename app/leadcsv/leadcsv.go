// Package leadcsv writes an empresa's leads as the CSV a dealer opens in
// Excel to see which ads and links bring buyers: ';' separated, UTF-8 with
// a BOM, CRLF line ends, times in Brasília's (UTC-3), and every cell that a
// spreadsheet would run as a formula quoted (app.SpreadsheetSafe).
package leadcsv

import (
	"encoding/csv"
	"io"
	"strconv"
	"strings"
	"time"

	"vendeai/app"
)

// Header names the columns, in order.
var Header = []string{"telefone", "whatsapp", "nome", "status", "origem", "anuncio_titulo", "anuncio_url", "anuncio_id",
	"link_texto", "primeiro_contato", "ultimo_contato", "ultima_mensagem_cliente", "mensagens", "interesse", "visita", "bot_ativo"}

var bom = []byte{0xEF, 0xBB, 0xBF}

// brasilia is the time dealers read: Brazil's official time has had no
// summer time since 2019.
var brasilia = time.FixedZone("BRT", -3*60*60)

const timeLayout = "02/01/2006 15:04"

// Encode writes leads, one row each, after the header.
func Encode(w io.Writer, leads []*app.Lead) error {
	if _, err := w.Write(bom); err != nil {
		return err
	}
	cw := csv.NewWriter(w)
	cw.Comma = ';'
	cw.UseCRLF = true
	if err := cw.Write(Header); err != nil {
		return err
	}
	for _, l := range leads {
		if err := cw.Write(row(l)); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

func row(l *app.Lead) []string {
	o := l.Origem
	if o == nil {
		o = &app.Origem{Tipo: app.OrigemDireto}
	}
	whatsapp, _, _ := strings.Cut(l.JID, "@")
	interesse := make([]string, len(l.Interesse))
	for i, id := range l.Interesse {
		interesse[i] = strconv.FormatInt(id, 10)
	}
	rec := []string{l.Phone, whatsapp, l.Nome, l.Status, o.Tipo, o.Titulo, o.URL, o.AnuncioID,
		o.Texto, when(&l.PrimeiroContato), when(&l.UltimoContato), when(l.UltimaMensagemCliente), strconv.Itoa(l.Mensagens),
		strings.Join(interesse, "|"), visita(l.Visita), strconv.FormatBool(l.BotAtivo)}
	for i := range rec {
		rec[i] = app.SpreadsheetSafe(rec[i])
	}
	return rec
}

func when(t *time.Time) string {
	if t == nil || t.IsZero() {
		return ""
	}
	return t.In(brasilia).Format(timeLayout)
}

func visita(v *app.Visita) string {
	if v == nil {
		return ""
	}
	parts := []string{v.Dia}
	if v.Data != "" {
		parts = append(parts, v.Data)
	}
	parts = append(parts, v.Periodo)
	if v.Veiculo != "" {
		parts = append(parts, "("+v.Veiculo+")")
	}
	return strings.Join(strings.Fields(strings.Join(parts, " ")), " ")
}
