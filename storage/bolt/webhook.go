package bolt

import (
	"context"
	"encoding/json"
	"time"

	bolt "go.etcd.io/bbolt"

	"vendeai/app"
)

// bucketWebhook holds the appliance-wide webhook (the empresas' own live in
// their folders).
var (
	bucketWebhook = []byte("webhook")
	keyGlobal     = []byte("global")
)

var _ app.GlobalWebhookStore = (*DB)(nil)

// storedWebhook is the webhook as kept: the secret too, which app.Webhook
// never marshals.
type storedWebhook struct {
	URL          string    `json:"url"`
	Segredo      string    `json:"segredo"`
	Eventos      []string  `json:"eventos"`
	Ativo        bool      `json:"ativo"`
	AtualizadoEm time.Time `json:"atualizadoEm"`
}

// GlobalWebhook returns the appliance-wide webhook, nil when none is set.
func (db *DB) GlobalWebhook(ctx context.Context) (*app.Webhook, error) {
	var w *app.Webhook
	err := db.db.View(func(tx *bolt.Tx) error {
		b := tx.Bucket(bucketWebhook)
		if b == nil {
			return nil
		}
		data := b.Get(keyGlobal)
		if data == nil {
			return nil
		}
		var s storedWebhook
		if err := json.Unmarshal(data, &s); err != nil {
			return err
		}
		w = &app.Webhook{URL: s.URL, Segredo: s.Segredo, Eventos: s.Eventos, Ativo: s.Ativo,
			SegredoDefinido: s.Segredo != "", AtualizadoEm: s.AtualizadoEm, ByAdmin: true}
		return nil
	})
	return w, err
}

// SaveGlobalWebhook sets the appliance-wide webhook.
func (db *DB) SaveGlobalWebhook(ctx context.Context, w *app.Webhook) error {
	data, err := json.Marshal(storedWebhook{URL: w.URL, Segredo: w.Segredo, Eventos: w.Eventos, Ativo: w.Ativo, AtualizadoEm: w.AtualizadoEm})
	if err != nil {
		return err
	}
	return db.db.Update(func(tx *bolt.Tx) error {
		b, err := tx.CreateBucketIfNotExists(bucketWebhook)
		if err != nil {
			return err
		}
		return b.Put(keyGlobal, data)
	})
}

// DeleteGlobalWebhook removes the appliance-wide webhook.
func (db *DB) DeleteGlobalWebhook(ctx context.Context) error {
	return db.db.Update(func(tx *bolt.Tx) error {
		if b := tx.Bucket(bucketWebhook); b != nil {
			return b.Delete(keyGlobal)
		}
		return nil
	})
}
