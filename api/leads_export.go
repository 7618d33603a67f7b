package api

import (
	"bytes"
	"fmt"
	"net/http"
	"time"

	"github.com/gin-gonic/gin"

	"vendeai/app"
	"vendeai/app/leadcsv"
)

// leadFilter reads the leads' filters from the query: status, origem, q.
func leadFilter(c *gin.Context) app.LeadFilter {
	return app.LeadFilter{Status: c.Query("status"), Origem: c.Query("origem"), Q: c.Query("q")}
}

// exportLeads sends every lead the filters select as the CSV a dealer
// opens in Excel (leadcsv): which ads and links bring buyers.
func (s *Server) exportLeads(c *gin.Context) {
	store, found := s.leadStore(c)
	if !found {
		return
	}
	leads, err := store.AllLeads(c.Request.Context(), leadFilter(c))
	if err != nil {
		s.fail(c, err)
		return
	}
	var buf bytes.Buffer
	if err := leadcsv.Encode(&buf, leads); err != nil {
		s.fail(c, err)
		return
	}
	name := fmt.Sprintf("leads-empresa_%d-%s.csv", empresaID(c), time.Now().UTC().Format("20060102"))
	c.Header("Content-Disposition", `attachment; filename="`+name+`"`)
	c.Data(http.StatusOK, "text/csv; charset=utf-8", buf.Bytes())
}

// listLeadMerges lists the contacts joined into one (the ninth digit, a
// LID), newest first.
func (s *Server) listLeadMerges(c *gin.Context) {
	store, found := s.leadStore(c)
	if !found {
		return
	}
	merges, err := store.LeadMerges(c.Request.Context())
	if err != nil {
		s.fail(c, err)
		return
	}
	respondOK(c, gin.H{"total": len(merges), "unificacoes": merges})
}
