package webhooks

import (
	"bytes"
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"net"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"vendeai/app"
)

// Request headers of every delivery.
const (
	HeaderEvent     = "X-VendeAI-Evento"
	HeaderDelivery  = "X-VendeAI-Entrega"
	HeaderSignature = "X-VendeAI-Assinatura"
)

// Sign is the X-VendeAI-Assinatura of body sent at t with secret:
// t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<body>")>.
func Sign(secret string, t time.Time, body []byte) string {
	ts := strconv.FormatInt(t.Unix(), 10)
	mac := hmac.New(sha256.New, []byte(secret))
	mac.Write([]byte(ts))
	mac.Write([]byte{'.'})
	mac.Write(body)
	return "t=" + ts + ",v1=" + hex.EncodeToString(mac.Sum(nil))
}

// newClient is the HTTP client of every delivery: redirects are answers,
// never followed; answers' headers are bounded like their bodies.
func newClient(rt http.RoundTripper, perHost int, timeout time.Duration) *http.Client {
	if rt == nil {
		t := http.DefaultTransport.(*http.Transport).Clone()
		t.MaxIdleConnsPerHost = perHost
		t.MaxResponseHeaderBytes = MaxAnswer
		t.ResponseHeaderTimeout = timeout
		rt = t
	}
	return &http.Client{
		Transport:     rt,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}
}

// result is what one attempt saw.
type result struct {
	code       int    // HTTP status; 0 when no answer came
	err        string // for the delivery log; "" when the answer is all there is
	final      bool   // refused before sending: no retry can help
	aborted    bool   // cut short by Close: not an attempt
	retryAfter time.Duration
	duration   time.Duration
}

// send POSTs d's body to target, signed, within Timeout, reading at most
// MaxAnswer bytes of the answer. Nothing of the secret or the signature
// ever reaches a log or the delivery log.
func (s *Service) send(ctx context.Context, target *app.Webhook, d *app.Delivery) result {
	u, err := url.Parse(target.URL)
	if err != nil {
		return result{final: true, err: "url do webhook inválida"}
	}
	if !target.ByAdmin && !s.cfg.AllowedHosts.Allows(u) {
		return result{final: true, err: fmt.Sprintf("o host %s não está mais em VENDEAI_WEBHOOK_HOSTS", clip(u.Host, 100))}
	}
	release, err := s.acquireHost(ctx, u.Scheme+"://"+u.Host)
	if err != nil {
		return result{aborted: true}
	}
	defer release()
	ctx, cancel := context.WithTimeout(ctx, s.cfg.Timeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, target.URL, bytes.NewReader(d.Body))
	if err != nil {
		return result{final: true, err: "url do webhook inválida"}
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("User-Agent", "VendeAI/"+s.cfg.Version)
	req.Header.Set(HeaderEvent, d.Evento)
	req.Header.Set(HeaderDelivery, d.ID)
	req.Header.Set(HeaderSignature, Sign(target.Segredo, s.now(), d.Body))
	start := time.Now()
	res, err := s.client.Do(req)
	if err != nil {
		r := result{err: describe(err, s.cfg.Timeout), duration: time.Since(start)}
		r.aborted = s.ctx.Err() != nil
		return r
	}
	defer res.Body.Close()
	answer, _ := io.ReadAll(io.LimitReader(res.Body, MaxAnswer))
	r := result{code: res.StatusCode, duration: time.Since(start), retryAfter: retryAfter(res.Header.Get("Retry-After"), s.now())}
	switch {
	case res.StatusCode >= 200 && res.StatusCode < 300:
	case res.StatusCode >= 300 && res.StatusCode < 400:
		r.err = fmt.Sprintf("HTTP %d: redirecionamento não seguido (aponte o webhook para o endereço final)", res.StatusCode)
	default:
		r.err = fmt.Sprintf("HTTP %d", res.StatusCode)
		if text := clip(strings.TrimSpace(string(answer)), 180); text != "" {
			r.err += ": " + text
		}
	}
	return r
}

// acquireHost takes one of host's PerHost slots, so many lanes aimed at
// one receiver (the global webhook, a shared CRM) never flood it.
func (s *Service) acquireHost(ctx context.Context, host string) (func(), error) {
	s.mu.Lock()
	sem, ok := s.hosts[host]
	if !ok {
		sem = make(chan struct{}, s.cfg.PerHost)
		s.hosts[host] = sem
	}
	s.mu.Unlock()
	select {
	case sem <- struct{}{}:
		return func() { <-sem }, nil
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}

// describe says what went wrong on the way, without the URL (its query may
// carry a key) and never anything of the request's headers.
func describe(err error, timeout time.Duration) string {
	var uerr *url.Error
	if errors.As(err, &uerr) {
		err = uerr.Err
	}
	var nerr net.Error
	switch {
	case errors.Is(err, context.DeadlineExceeded), errors.As(err, &nerr) && nerr.Timeout():
		return fmt.Sprintf("sem resposta em %s", timeout)
	case errors.Is(err, io.EOF), errors.Is(err, io.ErrUnexpectedEOF):
		return "o receptor fechou a conexão sem responder"
	}
	return clip(err.Error(), 200)
}

// retryable: worth another try later (the receiver is busy, down, or
// unreachable); any other answer will not change by itself.
func retryable(code int) bool {
	return code == 0 || code == http.StatusRequestTimeout || code == http.StatusTooEarly ||
		code == http.StatusTooManyRequests || code >= 500
}

// outcome turns an attempt's result into the delivery's next state: 2xx
// delivered; a retryable failure pending again after the backoff, unless
// its deadline has passed or it is a test; anything else failed at once.
func (s *Service) outcome(d *app.Delivery, r result) app.DeliveryAttempt {
	now := s.now()
	a := app.DeliveryAttempt{At: now, Code: r.code, Err: r.err}
	switch {
	case !r.final && r.code >= 200 && r.code < 300:
		a.Status = app.DeliveryDelivered
	case r.final || !retryable(r.code) || d.Evento == app.EventPing:
		a.Status = app.DeliveryFailed
	case !now.Before(d.Deadline):
		a.Status = app.DeliveryFailed
		a.Err = clip("desistiu após 24 h de falhas; a última: "+r.err, 200)
	default:
		a.Status = app.DeliveryPending
		a.Next = now.Add(s.backoff(d.Tentativas+1, r.retryAfter))
	}
	return a
}

// backoff is the wait after the attempt-th failure: Backoff doubling up to
// MaxBackoff, less up to a fifth at random (so lanes that failed together
// spread out), or the receiver's Retry-After when it asks for longer.
func (s *Service) backoff(attempt int, retryAfter time.Duration) time.Duration {
	d := s.cfg.Backoff
	for i := 1; i < attempt && d < MaxBackoff; i++ {
		d *= 2
	}
	d = min(d, MaxBackoff)
	d -= rand.N(d/5 + 1)
	if retryAfter > d {
		d = min(retryAfter, MaxBackoff)
	}
	return d
}

// retryAfter reads a Retry-After header: seconds, or an HTTP date.
func retryAfter(h string, now time.Time) time.Duration {
	if h == "" {
		return 0
	}
	if n, err := strconv.Atoi(h); err == nil && n > 0 {
		return time.Duration(min(n, int(MaxBackoff/time.Second))) * time.Second
	}
	if t, err := http.ParseTime(h); err == nil && t.After(now) {
		return min(t.Sub(now), MaxBackoff)
	}
	return 0
}

// clip keeps at most n runes of s, as valid UTF-8.
func clip(s string, n int) string {
	s = strings.ToValidUTF8(s, "�")
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	return string([]rune(s)[:n]) + "…"
}
