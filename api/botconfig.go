package api

import (
	"github.com/gin-gonic/gin"

	"vendeai/app"
)

// configView is the bot configuration of the seed contract.
func configView(e *app.Empresa) gin.H {
	view := gin.H{"empresaId": e.ID, "nome": e.Nome, "botAtivo": e.BotAtivo, "nicho": e.Nicho,
		"mensagemBoasVindas": e.MensagemBoasVindas, "mensagemFinanciamento": e.MensagemFinanciamento,
		"pausaHumanoHoras": e.PausaHumanoHoras, "loja": e.Loja}
	view["limiteNovosContatosDia"] = e.NovosContatosPorDia()
	return view
}

type toggleRequest struct {
	EmpresaID *int64 `json:"empresaId"`
	BotAtivo  *bool  `json:"botAtivo"`
}

// toggleBot turns the empresa's bot on or off; the flag lives in the
// registry, so it survives a restart.
func (s *Server) toggleBot(c *gin.Context) {
	var req toggleRequest
	if !s.decodeJSON(c, &req) {
		return
	}
	if req.EmpresaID == nil || *req.EmpresaID < 1 || *req.EmpresaID > app.MaxEmpresaID {
		s.fail(c, app.Errorf(app.EINVALIDID, "empresaId deve ser um inteiro positivo"))
		return
	}
	if req.BotAtivo == nil {
		s.fail(c, app.Errorf(app.EINVALID, "botAtivo é obrigatório (true ou false)"))
		return
	}
	id := int(*req.EmpresaID)
	if !s.authorize(c, id) {
		return
	}
	e, err := s.cfg.Empresas.UpdateEmpresa(c.Request.Context(), id, app.EmpresaUpdate{BotAtivo: req.BotAtivo})
	if err != nil {
		s.fail(c, err)
		return
	}
	respondOK(c, gin.H{"empresaId": e.ID, "botAtivo": e.BotAtivo})
}

func (s *Server) getConfig(c *gin.Context) {
	e, err := s.cfg.Empresas.FindEmpresa(c.Request.Context(), empresaID(c))
	if err != nil {
		s.fail(c, err)
		return
	}
	respondOK(c, configView(e))
}

// configUpdate is the body of PUT /api/bot/config: every field but the id.
type configUpdate struct {
	app.EmpresaUpdate
	EmpresaID *int64 `json:"empresaId"`
}

func (s *Server) putConfig(c *gin.Context) {
	var req configUpdate
	if !s.decodeJSON(c, &req) {
		return
	}
	if req.EmpresaID != nil && *req.EmpresaID != int64(empresaID(c)) {
		s.fail(c, app.Errorf(app.EINVALID, "empresaId não pode ser alterado"))
		return
	}
	e, err := s.cfg.Empresas.UpdateEmpresa(c.Request.Context(), empresaID(c), req.EmpresaUpdate)
	if err != nil {
		s.fail(c, err)
		return
	}
	respondOK(c, configView(e))
}
