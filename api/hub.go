package api

import (
	"context"
	"log/slog"
	"sync"

	"vendeai/app"
)

// clientBuffer is how many frames a WebSocket may have queued before it is
// considered too slow and dropped.
const clientBuffer = 64

// Hub fans events out to WebSocket clients. It implements app.Publisher:
// Publish encodes an event once and never blocks; a client whose buffer is
// full is dropped instead of slowing the session or the other clients.
type Hub struct {
	log *slog.Logger

	mu      sync.Mutex
	clients map[*wsClient]struct{}
	closed  bool
	done    chan struct{} // closed by Close: every client says goodbye
	active  sync.WaitGroup
}

var _ app.Publisher = (*Hub)(nil)

// NewHub returns an empty hub.
func NewHub(log *slog.Logger) *Hub {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	return &Hub{log: log, clients: map[*wsClient]struct{}{}, done: make(chan struct{})}
}

// wsClient is one subscriber: the events of one empresa, or of all (id 0).
type wsClient struct {
	empresaID int
	send      chan []byte
	dropped   chan struct{}
}

// Publish delivers ev to every client that follows its empresa.
func (h *Hub) Publish(ev app.Event) {
	frame, err := app.EncodeEvent(ev)
	if err != nil {
		h.log.Error("evento não codificado", "empresa_id", ev.EmpresaID, "tipo", ev.Type, "err", err)
		return
	}
	h.mu.Lock()
	defer h.mu.Unlock()
	for c := range h.clients {
		if c.empresaID != 0 && c.empresaID != ev.EmpresaID {
			continue
		}
		select {
		case c.send <- frame:
		default:
			h.log.Warn("websocket lento desconectado", "empresa_id", c.empresaID)
			close(c.dropped)
			delete(h.clients, c)
		}
	}
}

// subscribe registers a client; nil when the hub is closed.
func (h *Hub) subscribe(empresaID int) *wsClient {
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.closed {
		return nil
	}
	c := &wsClient{empresaID: empresaID, send: make(chan []byte, clientBuffer), dropped: make(chan struct{})}
	h.clients[c] = struct{}{}
	h.active.Add(1)
	return c
}

// unsubscribe forgets c; its connection has ended.
func (h *Hub) unsubscribe(c *wsClient) {
	h.mu.Lock()
	delete(h.clients, c)
	h.mu.Unlock()
	h.active.Done()
}

// Clients is how many WebSockets are open.
func (h *Hub) Clients() int {
	h.mu.Lock()
	defer h.mu.Unlock()
	return len(h.clients)
}

// Close sends every client a close frame and waits (until ctx ends) for the
// connections to finish: http.Server.Shutdown does not track hijacked ones.
func (h *Hub) Close(ctx context.Context) error {
	h.mu.Lock()
	if !h.closed {
		h.closed = true
		close(h.done)
	}
	h.mu.Unlock()
	finished := make(chan struct{})
	go func() { h.active.Wait(); close(finished) }()
	select {
	case <-finished:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}
