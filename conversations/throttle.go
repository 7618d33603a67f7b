package conversations

import (
	"strconv"
	"sync"
	"time"

	"golang.org/x/time/rate"
)

// throttle remembers, per contact of each empresa, how fast the assistant
// has been answering and when it last asked for text instead of media.
type throttle struct {
	mu       sync.Mutex
	contacts map[string]*contactLimits
	sweepAt  time.Time
}

type contactLimits struct {
	replies     *rate.Limiter
	mediaNotice time.Time
	seen        time.Time
}

// idleAfter: a contact silent this long starts afresh; its entry goes.
const idleAfter = 2 * time.Hour

func newThrottle() *throttle { return &throttle{contacts: map[string]*contactLimits{}} }

func (t *throttle) get(empresaID int, phone string, now time.Time) *contactLimits {
	if now.After(t.sweepAt) {
		for k, c := range t.contacts {
			if now.Sub(c.seen) > idleAfter {
				delete(t.contacts, k)
			}
		}
		t.sweepAt = now.Add(10 * time.Minute)
	}
	key := strconv.Itoa(empresaID) + ":" + phone
	c, ok := t.contacts[key]
	if !ok {
		c = &contactLimits{replies: rate.NewLimiter(rate.Every(time.Minute/RepliesPerMinute), RepliesPerMinute)}
		t.contacts[key] = c
	}
	c.seen = now
	return c
}

// allowAnswer reports whether one more of the contact's messages may be
// answered within the per-minute budget, and takes it.
func (t *throttle) allowAnswer(empresaID int, phone string, now time.Time) bool {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.get(empresaID, phone, now).replies.AllowN(now, 1)
}

// mediaNoticeDue reports whether the contact may be asked for text now.
func (t *throttle) mediaNoticeDue(empresaID int, phone string, now time.Time) bool {
	t.mu.Lock()
	defer t.mu.Unlock()
	c := t.get(empresaID, phone, now)
	return c.mediaNotice.IsZero() || now.Sub(c.mediaNotice) >= MediaNoticeEvery
}

// markMediaNotice records that the contact was just asked for text.
func (t *throttle) markMediaNotice(empresaID int, phone string, now time.Time) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.get(empresaID, phone, now).mediaNotice = now
}
