package tenants

import (
	"context"
	"fmt"

	"go.mau.fi/whatsmeow"

	"vendeai/app"
)

// Who is on the sandbox's WhatsApp. Each empresa has its own set of
// registered numbers, each under the exact form its account has (a
// Brazilian mobile with or without the ninth digit): the customers who
// wrote in, and those POST /api/sandbox/:id/contatos registers. Asked about
// either form of a number, the sandbox answers with the registered one, as
// WhatsApp does; a send to a number without an account fails, and a number
// registered with restricao463 refuses the empresa's messages with error
// 463 until it writes in itself.

// sandboxContactLimit bounds the numbers kept per empresa (a load test's
// made-up senders must not grow it forever).
const sandboxContactLimit = 50_000

type sandboxContact struct {
	restricted bool
}

// register records phone under its exact form, replacing another form of
// the same number.
func (sb *Sandbox) register(id int, exact string, restricted bool) {
	sb.mu.Lock()
	defer sb.mu.Unlock()
	if sb.contacts[id] == nil {
		sb.contacts[id] = map[string]sandboxContact{}
		sb.byCanonical[id] = map[string]string{}
	}
	canonical := app.CanonicalPhone(exact)
	if old, ok := sb.byCanonical[id][canonical]; ok {
		delete(sb.contacts[id], old)
	}
	for len(sb.contacts[id]) >= sandboxContactLimit {
		for phone := range sb.contacts[id] {
			delete(sb.contacts[id], phone)
			delete(sb.byCanonical[id], app.CanonicalPhone(phone))
			break
		}
	}
	sb.contacts[id][exact] = sandboxContact{restricted: restricted}
	sb.byCanonical[id][canonical] = exact
}

// wroteIn registers a customer who wrote: its conversation with the
// empresa now exists, so no 463 stands between them.
func (sb *Sandbox) wroteIn(id int, exact string) { sb.register(id, exact, false) }

// registered is the exact registered number of any of phones' forms.
func (sb *Sandbox) registered(id int, phones []string) string {
	sb.mu.Lock()
	defer sb.mu.Unlock()
	for _, p := range phones {
		if exact, ok := sb.byCanonical[id][app.CanonicalPhone(p)]; ok {
			return exact
		}
	}
	return ""
}

// deliverable tells whether a message to exact would leave, as WhatsApp
// would answer.
func (sb *Sandbox) deliverable(id int, exact string) error {
	sb.mu.Lock()
	defer sb.mu.Unlock()
	c, ok := sb.contacts[id][exact]
	switch {
	case !ok:
		return fmt.Errorf("o número %s não tem conta no WhatsApp do sandbox", exact)
	case c.restricted:
		return fmt.Errorf("%w %d", whatsmeow.ErrServerReturnedError, 463)
	}
	return nil
}

func (c *sandboxClient) IsOnWhatsApp(ctx context.Context, phones []string) (string, error) {
	c.mu.Lock()
	connected := c.connected
	c.mu.Unlock()
	if !connected {
		return "", fmt.Errorf("sem conexão")
	}
	return c.sb.registered(c.cfg.EmpresaID, phones), nil
}

// RegisterContact puts a number on the sandbox's WhatsApp for empresa id:
// under its 12-digit form with SemNono (an account older than the ninth
// digit), refusing the empresa's first messages with error 463 with
// Restricao463.
func (a sandboxAPI) RegisterContact(ctx context.Context, id int, c app.SandboxContact) (app.SandboxContact, error) {
	phone, err := app.CheckPhone("phone", c.Phone)
	if err != nil {
		return app.SandboxContact{}, err
	}
	canonical, alt := app.PhoneForms(phone)
	exact := canonical
	if c.SemNono {
		if alt == "" {
			return app.SandboxContact{}, app.Errorf(app.EINVALID,
				"semNono só vale para celulares brasileiros (55 + DDD + 9 + 8 dígitos começando em 6 a 9)")
		}
		exact = alt
	}
	if _, err := a.m.registry.FindEmpresa(ctx, id); err != nil {
		return app.SandboxContact{}, err
	}
	a.sb.register(id, exact, c.Restricao463)
	return app.SandboxContact{Phone: canonical, SemNono: c.SemNono, Restricao463: c.Restricao463, JID: app.PhoneJID(exact)}, nil
}
