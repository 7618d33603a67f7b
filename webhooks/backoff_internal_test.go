package webhooks

import (
	"net/http"
	"testing"
	"time"
)

func TestBackoffDoublesToAnHourWithJitter(t *testing.T) {
	s := New(Config{Backoff: 10 * time.Second})
	defer s.Close()
	for attempt, base := range map[int]time.Duration{1: 10 * time.Second, 2: 20 * time.Second, 3: 40 * time.Second,
		9: 2560 * time.Second, 10: time.Hour, 40: time.Hour} {
		for range 50 {
			d := s.backoff(attempt, 0)
			if d > base || d < base*4/5 {
				t.Fatalf("attempt %d: %s, want within [%s, %s]", attempt, d, base*4/5, base)
			}
		}
	}
	if d := s.backoff(1, 5*time.Minute); d != 5*time.Minute {
		t.Errorf("a longer Retry-After: %s", d)
	}
	if d := s.backoff(1, 3*time.Hour); d != time.Hour {
		t.Errorf("Retry-After past the cap: %s", d)
	}
	now := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
	for h, want := range map[string]time.Duration{"120": 2 * time.Minute, "0": 0, "-5": 0, "soon": 0, "99999": time.Hour,
		now.Add(90 * time.Second).Format(http.TimeFormat): 90 * time.Second, now.Add(-time.Minute).Format(http.TimeFormat): 0} {
		if got := retryAfter(h, now); got != want {
			t.Errorf("Retry-After %q: %s, want %s", h, got, want)
		}
	}
}

func TestOnlyPassingFailuresAreRetried(t *testing.T) {
	for code, want := range map[int]bool{0: true, 408: true, 425: true, 429: true, 500: true, 502: true, 503: true,
		400: false, 401: false, 403: false, 404: false, 410: false, 422: false, 301: false, 302: false} {
		if retryable(code) != want {
			t.Errorf("%d: retryable %v", code, !want)
		}
	}
}
