package api

import (
	"context"
	"net/http"
	"strconv"
	"time"

	"github.com/gin-gonic/gin"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"vendeai/app"
)

// Metrics is the appliance's Prometheus registry. Session figures are read
// from the SessionService at scrape time, so they can never drift from
// what the status routes say; counters are fed as things happen.
type Metrics struct {
	registry     *prometheus.Registry
	httpRequests *prometheus.CounterVec
	httpDuration *prometheus.HistogramVec
	messages     *prometheus.CounterVec
	replyLatency prometheus.Histogram
	sendRefused  *prometheus.CounterVec
	webhooks     *prometheus.CounterVec
	webhookTime  prometheus.Histogram
}

// NewMetrics registers the appliance's metrics. sessions and hub may be nil
// (their metrics are then absent).
func NewMetrics(sessions app.SessionService, hub *Hub) *Metrics {
	m := &Metrics{
		registry: prometheus.NewRegistry(),
		httpRequests: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "vendeai_http_requests_total", Help: "Requisições HTTP por rota (modelo), método e status.",
		}, []string{"route", "method", "status"}),
		httpDuration: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name: "vendeai_http_request_duration_seconds", Help: "Duração das requisições HTTP por rota (modelo) e método.",
			Buckets: prometheus.DefBuckets,
		}, []string{"route", "method"}),
		messages: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "vendeai_messages_total", Help: "Mensagens de WhatsApp por empresa e direção (in, out).",
		}, []string{"empresa_id", "direction"}),
		replyLatency: prometheus.NewHistogram(prometheus.HistogramOpts{
			Name: "vendeai_assistant_reply_seconds", Help: "Tempo da chegada de uma mensagem até a resposta do assistente gravada.",
			Buckets: []float64{.005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10},
		}),
		webhooks: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "vendeai_webhook_deliveries_total", Help: "Tentativas de entrega de webhook por resultado (entregue, nova_tentativa, falhou).",
		}, []string{"result"}),
		webhookTime: prometheus.NewHistogram(prometheus.HistogramOpts{
			Name: "vendeai_webhook_delivery_duration_seconds", Help: "Duração de cada tentativa de entrega de webhook, até a resposta.",
			Buckets: []float64{.005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10},
		}),
	}
	m.sendRefused = prometheus.NewCounterVec(prometheus.CounterOpts{
		Name: "vendeai_send_refused_total",
		Help: "Envios recusados por empresa e código: whatsapp_restricao (erro 463 do WhatsApp), limite_novos_contatos, nao_esta_no_whatsapp.",
	}, []string{"empresa_id", "code"})
	m.registry.MustRegister(m.sendRefused)
	m.registry.MustRegister(m.httpRequests, m.httpDuration, m.messages, m.replyLatency, m.webhooks, m.webhookTime,
		collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	if sessions != nil {
		m.CollectSessions(sessions)
	}
	if hub != nil {
		m.registry.MustRegister(prometheus.NewGaugeFunc(prometheus.GaugeOpts{
			Name: "vendeai_websocket_clients", Help: "WebSockets abertos.",
		}, func() float64 { return float64(hub.Clients()) }))
	}
	return m
}

// CountMessage counts one message of an empresa; direction is in or out.
func (m *Metrics) CountMessage(empresaID int, direction string) {
	m.messages.WithLabelValues(strconv.Itoa(empresaID), direction).Inc()
}

// CountSendRefused counts a send WhatsApp or the appliance's limits refused.
func (m *Metrics) CountSendRefused(empresaID int, code string) {
	m.sendRefused.WithLabelValues(strconv.Itoa(empresaID), code).Inc()
}

// ObserveReply records how long the assistant took to answer.
func (m *Metrics) ObserveReply(empresaID int, phone string, d time.Duration) {
	m.replyLatency.Observe(d.Seconds())
}

// ObserveWebhook counts one delivery attempt by result and records how
// long it took.
func (m *Metrics) ObserveWebhook(result string, d time.Duration) {
	m.webhooks.WithLabelValues(result).Inc()
	m.webhookTime.Observe(d.Seconds())
}

// WatchWebhooks publishes vendeai_webhook_pending, read from pending at
// scrape time.
func (m *Metrics) WatchWebhooks(pending func(context.Context) (int, error)) {
	m.registry.MustRegister(pendingCollector{pending})
}

var webhookPending = prometheus.NewDesc("vendeai_webhook_pending", "Entregas de webhook pendentes, somando todas as empresas.", nil, nil)

// pendingCollector counts the pending deliveries when Prometheus scrapes;
// a count that fails leaves the metric out of that scrape.
type pendingCollector struct {
	pending func(context.Context) (int, error)
}

func (pendingCollector) Describe(ch chan<- *prometheus.Desc) { ch <- webhookPending }

func (p pendingCollector) Collect(ch chan<- prometheus.Metric) {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if n, err := p.pending(ctx); err == nil {
		ch <- prometheus.MustNewConstMetric(webhookPending, prometheus.GaugeValue, float64(n))
	}
}

// observeRequests counts every request by its route template, never its
// raw path (ids would make a series per empresa and vehicle).
func (m *Metrics) observeRequests(c *gin.Context) {
	start := time.Now()
	c.Next()
	route := c.FullPath()
	if route == "" {
		route = "unmatched"
	}
	m.httpRequests.WithLabelValues(route, c.Request.Method, strconv.Itoa(c.Writer.Status())).Inc()
	m.httpDuration.WithLabelValues(route, c.Request.Method).Observe(time.Since(start).Seconds())
}

func (m *Metrics) handler() http.Handler {
	return promhttp.HandlerFor(m.registry, promhttp.HandlerOpts{})
}

var (
	sessionsDesc = prometheus.NewDesc("vendeai_sessions", "Sessões de WhatsApp por status.", []string{"status"}, nil)
	sessionUp    = prometheus.NewDesc("vendeai_session_up", "1 quando a sessão de WhatsApp da empresa está conectada.", []string{"empresa_id"}, nil)
)

// sessionCollector reads the sessions when Prometheus scrapes.
// CollectSessions adds the session metrics, read from sessions at scrape
// time; for wiring where the sessions are built after the metrics (their
// pipeline reports to the metrics).
func (m *Metrics) CollectSessions(sessions app.SessionService) {
	m.registry.MustRegister(sessionCollector{sessions})
}

type sessionCollector struct{ sessions app.SessionService }

func (sessionCollector) Describe(ch chan<- *prometheus.Desc) {
	ch <- sessionsDesc
	ch <- sessionUp
}

func (s sessionCollector) Collect(ch chan<- prometheus.Metric) {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	list, err := s.sessions.Sessions(ctx)
	if err != nil {
		return
	}
	for status, n := range app.NewSessionStats(list) {
		if status != "total" {
			ch <- prometheus.MustNewConstMetric(sessionsDesc, prometheus.GaugeValue, float64(n), status)
		}
	}
	for _, st := range list {
		up := 0.0
		if st.Status == app.StateConnected {
			up = 1
		}
		ch <- prometheus.MustNewConstMetric(sessionUp, prometheus.GaugeValue, up, strconv.Itoa(st.EmpresaID))
	}
}
