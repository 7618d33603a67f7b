package webhooks_test

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"
)

// verifyVendeAI is the README's Go receiver, word for word: it reads the
// body and checks X-VendeAI-Assinatura, refusing a t older than 5 minutes.
func verifyVendeAI(secret string, r *http.Request) ([]byte, error) {
	body, err := io.ReadAll(io.LimitReader(r.Body, 1<<20))
	if err != nil {
		return nil, err
	}
	var t int64
	var v1 string
	for _, part := range strings.Split(r.Header.Get("X-VendeAI-Assinatura"), ",") {
		k, v, _ := strings.Cut(part, "=")
		switch k {
		case "t":
			t, _ = strconv.ParseInt(v, 10, 64)
		case "v1":
			v1 = v
		}
	}
	if age := time.Since(time.Unix(t, 0)); age > 5*time.Minute || age < -5*time.Minute {
		return nil, errors.New("assinatura vencida")
	}
	mac := hmac.New(sha256.New, []byte(secret))
	fmt.Fprintf(mac, "%d.%s", t, body)
	if !hmac.Equal([]byte(hex.EncodeToString(mac.Sum(nil))), []byte(v1)) {
		return nil, errors.New("assinatura inválida")
	}
	return body, nil
}

func TestTheReadmeReceiverVerifiesADelivery(t *testing.T) {
	f := newFixture(t, nil)
	verdicts := make(chan error, 10)
	srv := httptestServer(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, err := verifyVendeAI(segredo, r)
		verdicts <- err
		if err != nil {
			http.Error(w, err.Error(), http.StatusUnauthorized)
		}
	}))
	id := f.empresa("Loja A")
	f.setWebhook(id, srv.URL)
	f.message(id, "oi")
	if err := <-verdicts; err != nil {
		t.Fatalf("the README's receiver refused a real delivery: %v", err)
	}
	// An old t is refused, as a replayed capture would be.
	f.clock.set(time.Now().Add(-6 * time.Minute))
	d, err := f.svc.TestWebhook(adminCtx, id)
	if err != nil {
		t.Fatal(err)
	}
	if err := <-verdicts; err == nil || d.Status != "falhou" || *d.UltimoCodigo != http.StatusUnauthorized {
		t.Errorf("a six-minute-old signature: %v, delivery %+v", err, d)
	}
}
