package tenants

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"go.mau.fi/whatsmeow"

	"vendeai/app"
)

// lookupClient answers IsOnWhatsApp from accounts (any form -> the exact
// number) and counts the questions.
type lookupClient struct {
	fakeClient
	accounts map[string]string
	asked    int
	err      error
}

func (c *lookupClient) IsOnWhatsApp(ctx context.Context, phones []string) (string, error) {
	c.asked++
	if c.err != nil {
		return "", c.err
	}
	for _, p := range phones {
		if exact, ok := c.accounts[p]; ok {
			return exact, nil
		}
	}
	return "", nil
}

// TestWhatsAppPhoneResolution: the exact number comes from what the
// session saw, then the lead's JID, then WhatsApp, whose answer is kept a
// day ("not on WhatsApp": an hour); a failed question is not kept.
func TestWhatsAppPhoneResolution(t *testing.T) {
	ctx := context.Background()
	now := time.Date(2026, 6, 1, 9, 0, 0, 0, time.UTC)
	cfg := fastConfig()
	cfg.Transport, cfg.Now = newFake(), func() time.Time { return now }
	a := startApp(t, t.TempDir(), cfg)
	e, _, err := a.m.CreateEmpresa(ctx, app.NewEmpresa{Nome: "Loja"})
	if err != nil {
		t.Fatal(err)
	}
	id := e.ID
	cli := &lookupClient{accounts: map[string]string{"5531988887777": "553188887777", "553188887777": "553188887777"}}
	resolve := func(to string) (string, error) { return a.m.whatsAppPhone(ctx, id, cli, to) }

	for i, form := range []string{"5531988887777", "553188887777", "5531988887777"} {
		if got, err := resolve(form); got != "553188887777" || err != nil || cli.asked != 1 {
			t.Fatalf("#%d %s = %q, %v after %d questions; want the 12-digit account, asked once", i, form, got, err, cli.asked)
		}
	}
	now = now.Add(25 * time.Hour)
	if _, err := resolve("5531988887777"); err != nil || cli.asked != 2 {
		t.Errorf("a day later: %v, %d questions; want asked again", err, cli.asked)
	}

	if _, err := resolve("5511955550000"); !app.IsCode(err, app.ENOTONWHATSAPP) || cli.asked != 3 {
		t.Errorf("no account: %v (%d questions)", err, cli.asked)
	}
	if _, err := resolve("5511955550000"); !app.IsCode(err, app.ENOTONWHATSAPP) || cli.asked != 3 {
		t.Errorf("no account again: %v (%d questions); want the kept answer", err, cli.asked)
	}
	now = now.Add(61 * time.Minute)
	cli.accounts["5511955550000"] = "5511955550000" // joined WhatsApp meanwhile
	if got, err := resolve("5511955550000"); got != "5511955550000" || err != nil || cli.asked != 4 {
		t.Errorf("an hour later: %q, %v (%d questions)", got, err, cli.asked)
	}

	// A contact who wrote: its lead's JID, no question.
	db, err := a.m.folderDB(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	if err := db.SaveMessage(ctx, &app.Message{Phone: "5521987654321", Direction: app.DirectionIn, Author: "cliente", Kind: app.KindText,
		Text: "oi", ContactJID: "552187654321@s.whatsapp.net"}, ""); err != nil {
		t.Fatal(err)
	}
	asked := cli.asked
	if got, err := resolve("5521987654321"); got != "552187654321" || err != nil || cli.asked != asked {
		t.Errorf("from the lead: %q, %v (%d questions)", got, err, cli.asked-asked)
	}
	// What the session saw arrive: no question either.
	a.m.directory.saw(id, "554199998888")
	if got, err := resolve("5541999998888"); got != "554199998888" || err != nil || cli.asked != asked {
		t.Errorf("seen arriving: %q, %v (%d questions)", got, err, cli.asked-asked)
	}
	// Another empresa knows nothing of it.
	if got, _ := a.m.whatsAppPhone(ctx, id+1, cli, "5541999998888"); got != "" || cli.asked != asked+1 {
		t.Errorf("another empresa: %q (%d questions)", got, cli.asked-asked)
	}

	cli.err = errors.New("timeout")
	if _, err := resolve("5561981234567"); !app.IsCode(err, app.ENOTCONNECTED) {
		t.Errorf("failed question: %v", err)
	}
	cli.err = nil
	cli.accounts["5561981234567"] = "5561981234567"
	if got, err := resolve("5561981234567"); got != "5561981234567" || err != nil {
		t.Errorf("after a failed question: %q, %v; want it asked again, not kept", got, err)
	}
}

// TestSendErrorNamesRestrictions: whatsmeow's "server returned error 463"
// is WhatsApp refusing a first message; anything else is a send to retry.
func TestSendErrorNamesRestrictions(t *testing.T) {
	for err, want := range map[error]string{
		fmt.Errorf("%w %d", whatsmeow.ErrServerReturnedError, 463):                         app.EWHATSAPPRESTRICTED,
		fmt.Errorf("send: %w", fmt.Errorf("%w %d", whatsmeow.ErrServerReturnedError, 463)): app.EWHATSAPPRESTRICTED,
		fmt.Errorf("%w %d", whatsmeow.ErrServerReturnedError, 479):                         app.ENOTCONNECTED,
		whatsmeow.ErrMessageTimedOut:                                                       app.ENOTCONNECTED,
		errors.New("error 463"):                                                            app.ENOTCONNECTED,
	} {
		got := sendError(err)
		if app.ErrorCode(got) != want || !errors.Is(got, err) {
			t.Errorf("sendError(%v) = %v, want %s wrapping it", err, got, want)
		}
		if want == app.EWHATSAPPRESTRICTED && !strings.Contains(app.ErrorMessage(got), "cliente escrever primeiro") {
			t.Errorf("the restriction's message does not say what to do: %s", app.ErrorMessage(got))
		}
	}
}
