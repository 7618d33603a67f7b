package bot_test

import (
	"context"
	"slices"
	"strings"
	"testing"
	"time"

	"vendeai/app"
	"vendeai/app/bot"
)

var testEmpresa = &app.Empresa{ID: 1, Nome: "Auto Center Rio", BotAtivo: true, PausaHumanoHoras: 12}

var testNow = time.Date(2026, 3, 11, 10, 0, 0, 0, time.UTC) // a Wednesday

type row struct {
	msg  string
	kind bot.IntentKind
	ids  []int64 // the vehicles listed, in order; nil: none expected
}

// searches are customer messages that list vehicles, with the ones expected.
var searches = []row{
	{"tem civic?", bot.IntentSearch, []int64{2, 1}},
	{"Tem CIVIC", bot.IntentSearch, []int64{2, 1}},
	{"civics", bot.IntentSearch, []int64{2, 1}},
	{"cívic automático", bot.IntentSearch, []int64{2, 1}},
	{"tem civicc?", bot.IntentSearch, []int64{2, 1}},
	{"hrv", bot.IntentSearch, []int64{3}},
	{"hr-v", bot.IntentSearch, []int64{3}},
	{"HR V 2019", bot.IntentSearch, []int64{3}},
	{"t cross", bot.IntentSearch, []int64{5}},
	{"tcross", bot.IntentSearch, []int64{5}},
	{"T-Cross automático", bot.IntentSearch, []int64{5}},
	{"tem amarok?", bot.IntentSearch, []int64{6}},
	{"amaroc", bot.IntentSearch, []int64{6}},
	{"vw", bot.IntentSearch, []int64{8, 6, 5}},
	{"volks até 50 mil", bot.IntentSearch, []int64{8}},
	{"tem algum chevrolet?", bot.IntentSearch, []int64{11, 10, 9}},
	{"chevy automático", bot.IntentSearch, []int64{11, 9}},
	{"gm diesel", bot.IntentSearch, []int64{11}},
	{"onix 2019", bot.IntentSearch, []int64{10}},
	{"onix 2021", bot.IntentSearch, []int64{9}},
	{"hilux", bot.IntentSearch, []int64{13}},
	{"hillux", bot.IntentSearch, []int64{13}},
	{"compas", bot.IntentSearch, []int64{14}},
	{"renegade automatico", bot.IntentSearch, []int64{15}},
	{"suv", bot.IntentSearch, []int64{15, 14, 5, 3}},
	{"SUVs automáticos", bot.IntentSearch, []int64{15, 14, 5, 3}},
	{"sedã", bot.IntentSearch, []int64{2, 1}},
	{"sedan até 120 mil", bot.IntentSearch, []int64{1}},
	{"hatch manual", bot.IntentSearch, []int64{18, 17, 10, 8}},
	{"picape diesel", bot.IntentSearch, []int64{13, 11, 6}},
	{"caminhonete", bot.IntentSearch, []int64{13, 11, 6}},
	{"pickup 4x4", bot.IntentSearch, []int64{13, 11, 6}},
	{"carro elétrico", bot.IntentSearch, []int64{19}},
	{"eletrico", bot.IntentSearch, []int64{19}},
	{"tem diesel?", bot.IntentSearch, []int64{13, 11, 6}},
	{"flex automático até 100 mil", bot.IntentSearch, []int64{21, 15, 9, 3}},
	{"até 80 mil", bot.IntentSearch, []int64{18, 17, 10, 9, 8}},
	{"80k", bot.IntentSearch, []int64{18, 17, 10, 9, 8}},
	{"R$ 50.000", bot.IntentSearch, []int64{17, 8}},
	{"entre 50 e 70 mil", bot.IntentSearch, []int64{18, 10}},
	{"de 90 a 120 mil", bot.IntentSearch, []int64{3, 1}},
	{"menos de 60 mil", bot.IntentSearch, []int64{17, 10, 8}},
	{"acima de 200 mil", bot.IntentSearch, []int64{13, 6}},
	{"mais de 200 mil", bot.IntentSearch, []int64{13, 6}},
	{"carro barato", bot.IntentSearch, []int64{8, 17, 10, 18, 9}},
	{"o mais em conta", bot.IntentSearch, []int64{8, 17, 10, 18, 9}},
	{"2020", bot.IntentSearch, []int64{18, 17, 11, 6}},
	{"2018 a 2020", bot.IntentSearch, []int64{18, 17, 15, 11, 10}},
	{"2022 pra cima", bot.IntentSearch, []int64{21, 19, 14, 5, 2}},
	{"a partir de 2023", bot.IntentSearch, []int64{21, 19}},
	{"suv 2021 para cima", bot.IntentSearch, []int64{14, 5}},
	{"até 30 mil km", bot.IntentSearch, []int64{21, 19, 14, 5, 2}},
	{"menos de 40 mil km", bot.IntentSearch, []int64{21, 19, 17, 14, 9}},
	{"branco", bot.IntentSearch, []int64{17, 8, 3}},
	{"carro preto", bot.IntentSearch, []int64{14, 6, 2}},
	{"suv vermelho", bot.IntentSearch, []int64{15}},
	{"prata automático", bot.IntentSearch, []int64{13, 11, 1}},
	{"hb20", bot.IntentSearch, []int64{18}},
	{"hb 20", bot.IntentSearch, []int64{18}},
	{"peugeot 208", bot.IntentSearch, []int64{21}},
	{"tem corolla?", bot.IntentSearch, []int64{1, 2}},          // sold: sedans near its price
	{"tem kicks?", bot.IntentSearch, []int64{15, 3, 5, 14}},    // reserved: SUVs near its price
	{"tem fit?", bot.IntentSearch, []int64{17, 10, 18, 9, 21}}, // sold: hatches near its price
	{"tem ranger?", bot.IntentSearch, []int64{11, 6, 13}},      // not stocked: pickups near its price
	{"civic até 100 mil", bot.IntentSearch, []int64{1, 2}},     // over budget, cheapest first
	{"hilux 2015", bot.IntentSearch, []int64{13}},              // another year
	{"bmw", bot.IntentSearch, []int64{6, 13}},                  // not stocked: its price band
	{"bom dia, tem hilux?", bot.IntentSearch, []int64{13}},     // greeting + search
	{"Oi, vocês têm SUV automático até 100 mil?", bot.IntentSearch, []int64{15, 3}},
	{"quero um carro automatico ate 90 mil", bot.IntentSearch, []int64{21, 15, 9}},
	{"e ai, tem jeep?", bot.IntentSearch, []int64{15, 14}},
	{"tem toyota?", bot.IntentSearch, []int64{13}},
	{"hyundai", bot.IntentSearch, []int64{18}},
	{"hiunday", bot.IntentSearch, []int64{18}},
	{"fiat", bot.IntentSearch, []int64{17}},
	{"quais carros vocês tem?", bot.IntentSearch, []int64{21, 19, 18, 17, 15}},
	{"picape automatica ate 200 mil", bot.IntentSearch, []int64{11}},
	{"civic 2022", bot.IntentSearch, []int64{2}},
	{"amarok diesel automática", bot.IntentSearch, []int64{6}},
	{"onix automatico vermelho", bot.IntentSearch, []int64{9}},
	{"carro até 50 mil", bot.IntentSearch, []int64{17, 8}},
	{"tem um hrv branco?", bot.IntentSearch, []int64{3}},
	{"Honda automático", bot.IntentSearch, []int64{3, 2, 1}},
	{"tem algum byd?", bot.IntentSearch, []int64{19}},
	{"procuro um sedan ate uns 130 mil", bot.IntentSearch, []int64{1}},
	{"queria um suv ate 100k", bot.IntentSearch, []int64{15, 3}},
	{"carros 2019 ou mais até 60 mil", bot.IntentSearch, []int64{17, 10, 8}},
	{"hatch automatico", bot.IntentSearch, []int64{21, 19, 9}},
	{"compass 2022 preto", bot.IntentSearch, []int64{14}},
	{"s10", bot.IntentSearch, []int64{11}},
	{"tem toro?", bot.IntentSearch, []int64{11}}, // reserved: pickups near its price
}

func TestSearchMessages(t *testing.T) {
	a := &bot.Assistant{}
	inv := fixture()
	for _, r := range searches {
		out, err := a.Reply(context.Background(), bot.Input{Empresa: testEmpresa, Text: r.msg, Now: testNow, Inventory: inv})
		if err != nil {
			t.Fatalf("%q: %v", r.msg, err)
		}
		if out.Intent != r.kind {
			t.Errorf("%q: intent %q, want %q", r.msg, out.Intent, r.kind)
		}
		if !slices.Equal(out.State.LastList, r.ids) {
			t.Errorf("%q: listed %v, want %v\n%s", r.msg, out.State.LastList, r.ids, strings.Join(out.Replies, "\n---\n"))
		}
		assertNothingUnavailable(t, r.msg, inv, out)
	}
}

// assertNothingUnavailable checks that no sold or reserved vehicle is
// listed, detailed or even named by its full title.
func assertNothingUnavailable(t *testing.T, msg string, inv *memInventory, out bot.Output) {
	t.Helper()
	for _, id := range append(append([]int64{}, out.State.LastList...), out.Actions.Interest...) {
		if unavailable[id] {
			t.Errorf("%q: offered unavailable vehicle %d", msg, id)
		}
	}
	text := strings.Join(out.Replies, "\n")
	for _, v := range inv.vs {
		if unavailable[v.ID] && strings.Contains(text, bot.VehicleLine(v)) {
			t.Errorf("%q: reply shows unavailable vehicle %d: %s", msg, v.ID, text)
		}
		if unavailable[v.ID] && strings.Contains(text, v.Modelo+" "+v.Versao) {
			t.Errorf("%q: reply names unavailable vehicle %d: %s", msg, v.ID, text)
		}
	}
}

// intents are messages that do not list vehicles: what they ask, and what
// Parse must read from them.
var intents = []struct {
	msg   string
	kind  bot.IntentKind
	check func(bot.Intent) bool
}{
	{"oi", bot.IntentGreeting, nil},
	{"Olá!", bot.IntentGreeting, nil},
	{"bom dia", bot.IntentGreeting, nil},
	{"Boa tarde!!", bot.IntentGreeting, nil},
	{"oiii", bot.IntentGreeting, nil},
	{"opa, tudo bem?", bot.IntentGreeting, nil},
	{"eae", bot.IntentGreeting, nil},
	{"boa noite, td bem?", bot.IntentGreeting, nil},
	{"2", bot.IntentDetails, func(i bot.Intent) bool { return i.Selection == 2 }},
	{"o 2", bot.IntentDetails, func(i bot.Intent) bool { return i.Selection == 2 }},
	{"quero ver o 3", bot.IntentDetails, func(i bot.Intent) bool { return i.Selection == 3 }},
	{"número 4", bot.IntentDetails, func(i bot.Intent) bool { return i.Selection == 4 }},
	{"o primeiro", bot.IntentDetails, func(i bot.Intent) bool { return i.Selection == 1 }},
	{"#5", bot.IntentDetails, func(i bot.Intent) bool { return i.Selection == 5 }},
	{"quero ver o civic", bot.IntentDetails, func(i bot.Intent) bool { return i.Filter.Modelo == "Civic" }},
	{"me mostra as fotos do hrv", bot.IntentPhotos, func(i bot.Intent) bool { return i.Filter.Modelo == "HR-V" }},
	{"quanto custa o amarok?", bot.IntentPrice, func(i bot.Intent) bool { return i.Filter.Modelo == "Amarok" && i.Filter.Marca == "Volkswagen" }},
	{"qual o preço do civic", bot.IntentPrice, func(i bot.Intent) bool { return i.Filter.Modelo == "Civic" }},
	{"qnto custa a hilux", bot.IntentPrice, func(i bot.Intent) bool { return i.Filter.Modelo == "Hilux" }},
	{"quanto tá o compass?", bot.IntentPrice, func(i bot.Intent) bool { return i.Filter.Modelo == "Compass" }},
	{"valor do t-cross", bot.IntentPrice, func(i bot.Intent) bool { return i.Filter.Modelo == "T-Cross" }},
	{"quanto custa o 2?", bot.IntentPrice, func(i bot.Intent) bool { return i.Selection == 2 }},
	{"financiamento", bot.IntentFinancing, nil},
	{"vcs financiam?", bot.IntentFinancing, nil},
	{"qual a entrada?", bot.IntentFinancing, nil},
	{"parcela de quanto?", bot.IntentFinancing, nil},
	{"aceita parcelar?", bot.IntentFinancing, nil},
	{"da pra financiar o civic?", bot.IntentFinancing, func(i bot.Intent) bool { return i.Filter.Modelo == "Civic" }},
	{"quero agendar uma visita", bot.IntentVisit, nil},
	{"da pra fazer test drive?", bot.IntentVisit, nil},
	{"posso passar aí amanhã de manhã?", bot.IntentVisit, func(i bot.Intent) bool { return i.Dia == "amanhã" && i.Periodo == "manhã" }},
	{"quero marcar sábado às 10h", bot.IntentVisit, func(i bot.Intent) bool { return i.Dia == "sábado" && i.Periodo == "manhã" }},
	{"quero falar com um vendedor", bot.IntentHuman, nil},
	{"atendente", bot.IntentHuman, nil},
	{"falar com alguém", bot.IntentHuman, nil},
	{"vc é robô? quero um humano", bot.IntentHuman, nil},
	{"me liga", bot.IntentHuman, nil},
	{"parar", bot.IntentOptOut, nil},
	{"sair", bot.IntentOptOut, nil},
	{"não quero mais mensagens", bot.IntentOptOut, nil},
	{"PARE DE MANDAR MENSAGEM", bot.IntentOptOut, nil},
	{"stop", bot.IntentOptOut, nil},
	{"voltar", bot.IntentOptIn, nil},
	{"obrigado", bot.IntentThanks, nil},
	{"valeu!", bot.IntentThanks, nil},
	{"vlw", bot.IntentThanks, nil},
	{"brigadão", bot.IntentThanks, nil},
	{"tchau", bot.IntentGoodbye, nil},
	{"até mais", bot.IntentGoodbye, nil},
	{"flw", bot.IntentGoodbye, nil},
	{"sim", bot.IntentYes, nil},
	{"asdfgh", bot.IntentFallback, nil},
	{"qual o endereço de vocês?", bot.IntentStoreInfo, nil},
	{"???", bot.IntentFallback, nil},
	// Filters read exactly as the inventory will be asked.
	{"por volta de 80 mil", bot.IntentSearch, func(i bot.Intent) bool { return i.Filter.PrecoMax == 8000000 }},
	{"automático", bot.IntentSearch, func(i bot.Intent) bool {
		return slices.Equal(i.Filter.Cambios, []string{"automatico", "cvt", "automatizado"})
	}},
	{"R$ 115.900,50", bot.IntentSearch, func(i bot.Intent) bool { return i.Filter.PrecoMax == 11590050 }},
	{"até 50 mil km", bot.IntentSearch, func(i bot.Intent) bool {
		return i.Filter.KmMax != nil && *i.Filter.KmMax == 50000 && i.Filter.PrecoMax == 0
	}},
	{"2018 até 2020", bot.IntentSearch, func(i bot.Intent) bool { return i.Filter.AnoMin == 2018 && i.Filter.AnoMax == 2020 }},
	{"até 2015", bot.IntentSearch, func(i bot.Intent) bool { return i.Filter.AnoMax == 2015 && i.Filter.AnoMin == 0 }},
	{"mais barato", bot.IntentSearch, func(i bot.Intent) bool { return i.Filter.Ordem == "preco" && i.Filter.Status == "" }},
	{"manual", bot.IntentSearch, func(i bot.Intent) bool { return slices.Equal(i.Filter.Cambios, []string{"manual"}) }},
	{"e automático?", bot.IntentSearch, func(i bot.Intent) bool { return i.Refine }},
	{"volkswagem", bot.IntentSearch, func(i bot.Intent) bool { return i.Filter.Marca == "Volkswagen" }},
	{"tem corolla cross?", bot.IntentSearch, func(i bot.Intent) bool { return i.Unknown == "Corolla Cross" || i.Filter.Modelo == "Corolla" }},
}

func TestParseIntents(t *testing.T) {
	voc, _ := fixture().Vocabulary(context.Background())
	for _, c := range intents {
		in := bot.Parse(c.msg, voc)
		if in.Kind != c.kind {
			t.Errorf("%q: intent %q, want %q (%+v)", c.msg, in.Kind, c.kind, in)
			continue
		}
		if c.check != nil && !c.check(in) {
			t.Errorf("%q: unexpected details %+v", c.msg, in)
		}
	}
	if n := len(searches) + len(intents); n < 80 {
		t.Fatalf("only %d messages in the table", n)
	}
}
