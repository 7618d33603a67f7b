package api

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"vendeai/app"
	"vendeai/app/vehiclecsv"
)

// vehicleStore returns the inventory of the empresa in the path.
func (s *Server) vehicleStore(c *gin.Context) (app.VehicleStore, bool) {
	if s.cfg.Vehicles == nil {
		s.fail(c, app.Errorf(app.EUNAVAILABLE, "estoque indisponível"))
		return nil, false
	}
	store, err := s.cfg.Vehicles.VehicleStore(c.Request.Context(), empresaID(c))
	if err != nil {
		s.fail(c, err)
		return nil, false
	}
	return store, true
}

// vehicleID reads :veiculoId, a positive integer.
func (s *Server) vehicleID(c *gin.Context) (int64, bool) {
	raw := c.Param("veiculoId")
	id, err := strconv.ParseInt(raw, 10, 64)
	if err != nil || id < 1 || strings.TrimLeft(raw, "0123456789") != "" {
		s.fail(c, app.Errorf(app.EINVALIDID, "id de veículo inválido: %q (use um inteiro positivo)", raw))
		return 0, false
	}
	return id, true
}

// vehicleTarget reads :veiculoId and the empresa's inventory it lives in.
func (s *Server) vehicleTarget(c *gin.Context) (app.VehicleStore, int64, bool) {
	id, valid := s.vehicleID(c)
	if !valid {
		return nil, 0, false
	}
	store, found := s.vehicleStore(c)
	return store, id, found
}

func (s *Server) listVehicles(c *gin.Context) {
	f, err := app.ParseVehicleFilter(c.Request.URL.Query())
	if err != nil {
		s.fail(c, err)
		return
	}
	store, found := s.vehicleStore(c)
	if !found {
		return
	}
	list, total, err := store.FindVehicles(c.Request.Context(), f)
	if err != nil {
		s.fail(c, err)
		return
	}
	respondOK(c, gin.H{"total": total, "veiculos": list})
}

func (s *Server) getVehicle(c *gin.Context) {
	store, id, found := s.vehicleTarget(c)
	if !found {
		return
	}
	v, err := store.FindVehicleByID(c.Request.Context(), id)
	if err != nil {
		s.fail(c, err)
		return
	}
	respondOK(c, gin.H{"veiculo": v})
}

func (s *Server) createVehicle(c *gin.Context) {
	var v app.Vehicle
	if !s.decodeJSON(c, &v) {
		return
	}
	store, found := s.vehicleStore(c)
	if !found {
		return
	}
	v.ID = 0
	if err := store.CreateVehicle(c.Request.Context(), &v); err != nil {
		s.fail(c, err)
		return
	}
	respond(c, http.StatusCreated, gin.H{"veiculo": &v})
}

// updateVehicle serves PUT (the body is the whole vehicle) and PATCH (the
// body's fields are laid over the stored vehicle).
func (s *Server) updateVehicle(c *gin.Context) {
	store, id, found := s.vehicleTarget(c)
	if !found {
		return
	}
	ctx := c.Request.Context()
	current, err := store.FindVehicleByID(ctx, id)
	if err != nil {
		s.fail(c, err)
		return
	}
	v := app.Vehicle{}
	if c.Request.Method == http.MethodPatch {
		v = *current
	}
	if !s.decodeJSON(c, &v) {
		return
	}
	// Assigned fields are not the client's to change.
	v.ID, v.CriadoEm, v.AtualizadoEm = id, current.CriadoEm, current.AtualizadoEm
	if err := store.UpdateVehicle(ctx, &v); err != nil {
		s.fail(c, err)
		return
	}
	respondOK(c, gin.H{"veiculo": &v})
}

func (s *Server) deleteVehicle(c *gin.Context) {
	store, id, found := s.vehicleTarget(c)
	if !found {
		return
	}
	if err := store.DeleteVehicle(c.Request.Context(), id); err != nil {
		s.fail(c, err)
		return
	}
	respondOK(c, gin.H{"id": id})
}

// importVehicles takes a CSV as the body (text/csv) or as the multipart
// field "arquivo"; ?modo=substituir replaces the whole inventory.
func (s *Server) importVehicles(c *gin.Context) {
	replace := false
	switch modo := c.Query("modo"); modo {
	case "", "atualizar":
	case "substituir":
		replace = true
	default:
		s.fail(c, app.Errorf(app.EINVALID, "modo deve ser atualizar ou substituir, não %q", modo))
		return
	}
	data, err := s.readCSVUpload(c)
	if err != nil {
		s.fail(c, err)
		return
	}
	vs, err := vehiclecsv.DecodeIn(bytes.NewReader(data), s.nichoOf(c))
	if err != nil {
		s.fail(c, err)
		return
	}
	store, found := s.vehicleStore(c)
	if !found {
		return
	}
	res, err := store.ImportVehicles(c.Request.Context(), vs, replace)
	if err != nil {
		s.fail(c, err)
		return
	}
	respondOK(c, gin.H{"inseridos": res.Inserted, "atualizados": res.Updated, "removidos": res.Removed})
}

// nichoOf is the niche of the empresa in the path (veiculos when it cannot
// be read: the store checks the niche again on every write).
func (s *Server) nichoOf(c *gin.Context) string {
	if e, err := s.cfg.Empresas.FindEmpresa(c.Request.Context(), empresaID(c)); err == nil {
		return app.NichoOf(e.Nicho)
	}
	return app.NichoVeiculos
}

// readCSVUpload reads the upload, at most app.MaxImportBytes of CSV.
func (s *Server) readCSVUpload(c *gin.Context) ([]byte, error) {
	tooLarge := app.Errorf(app.ETOOLARGE, "arquivo maior que %d MiB", app.MaxImportBytes>>20)
	// Room for the multipart envelope around a file at the limit.
	c.Request.Body = http.MaxBytesReader(c.Writer, c.Request.Body, app.MaxImportBytes+64<<10)
	var r io.Reader = c.Request.Body
	if strings.HasPrefix(c.ContentType(), "multipart/") {
		file, _, err := c.Request.FormFile("arquivo")
		var maxErr *http.MaxBytesError
		if errors.As(err, &maxErr) {
			return nil, tooLarge
		} else if err != nil {
			return nil, app.Errorf(app.EINVALID, "envie o CSV no campo de arquivo \"arquivo\"")
		}
		defer file.Close()
		r = file
	}
	data, err := io.ReadAll(io.LimitReader(r, app.MaxImportBytes+1))
	var maxErr *http.MaxBytesError
	if errors.As(err, &maxErr) || len(data) > app.MaxImportBytes {
		return nil, tooLarge
	} else if err != nil {
		return nil, app.Errorf(app.EINVALID, "não foi possível ler o arquivo enviado")
	}
	if len(bytes.TrimSpace(data)) == 0 {
		return nil, app.Errorf(app.EINVALIDCSV, "arquivo CSV vazio")
	}
	return data, nil
}

// exportVehicles sends the whole inventory as a CSV Excel opens in
// Portuguese (";" and a UTF-8 BOM) and that imports back unchanged.
func (s *Server) exportVehicles(c *gin.Context) {
	store, found := s.vehicleStore(c)
	if !found {
		return
	}
	vs, err := store.AllVehicles(c.Request.Context())
	if err != nil {
		s.fail(c, err)
		return
	}
	var buf bytes.Buffer
	if err := vehiclecsv.EncodeIn(&buf, vs, s.nichoOf(c)); err != nil {
		s.fail(c, err)
		return
	}
	name := fmt.Sprintf("estoque-empresa_%d-%s.csv", empresaID(c), time.Now().UTC().Format("20060102"))
	c.Header("Content-Disposition", `attachment; filename="`+name+`"`)
	c.Data(http.StatusOK, "text/csv; charset=utf-8", buf.Bytes())
}
