package api

import (
	"net/http"

	"github.com/gin-gonic/gin"

	"vendeai/app"
)

// empresaView is an empresa as the empresas routes show it.
func empresaView(e *app.Empresa) gin.H {
	view := gin.H{"id": e.ID, "nome": e.Nome, "botAtivo": e.BotAtivo, "nicho": e.Nicho,
		"mensagemBoasVindas": e.MensagemBoasVindas, "mensagemFinanciamento": e.MensagemFinanciamento,
		"pausaHumanoHoras": e.PausaHumanoHoras, "loja": e.Loja, "criadoEm": e.CriadoEm, "atualizadoEm": e.AtualizadoEm}
	view["limiteNovosContatosDia"] = e.NovosContatosPorDia()
	return view
}

func (s *Server) createEmpresa(c *gin.Context) {
	var n app.NewEmpresa
	if !s.decodeJSON(c, &n) {
		return
	}
	e, token, err := s.cfg.Empresas.CreateEmpresa(c.Request.Context(), n)
	if err != nil {
		s.fail(c, err)
		return
	}
	c.Set(ctxEmpresaID, e.ID)
	respond(c, http.StatusCreated, gin.H{"empresa": empresaView(e), "token": token})
}

// listEmpresas lists every empresa (admin), or with ?q=, ?status=,
// ?limit= and ?offset= one page of them; see listEmpresaPage.
func (s *Server) listEmpresas(c *gin.Context) {
	s.listEmpresaPage(c)
}

func (s *Server) getEmpresa(c *gin.Context) {
	e, err := s.cfg.Empresas.FindEmpresa(c.Request.Context(), empresaID(c))
	if err != nil {
		s.fail(c, err)
		return
	}
	respondOK(c, gin.H{"empresa": empresaView(e)})
}

// updateEmpresa changes nome, botAtivo and the bot configuration fields.
func (s *Server) updateEmpresa(c *gin.Context) {
	var upd app.EmpresaUpdate
	if !s.decodeJSON(c, &upd) {
		return
	}
	e, err := s.cfg.Empresas.UpdateEmpresa(c.Request.Context(), empresaID(c), upd)
	if err != nil {
		s.fail(c, err)
		return
	}
	respondOK(c, gin.H{"empresa": empresaView(e)})
}

func (s *Server) deleteEmpresa(c *gin.Context) {
	id := empresaID(c)
	if err := s.cfg.Empresas.DeleteEmpresa(c.Request.Context(), id); err != nil {
		s.fail(c, err)
		return
	}
	respondOK(c, gin.H{"empresaId": id, "message": "empresa removida; os dados foram guardados em removed/"})
}

func (s *Server) rotateToken(c *gin.Context) {
	id := empresaID(c)
	token, err := s.cfg.Empresas.RotateToken(c.Request.Context(), id)
	if err != nil {
		s.fail(c, err)
		return
	}
	respondOK(c, gin.H{"empresaId": id, "token": token})
}
