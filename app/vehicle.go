package app

import (
	"context"
	"time"
)

// Vehicle is one car of an empresa's inventory (estoque). Its validation
// rules live with it (see Validate); its canonical enumerated values are the
// Combustiveis, Cambios, Categorias and VehicleStatuses lists.
type Vehicle struct {
	ID            int64     `json:"id"`
	Codigo        string    `json:"codigo"`
	Marca         string    `json:"marca"`
	Modelo        string    `json:"modelo"`
	Versao        string    `json:"versao"`
	Cor           string    `json:"cor"`
	Descricao     string    `json:"descricao"`
	AnoFabricacao int       `json:"anoFabricacao"`
	AnoModelo     int       `json:"anoModelo"`
	Preco         Centavos  `json:"preco"`
	Km            int       `json:"km"`
	Combustivel   string    `json:"combustivel"`
	Cambio        string    `json:"cambio"`
	Categoria     string    `json:"categoria"`
	Cilindradas   int       `json:"cilindradas,omitempty"` // motos: engine size in cc; 0 when not given
	Fotos         []string  `json:"fotos"`
	Status        string    `json:"status"`
	CriadoEm      time.Time `json:"criadoEm"`
	AtualizadoEm  time.Time `json:"atualizadoEm"`
}

// Vehicle statuses.
const (
	VehicleDisponivel = "disponivel"
	VehicleReservado  = "reservado"
	VehicleVendido    = "vendido"
)

// Centavos is an amount of money kept exactly as integer cents; on the wire
// it is a number of reais (115900.5), as the CRM expects.
type Centavos int64

// VehicleFilter selects vehicles of one empresa. Zero values mean "any".
type VehicleFilter struct {
	Q           string // free text over marca, modelo, versao, cor, descricao
	Marca       string
	Modelo      string
	Categoria   string
	Cambios     []string // any of these (the assistant's "automático" is three)
	Combustivel string
	Cor         string
	AnoMin      int // on anoModelo
	AnoMax      int
	PrecoMin    Centavos
	PrecoMax    Centavos
	KmMax       *int
	Status      string // "" = disponivel; "todos" = all
	Ordem       string // preco, -preco, ano, -ano, km, recentes
	Limit       int    // 0 = default 50; at most MaxVehicleLimit
	Offset      int
	IDs         []int64 // only these ids, when set

	// Modelos: any of these modelos (the assistant's "cg" is every CG in
	// stock); Modelo, when set too, must also match.
	Modelos []string
	// CilindradasMin/Max bound a moto's engine size (cc); 0 means any.
	CilindradasMin int
	CilindradasMax int
}

// Limits of a vehicle listing.
const (
	DefaultVehicleLimit = 50
	MaxVehicleLimit     = 200
	VehicleStatusTodos  = "todos"
)

// ImportResult counts what an inventory import changed.
type ImportResult struct {
	Inserted int `json:"inseridos"`
	Updated  int `json:"atualizados"`
	Removed  int `json:"removidos"`
}

// Vocabulary is what an empresa has in stock, for the assistant to recognise
// marcas and modelos in a customer's words.
type Vocabulary struct {
	Marcas  []string
	Modelos []ModelName // each with its marca
	// Version identifies this vocabulary in the whole process: a store
	// gives the same non-zero Version until its inventory changes, so the
	// assistant builds its index of the words once per change. 0: never
	// the same twice (build every time).
	Version uint64
}

// ModelName is a modelo as the inventory spells it, with its marca.
type ModelName struct {
	Marca  string
	Modelo string
}

// VehicleSearcher is what the sales assistant needs of an inventory.
type VehicleSearcher interface {
	FindVehicles(ctx context.Context, f VehicleFilter) ([]*Vehicle, int, error)
	FindVehicleByID(ctx context.Context, id int64) (*Vehicle, error)
	Vocabulary(ctx context.Context) (Vocabulary, error)
}

// VehicleStore is one empresa's inventory. Each method is one transaction.
type VehicleStore interface {
	VehicleSearcher
	CreateVehicle(ctx context.Context, v *Vehicle) error
	// UpdateVehicle replaces the whole vehicle v.ID.
	UpdateVehicle(ctx context.Context, v *Vehicle) error
	DeleteVehicle(ctx context.Context, id int64) error
	// AllVehicles returns the whole inventory, every status, in id order:
	// what an export writes, read in one transaction so it is one snapshot.
	AllVehicles(ctx context.Context) ([]*Vehicle, error)
	// ImportVehicles upserts by codigo (replace: the whole inventory becomes
	// vs), all in one transaction.
	ImportVehicles(ctx context.Context, vs []*Vehicle, replace bool) (ImportResult, error)
}
