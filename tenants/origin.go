package tenants

import (
	"strings"
	"unicode/utf8"

	"go.mau.fi/whatsmeow/proto/waE2E"
	"google.golang.org/protobuf/proto"

	"vendeai/app"
)

// Where a customer came from, as WhatsApp tells it on the message.
//
//   - A chat started from a Click-to-WhatsApp ad (Facebook, Instagram)
//     carries the ad in the message's ContextInfo.ExternalAdReply: its
//     title, the URL it points to, its id (SourceID) and the media it
//     showed.
//   - A chat opened by a wa.me link carries
//     ContextInfo.EntryPointConversionSource "click_to_chat_link", set by
//     the customer's app; the message's text is then the link's prefilled
//     one (as the customer sent it: it may have edited it). Clients that
//     do not set it make the chat "direto".
//
// Only the lead's first message decides its origem (the store).

// clickToChatLink is the entry point WhatsApp names a wa.me link by.
const clickToChatLink = "click_to_chat_link"

// maxOrigemText bounds what is kept of each field WhatsApp sends.
const maxOrigemText = 500

// messageOrigin is what m tells of where its sender came from; nil when
// it tells nothing.
func messageOrigin(m *waE2E.Message, text string) *app.Origem {
	ci := contextInfo(m)
	if ci == nil {
		return nil
	}
	if ad := ci.GetExternalAdReply(); ad != nil && (ad.GetSourceType() == "ad" || ad.GetSourceID() != "" || ad.GetCtwaClid() != "") {
		o := &app.Origem{Tipo: app.OrigemAnuncio, Titulo: clip(ad.GetTitle()), URL: clip(ad.GetSourceURL()),
			AnuncioID: clip(ad.GetSourceID()), Plataforma: clip(ad.GetSourceApp())}
		switch ad.GetMediaType() {
		case waE2E.ContextInfo_ExternalAdReplyInfo_IMAGE:
			o.Midia = "imagem"
		case waE2E.ContextInfo_ExternalAdReplyInfo_VIDEO:
			o.Midia = "video"
		}
		if o.Plataforma == "" {
			o.Plataforma = clip(ci.GetEntryPointConversionApp())
		}
		return o
	}
	if ci.GetEntryPointConversionSource() == clickToChatLink {
		return &app.Origem{Tipo: app.OrigemLink, Texto: clip(strings.TrimSpace(text))}
	}
	return nil
}

// contextInfo is the ContextInfo of the part of m that carries one.
func contextInfo(m *waE2E.Message) *waE2E.ContextInfo {
	switch {
	case m.GetExtendedTextMessage() != nil:
		return m.GetExtendedTextMessage().GetContextInfo()
	case m.GetImageMessage() != nil:
		return m.GetImageMessage().GetContextInfo()
	case m.GetVideoMessage() != nil:
		return m.GetVideoMessage().GetContextInfo()
	case m.GetDocumentMessage() != nil:
		return m.GetDocumentMessage().GetContextInfo()
	case m.GetAudioMessage() != nil:
		return m.GetAudioMessage().GetContextInfo()
	}
	return nil
}

func clip(s string) string {
	if utf8.RuneCountInString(s) <= maxOrigemText {
		return s
	}
	return string([]rune(s)[:maxOrigemText])
}

// sandboxMessage is the message the sandbox delivers for in: plain text,
// or text with the context WhatsApp adds for an ad or a wa.me link.
func sandboxMessage(in app.SandboxInbound) *waE2E.Message {
	var ci *waE2E.ContextInfo
	switch {
	case in.Anuncio != nil:
		ad := &waE2E.ContextInfo_ExternalAdReplyInfo{Title: proto.String(in.Anuncio.Titulo), SourceURL: proto.String(in.Anuncio.URL),
			SourceID: proto.String(in.Anuncio.AnuncioID), SourceType: proto.String("ad"), SourceApp: proto.String(in.Anuncio.Plataforma),
			MediaType: waE2E.ContextInfo_ExternalAdReplyInfo_NONE.Enum()}
		switch in.Anuncio.Midia {
		case "imagem":
			ad.MediaType = waE2E.ContextInfo_ExternalAdReplyInfo_IMAGE.Enum()
		case "video":
			ad.MediaType = waE2E.ContextInfo_ExternalAdReplyInfo_VIDEO.Enum()
		}
		ci = &waE2E.ContextInfo{ExternalAdReply: ad, ConversionSource: proto.String("FB_Ads")}
	case in.Link:
		ci = &waE2E.ContextInfo{EntryPointConversionSource: proto.String(clickToChatLink), EntryPointConversionApp: proto.String("whatsapp")}
	default:
		return &waE2E.Message{Conversation: proto.String(in.Text)}
	}
	return &waE2E.Message{ExtendedTextMessage: &waE2E.ExtendedTextMessage{Text: proto.String(in.Text), ContextInfo: ci}}
}
