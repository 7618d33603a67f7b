package api

import (
	"net/http"
	"time"

	"github.com/gin-gonic/gin"
	"github.com/gorilla/websocket"

	"vendeai/app"
)

const (
	wsWriteWait  = 10 * time.Second
	wsPingPeriod = 30 * time.Second
	wsPongWait   = wsPingPeriod + 15*time.Second
	// wsSubprotocol is what a browser offers beside its token, since it
	// cannot set headers: new WebSocket(url, ["bearer", token]).
	wsSubprotocol = "bearer"
)

// authenticateWS finds the token where a WebSocket client can put it: the
// token query parameter, the Authorization header, or the subprotocol;
// without one, the panel's session cookie.
func (s *Server) authenticateWS(c *gin.Context) {
	token := c.Query("token")
	if token == "" {
		token = bearerToken(c)
	}
	if token == "" {
		token = subprotocolToken(c.Request)
	}
	if id, err := c.Cookie(sessionCookie); token == "" && err == nil && id != "" {
		s.authenticateSession(c, id)
		return
	}
	s.authenticateWith(c, token)
}

func subprotocolToken(r *http.Request) string {
	protocols := websocket.Subprotocols(r)
	for i, p := range protocols {
		if p == wsSubprotocol && i+1 < len(protocols) {
			return protocols[i+1]
		}
	}
	return ""
}

// websocket streams the events of ?empresa_id=X (the admin may omit it to
// follow every empresa). Access is checked before the upgrade.
func (s *Server) websocket(c *gin.Context) {
	p := principal(c)
	id := p.EmpresaID
	if raw, given := c.GetQuery("empresa_id"); given {
		var err error
		if id, err = app.ParseEmpresaID(raw); err != nil {
			s.fail(c, err)
			return
		}
	}
	if id != 0 && !s.authorize(c, id) {
		return
	}
	if id != 0 {
		if _, err := s.cfg.Empresas.FindEmpresa(c.Request.Context(), id); err != nil {
			s.fail(c, err) // an unknown empresa is a 404, not a silent socket
			return
		}
	}
	if !p.Admin && id == 0 {
		s.fail(c, app.Errorf(app.EFORBIDDEN, "informe empresa_id"))
		return
	}
	if origin := c.GetHeader("Origin"); origin != "" && !s.originAllowed(c, origin) {
		s.fail(c, app.Errorf(app.EFORBIDDEN, "origem não permitida: %s", origin))
		return
	}
	client := s.cfg.Hub.subscribe(id)
	if client == nil {
		s.fail(c, app.Errorf(app.EUNAVAILABLE, "o servidor está encerrando"))
		return
	}
	defer s.cfg.Hub.unsubscribe(client)

	upgrader := websocket.Upgrader{
		CheckOrigin:  func(*http.Request) bool { return true }, // checked above against the CORS list
		Subprotocols: []string{wsSubprotocol},
	}
	conn, err := upgrader.Upgrade(c.Writer, c.Request, nil)
	if err != nil {
		return // the upgrader has answered the client
	}
	s.sendSnapshot(c, client, id)
	s.serveSocket(conn, client)
}

// sendSnapshot queues the current status, and the pending QR, so a client
// that opens late still sees what to show.
func (s *Server) sendSnapshot(c *gin.Context, client *wsClient, id int) {
	if id == 0 || s.cfg.Sessions == nil {
		return
	}
	st, err := s.cfg.Sessions.Status(c.Request.Context(), id)
	if err != nil {
		return
	}
	frames := []app.Event{{Type: app.EventStatus, EmpresaID: id, Data: st}}
	if st.Status == app.StateQR && st.QR != nil {
		qr := app.QREvent{QR: *st.QR}
		if st.QRImage != nil {
			qr.QRImage = *st.QRImage
		}
		if st.QRExpiresAt != nil {
			qr.ExpiresAt = *st.QRExpiresAt
		}
		frames = append(frames, app.Event{Type: app.EventQR, EmpresaID: id, Data: qr})
	}
	for _, ev := range frames {
		if frame, err := app.EncodeEvent(ev); err == nil {
			select {
			case client.send <- frame:
			default:
			}
		}
	}
}

// serveSocket writes queued frames and pings until the client leaves, falls
// behind, or the hub closes; it always ends with a close frame when it can.
func (s *Server) serveSocket(conn *websocket.Conn, client *wsClient) {
	readerDone := make(chan struct{})
	go func() {
		defer close(readerDone)
		conn.SetReadLimit(4096)
		conn.SetReadDeadline(time.Now().Add(wsPongWait))
		conn.SetPongHandler(func(string) error { return conn.SetReadDeadline(time.Now().Add(wsPongWait)) })
		for {
			if _, _, err := conn.NextReader(); err != nil {
				return
			}
		}
	}()

	defer func() {
		conn.Close() // ends the reader too
		<-readerDone
	}()
	ping := time.NewTicker(wsPingPeriod)
	defer ping.Stop()
	closeWith := func(code int, text string) {
		msg := websocket.FormatCloseMessage(code, text)
		conn.WriteControl(websocket.CloseMessage, msg, time.Now().Add(wsWriteWait))
	}
	for {
		select {
		case frame := <-client.send:
			conn.SetWriteDeadline(time.Now().Add(wsWriteWait))
			if err := conn.WriteMessage(websocket.TextMessage, frame); err != nil {
				return
			}
		case <-ping.C:
			if err := conn.WriteControl(websocket.PingMessage, nil, time.Now().Add(wsWriteWait)); err != nil {
				return
			}
		case <-client.dropped:
			closeWith(websocket.ClosePolicyViolation, "cliente lento")
			return
		case <-s.cfg.Hub.done:
			closeWith(websocket.CloseGoingAway, "servidor encerrando")
			return
		case <-readerDone:
			return
		}
	}
}
