package sqlite_test

import (
	"bytes"
	"context"
	"fmt"
	"testing"

	"vendeai/app"
	"vendeai/app/vehiclecsv"
)

var benchModels = []struct{ marca, modelo, categoria string }{
	{"Honda", "HR-V", "suv"}, {"Honda", "Civic", "sedan"}, {"Honda", "City", "sedan"},
	{"Chevrolet", "Onix", "hatch"}, {"Chevrolet", "Tracker", "suv"}, {"Chevrolet", "S10", "picape"},
	{"Fiat", "Strada", "picape"}, {"Fiat", "Argo", "hatch"}, {"Fiat", "Pulse", "suv"},
	{"Volkswagen", "T-Cross", "suv"}, {"Volkswagen", "Polo", "hatch"}, {"Volkswagen", "Virtus", "sedan"},
	{"Toyota", "Corolla", "sedan"}, {"Toyota", "Hilux", "picape"}, {"Hyundai", "HB20", "hatch"},
	{"Hyundai", "Creta", "suv"}, {"Jeep", "Compass", "suv"}, {"Renault", "Kwid", "hatch"},
}

// benchVehicles makes n varied vehicles, the same for the same n.
func benchVehicles(n int) []*app.Vehicle {
	cambios := []string{"manual", "automatico", "cvt", "automatizado"}
	combs := []string{"flex", "flex", "flex", "gasolina", "diesel", "eletrico", "hibrido"}
	cores := []string{"Prata", "Branco", "Preto", "Cinza", "Vermelho", "Azul"}
	statuses := []string{"disponivel", "disponivel", "disponivel", "disponivel", "reservado", "vendido"}
	vs := make([]*app.Vehicle, n)
	for i := range vs {
		m := benchModels[i%len(benchModels)]
		ano := 2008 + (i*7)%18
		vs[i] = &app.Vehicle{Codigo: fmt.Sprintf("E%06d", i), Marca: m.marca, Modelo: m.modelo,
			Versao: fmt.Sprintf("Versão %d", i%5), Cor: cores[i%len(cores)], AnoFabricacao: ano, AnoModelo: ano + i%2,
			Preco: app.Centavos(3_000_000 + (i*7919)%20_000_000), Km: (i * 104729) % 200_000,
			Combustivel: combs[i%len(combs)], Cambio: cambios[i%len(cambios)], Categoria: m.categoria,
			Fotos:  []string{fmt.Sprintf("https://fotos.example/%d/1.jpg", i), fmt.Sprintf("https://fotos.example/%d/2.jpg", i)},
			Status: statuses[i%len(statuses)], Descricao: "Revisado, único dono, IPVA pago. Aceita troca e financiamento."}
	}
	return vs
}

// BenchmarkFindVehicles runs the searches the CRM and the assistant make,
// in turn, against one empresa of each size.
func BenchmarkFindVehicles(b *testing.B) {
	km := 60000
	filters := []app.VehicleFilter{
		{},                                   // the CRM's first page
		{Q: "honda civic", Ordem: "preco"},   // free text
		{Marca: "chevrolet", Modelo: "onix"}, // the assistant's usual question
		{Categoria: "suv", Cambios: []string{"automatico", "cvt", "automatizado"}, PrecoMax: 12_000_000, Ordem: "-ano"},
		{AnoMin: 2018, AnoMax: 2022, KmMax: &km, Ordem: "km"},
		{Q: "unico dono", Combustivel: "flex", Status: "todos", Ordem: "-preco", Offset: 100},
	}
	for _, n := range []int{200, 5000, 50000} {
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			ctx := context.Background()
			db := openTestDB(b)
			if _, err := db.ImportVehicles(ctx, benchVehicles(n), false); err != nil {
				b.Fatal(err)
			}
			b.ReportAllocs()
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				for _, f := range filters {
					if _, _, err := db.FindVehicles(ctx, f); err != nil {
						b.Fatal(err)
					}
				}
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*len(filters))/1e3, "µs/search")
		})
	}
}

// BenchmarkImport50000 is what POST .../importar does with a 50,000-row
// file: decode the CSV, then import it into an empty inventory.
func BenchmarkImport50000(b *testing.B) {
	var csv bytes.Buffer
	if err := vehiclecsv.Encode(&csv, benchVehicles(50000)); err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(csv.Len()))
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		db := openTestDB(b)
		b.StartTimer()
		vs, err := vehiclecsv.Decode(bytes.NewReader(csv.Bytes()))
		if err != nil {
			b.Fatal(err)
		}
		res, err := db.ImportVehicles(context.Background(), vs, false)
		if err != nil || res.Inserted != 50000 {
			b.Fatal(res, err)
		}
	}
}
