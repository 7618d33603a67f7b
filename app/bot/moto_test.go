package bot_test

import (
	"testing"

	"vendeai/app"
	"vendeai/app/bot"
)

var motoEmpresa = &app.Empresa{ID: 3, Nome: "Moto Point", BotAtivo: true, Nicho: app.NichoMotos, PausaHumanoHoras: 12}

func moto(id int64, marca, modelo, versao string, ano int, reais int64, km int, cambio, cat, cor string, cc int, status string) *app.Vehicle {
	v := car(id, marca, modelo, versao, ano, ano, reais, km, "flex", cambio, cat, cor, status)
	v.Cilindradas = cc
	v.Fotos = []string{}
	return v
}

// motoFixture is a motos empresa's inventory; ids start at 1 as the
// SQLite store numbers them.
func motoFixture() *memInventory {
	return &memInventory{vs: []*app.Vehicle{
		moto(1, "Honda", "CG 160", "Fan", 2022, 16900, 12000, "manual", "street", "Vermelha", 160, disp),
		moto(2, "Honda", "CG 160", "Titan", 2023, 19500, 5000, "manual", "street", "Preta", 160, disp),
		moto(3, "Honda", "Biz", "125 ES", 2021, 13900, 15000, "manual", "street", "Branca", 125, disp),
		moto(4, "Honda", "PCX", "160 DLX", 2022, 18900, 9000, "automatico", "scooter", "Cinza", 160, disp),
		moto(5, "Yamaha", "NMax", "160 ABS", 2021, 17500, 14000, "automatico", "scooter", "Azul", 155, disp),
		moto(6, "Honda", "XRE 300", "Rally", 2022, 28900, 8000, "manual", "trail", "Vermelha", 300, disp),
		moto(7, "Yamaha", "Lander", "250", 2020, 19900, 22000, "manual", "trail", "Azul", 250, disp),
		moto(8, "Yamaha", "MT-03", "ABS", 2021, 31900, 11000, "manual", "naked", "Preta", 321, disp),
		moto(9, "Kawasaki", "Ninja 400", "KRT", 2022, 36900, 7000, "manual", "esportiva", "Verde", 400, disp),
		moto(10, "Harley-Davidson", "Iron 883", "Sportster", 2019, 55900, 18000, "manual", "custom", "Preta", 883, disp),
		moto(11, "Honda", "Elite", "125", 2023, 12900, 3000, "automatico", "scooter", "Branca", 125, disp),
		moto(12, "Honda", "CB 500X", "ABS", 2022, 42900, 10000, "manual", "trail", "Branca", 500, res),
	}}
}

var motoRows = []customerRow{
	{msg: "moto 160", kind: bot.IntentSearch, must: vids(1, 2, 4, 5), not: vids(3, 6, 7)},
	{msg: "tem cg?", kind: bot.IntentSearch, must: vids(1, 2), not: vids(3, 4)},
	{msg: "cg 160 titan", kind: bot.IntentSearch, must: vids(2)},
	{msg: "biz", kind: bot.IntentSearch, must: vids(3), not: vids(1, 2, 11)},
	{msg: "scooter até 15 mil", kind: bot.IntentSearch, must: vids(11), not: vids(4, 5, 3)},
	{msg: "tem scooter?", kind: bot.IntentSearch, must: vids(4, 5, 11), not: vids(1, 2, 3)},
	{msg: "trail 300", kind: bot.IntentSearch, must: vids(6), not: vids(7, 8)},
	{msg: "tem trail?", kind: bot.IntentSearch, must: vids(6, 7), not: vids(1)},
	{msg: "naked", kind: bot.IntentSearch, must: vids(8), not: vids(9)},
	{msg: "esportiva", kind: bot.IntentSearch, must: vids(9), not: vids(8)},
	{msg: "tem alguma custom?", kind: bot.IntentSearch, must: vids(10)},
	{msg: "tem ninja?", kind: bot.IntentSearch, must: vids(9)},
	{msg: "xre", kind: bot.IntentSearch, must: vids(6)},
	{msg: "moto ate 14 mil", kind: bot.IntentSearch, must: vids(3, 11), not: vids(1, 4)},
	{msg: "moto 300 cilindradas", kind: bot.IntentSearch, must: vids(6, 8), not: vids(7, 9)},
	{msg: "acima de 400cc", kind: bot.IntentSearch, must: vids(9, 10), not: vids(8, 6)},
	{msg: "tem hornet?", kind: bot.IntentSearch, says: []string{"não temos", "Hornet"}, must: vids(8), not: vids(1, 2)},
	{msg: "tem bros?", kind: bot.IntentSearch, says: []string{"não temos", "Bros"}, must: vids(7), not: vids(10)},
	{msg: "oi", kind: bot.IntentGreeting, says: []string{"sua próxima moto", "11 veículos"}},
	{msg: "tem yamaha automatica?", kind: bot.IntentSearch, must: vids(5), not: vids(4, 7, 8)},
	{msg: "cg vermelha", kind: bot.IntentSearch, must: vids(1), not: vids(2)},
	{before: []string{"tem scooter?"}, msg: "a mais barata", must: vids(11), not: vids(4, 5)},
	{before: []string{"tem scooter?"}, msg: "e ate 18 mil?", must: vids(5, 11), not: vids(4)},
	{msg: "tenho uma titan 2015 pra dar na troca", kind: bot.IntentTradeIn, never: []string{"R$"},
		check: func(o bot.Output) bool { return o.State.Troca != nil && o.State.Troca.Ano == 2015 }},
}

// TestMotoNiche: a motos empresa's customers, on the fake and on SQLite.
func TestMotoNiche(t *testing.T) {
	mem := motoFixture()
	db := sqliteInventory(t, mem.vs, motoEmpresa)
	a := &bot.Assistant{}
	for _, r := range motoRows {
		turns := append(append([]string{}, r.before...), r.msg)
		checkRow(t, "fake", r, mem.vs, play(t, a, motoEmpresa, mem, turns))
		checkRow(t, "sqlite", r, mem.vs, play(t, a, motoEmpresa, db, turns))
	}
}
