package tenants

import (
	"strings"
	"testing"

	"go.mau.fi/whatsmeow/proto/waE2E"
	"go.mau.fi/whatsmeow/types"
	"go.mau.fi/whatsmeow/types/events"
	"google.golang.org/protobuf/proto"

	"vendeai/app"
)

// TestMessageOrigin reads where a customer came from off messages shaped as
// WhatsApp sends them: a Click-to-WhatsApp ad's ExternalAdReply (on text or
// on a picture), a wa.me link's entry point, and everything that says
// nothing (plain text, a quoted reply, a link preview that is no ad).
func TestMessageOrigin(t *testing.T) {
	adReply := &waE2E.ContextInfo_ExternalAdReplyInfo{Title: proto.String("Civic 2021 com garantia"), SourceURL: proto.String("https://fb.me/abc"),
		SourceID: proto.String("120210000000001"), SourceType: proto.String("ad"), SourceApp: proto.String("instagram"),
		MediaType: waE2E.ContextInfo_ExternalAdReplyInfo_VIDEO.Enum(), CtwaClid: proto.String("Afc1")}
	text := func(ci *waE2E.ContextInfo) *waE2E.Message {
		return &waE2E.Message{ExtendedTextMessage: &waE2E.ExtendedTextMessage{Text: proto.String(" Olá, vim pelo site "), ContextInfo: ci}}
	}
	for name, c := range map[string]struct {
		msg  *waE2E.Message
		want *app.Origem
	}{
		"ad on text": {text(&waE2E.ContextInfo{ExternalAdReply: adReply}), &app.Origem{Tipo: app.OrigemAnuncio, Titulo: "Civic 2021 com garantia",
			URL: "https://fb.me/abc", AnuncioID: "120210000000001", Midia: "video", Plataforma: "instagram"}},
		"ad on a picture": {&waE2E.Message{ImageMessage: &waE2E.ImageMessage{ContextInfo: &waE2E.ContextInfo{
			EntryPointConversionApp: proto.String("facebook"),
			ExternalAdReply:         &waE2E.ContextInfo_ExternalAdReplyInfo{SourceID: proto.String("42"), MediaType: waE2E.ContextInfo_ExternalAdReplyInfo_IMAGE.Enum()}}}},
			&app.Origem{Tipo: app.OrigemAnuncio, AnuncioID: "42", Midia: "imagem", Plataforma: "facebook"}},
		"wa.me link": {text(&waE2E.ContextInfo{EntryPointConversionSource: proto.String("click_to_chat_link"), EntryPointConversionApp: proto.String("whatsapp")}),
			&app.Origem{Tipo: app.OrigemLink, Texto: "Olá, vim pelo site"}},
		"search":        {text(&waE2E.ContextInfo{EntryPointConversionSource: proto.String("global_search_new_chat")}), nil},
		"plain text":    {&waE2E.Message{Conversation: proto.String("oi")}, nil},
		"no context":    {text(nil), nil},
		"quoted reply":  {text(&waE2E.ContextInfo{StanzaID: proto.String("3EB0"), QuotedMessage: &waE2E.Message{Conversation: proto.String("x")}}), nil},
		"link preview":  {text(&waE2E.ContextInfo{ExternalAdReply: &waE2E.ContextInfo_ExternalAdReplyInfo{Title: proto.String("Site"), SourceURL: proto.String("https://x")}}), nil},
		"nil message":   {nil, nil},
		"huge ad title": {text(&waE2E.ContextInfo{ExternalAdReply: &waE2E.ContextInfo_ExternalAdReplyInfo{SourceID: proto.String("1"), Title: proto.String(strings.Repeat("á", 5000))}}), &app.Origem{Tipo: app.OrigemAnuncio, AnuncioID: "1", Titulo: strings.Repeat("á", maxOrigemText)}},
	} {
		var txt string
		if c.msg.GetExtendedTextMessage() != nil {
			txt = c.msg.GetExtendedTextMessage().GetText()
		}
		got := messageOrigin(c.msg, txt)
		if (got == nil) != (c.want == nil) || got != nil && *got != *c.want {
			t.Errorf("%s: origem = %+v, want %+v", name, got, c.want)
		}
	}
}

// TestSandboxSpeaksLikeWhatsApp: the sandbox's ad and link messages go
// through the same translation as whatsmeow's and come out as the origem.
func TestSandboxSpeaksLikeWhatsApp(t *testing.T) {
	ad := &app.SandboxAnuncio{Titulo: "Onix 0 km", URL: "https://fb.me/onix", AnuncioID: "7", Midia: "imagem", Plataforma: "facebook"}
	chat := types.NewJID("5511987654321", types.DefaultUserServer)
	for name, c := range map[string]struct {
		in   app.SandboxInbound
		want *app.Origem
	}{
		"ad":    {app.SandboxInbound{From: "5511987654321", Text: "quero saber mais", Anuncio: ad}, &app.Origem{Tipo: app.OrigemAnuncio, Titulo: "Onix 0 km", URL: "https://fb.me/onix", AnuncioID: "7", Midia: "imagem", Plataforma: "facebook"}},
		"link":  {app.SandboxInbound{From: "5511987654321", Text: "Olá, vim pelo Instagram", Link: true}, &app.Origem{Tipo: app.OrigemLink, Texto: "Olá, vim pelo Instagram"}},
		"plain": {app.SandboxInbound{From: "5511987654321", Text: "oi"}, nil},
	} {
		m := sandboxMessage(c.in)
		msg := inboundMessage(1, &events.Message{Info: types.MessageInfo{MessageSource: types.MessageSource{Chat: chat, Sender: chat}}, Message: m})
		if msg.Text != c.in.Text || msg.Kind != app.KindText || (msg.Origem == nil) != (c.want == nil) || msg.Origem != nil && *msg.Origem != *c.want {
			t.Errorf("%s: %q %s origem %+v, want %+v", name, msg.Text, msg.Kind, msg.Origem, c.want)
		}
	}
}
