package api

import (
	"net"
	"strings"
	"sync"
	"time"

	"github.com/gin-gonic/gin"
	"golang.org/x/time/rate"
)

// Failed panel logins an address may make a minute; the next try waits.
const (
	loginFailuresPerMinute = 5
	loginLimiterMaxAddrs   = 4096 // past this, addresses back at full allowance are forgotten
)

// loginLimiter counts failed logins per client address with a token
// bucket: five failures spend the allowance, which comes back at one try
// every twelve seconds.
type loginLimiter struct {
	mu     sync.Mutex
	byAddr map[string]*rate.Limiter
}

func newLoginLimiter() *loginLimiter { return &loginLimiter{byAddr: map[string]*rate.Limiter{}} }

// blocked reports whether addr has used up its failed logins, and when it
// may try again.
func (l *loginLimiter) blocked(addr string, now time.Time) (time.Duration, bool) {
	l.mu.Lock()
	defer l.mu.Unlock()
	lim := l.byAddr[addr]
	if lim == nil {
		return 0, false
	}
	tokens := lim.TokensAt(now)
	if tokens >= 1 {
		return 0, false
	}
	return time.Duration((1 - tokens) * float64(time.Minute/loginFailuresPerMinute)), true
}

// failed counts one failed login of addr.
func (l *loginLimiter) failed(addr string, now time.Time) {
	l.mu.Lock()
	defer l.mu.Unlock()
	lim := l.byAddr[addr]
	if lim == nil {
		if len(l.byAddr) >= loginLimiterMaxAddrs {
			l.forgetRestedLocked(now)
		}
		lim = rate.NewLimiter(rate.Every(time.Minute/loginFailuresPerMinute), loginFailuresPerMinute)
		l.byAddr[addr] = lim
	}
	lim.AllowN(now, 1)
}

// forgetRestedLocked drops the addresses whose allowance is whole again:
// they are as if never seen, so the map stays bounded.
func (l *loginLimiter) forgetRestedLocked(now time.Time) {
	for addr, lim := range l.byAddr {
		if lim.TokensAt(now) >= loginFailuresPerMinute {
			delete(l.byAddr, addr)
		}
	}
}

// clientAddress is who is calling, for the login limit: the connection's
// address, or behind a trusted proxy (VENDEAI_TRUST_PROXY=true) the address
// that proxy saw, the last one of X-Forwarded-For. The leftmost entries are
// the client's own claim, so they are never used.
func (s *Server) clientAddress(c *gin.Context) string {
	if s.cfg.TrustProxy {
		if xff := c.GetHeader("X-Forwarded-For"); xff != "" {
			parts := strings.Split(xff, ",")
			if last := strings.TrimSpace(parts[len(parts)-1]); last != "" {
				return last
			}
		}
	}
	host, _, err := net.SplitHostPort(c.Request.RemoteAddr)
	if err != nil {
		return c.Request.RemoteAddr
	}
	return host
}
