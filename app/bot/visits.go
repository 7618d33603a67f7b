package bot

import (
	"strings"
	"time"

	"vendeai/app"
)

// visit collects a visit's day and period; inStage is set when the
// message answers the assistant's question.
func (c *conv) visit(in Intent, inStage bool) error {
	req := app.Visita{}
	if inStage && c.st.Visit != nil {
		req = *c.st.Visit
	}
	if in.Dia != "" {
		req.Dia, req.Data = in.Dia, resolveDay(in.when, c.in.Now)
	}
	if in.Periodo != "" {
		req.Periodo = in.Periodo
	}
	if req.VeiculoID == 0 && c.st.LastVehicle != 0 {
		if v, err := c.available(c.st.LastVehicle); err != nil {
			return err
		} else if v != nil {
			req.VeiculoID, req.Veiculo = v.ID, vehicleTitle(v)
		}
	}
	switch {
	case req.Dia == "":
		c.st.Visit = &req
		c.st.Stage = StageVisitDay
		if inStage {
			c.say("Não consegui entender o dia. 🙂 Me diz assim: _amanhã de manhã_, _sábado à tarde_ ou _dia 20 às 10h_.")
		} else {
			c.say("Ótimo! Vamos agendar" + aboutVehicle(req) + ". Qual dia e período ficam melhor pra você? (ex.: _sábado de manhã_)")
		}
	case req.Periodo == "":
		c.st.Visit = &req
		c.st.Stage = StageVisitPeriod
		c.say("Perfeito, " + req.Dia + ". Prefere de *manhã* ou à *tarde*?")
	default:
		c.st.Visit = &req
		c.st.Stage = StageNone
		v := req
		c.out.Actions.Visit = &v
		if req.VeiculoID != 0 {
			c.out.Actions.Interest = append(c.out.Actions.Interest, req.VeiculoID)
		}
		when := req.Dia
		if req.Data != "" && !strings.Contains(req.Dia, "/") {
			if t, err := time.Parse("2006-01-02", req.Data); err == nil {
				when += " (" + t.Format("02/01") + ")"
			}
		}
		c.say("Combinado! ✅ Anotei sua visita" + aboutVehicle(req) + " para *" + when + "*, período da *" + req.Periodo +
			"*. Um vendedor vai confirmar o horário com você por aqui. Até lá! 🚗")
	}
	return nil
}

func aboutVehicle(r app.Visita) string {
	if r.Veiculo == "" {
		return ""
	}
	return " pra ver o *" + r.Veiculo + "*"
}

// resolveDay turns what the customer said into a date, "" when it cannot.
func resolveDay(d dayRef, now time.Time) string {
	today := time.Date(now.Year(), now.Month(), now.Day(), 0, 0, 0, 0, now.Location())
	switch {
	case d.offset >= 0:
		return today.AddDate(0, 0, d.offset).Format("2006-01-02")
	case d.isWD:
		ahead := (int(d.weekday) - int(today.Weekday()) + 7) % 7
		if ahead == 0 {
			ahead = 7
		}
		return today.AddDate(0, 0, ahead).Format("2006-01-02")
	case d.day > 0:
		month, year := d.month, today.Year()
		if month == 0 {
			month = int(today.Month())
			if d.day < today.Day() {
				month++
			}
		}
		t := time.Date(year, time.Month(month), d.day, 0, 0, 0, 0, now.Location())
		if t.Before(today) {
			t = t.AddDate(1, 0, 0)
		}
		return t.Format("2006-01-02")
	}
	return ""
}

// dayRef is a visit day as said: a relative day, a weekday or a date.
type dayRef struct {
	offset  int          // days from today, -1 when not relative
	weekday time.Weekday // when isWD
	isWD    bool
	day     int // day of month, 0 when none
	month   int // 0 when not said
}
