package tenants

import (
	"testing"

	"go.mau.fi/whatsmeow/proto/waE2E"
	"go.mau.fi/whatsmeow/types"
	"go.mau.fi/whatsmeow/types/events"
	"google.golang.org/protobuf/proto"

	"vendeai/app"
)

// TestInboundMessageNamesTheCustomer: the phone a message is filed under
// and answered to is always the customer's real number.
func TestInboundMessageNamesTheCustomer(t *testing.T) {
	customer := types.NewJID("5511987654321", types.DefaultUserServer)
	lid := types.NewJID("123456789012345", types.HiddenUserServer)
	store := types.NewJID("5521999990001", types.DefaultUserServer)
	group := types.NewJID("120363000000000000", types.GroupServer)
	for name, tc := range map[string]struct {
		src  types.MessageSource
		want string
	}{
		"phone sender":             {types.MessageSource{Chat: customer, Sender: customer}, "5511987654321"},
		"LID sender with phone":    {types.MessageSource{Chat: lid, Sender: lid, SenderAlt: customer}, "5511987654321"},
		"LID sender only":          {types.MessageSource{Chat: lid, Sender: lid}, ""},
		"typed on the store phone": {types.MessageSource{Chat: customer, Sender: store, IsFromMe: true}, "5511987654321"},
		"typed to a LID chat":      {types.MessageSource{Chat: lid, Sender: store, IsFromMe: true, RecipientAlt: customer}, "5511987654321"},
		"group member":             {types.MessageSource{Chat: group, Sender: customer, IsGroup: true}, "5511987654321"},
	} {
		evt := &events.Message{Info: types.MessageInfo{MessageSource: tc.src, ID: "ABC"},
			Message: &waE2E.Message{Conversation: proto.String("oi")}}
		msg := inboundMessage(7, evt)
		if msg.From != tc.want {
			t.Errorf("%s: From = %q, want %q", name, msg.From, tc.want)
		}
		if msg.EmpresaID != 7 || msg.Kind != app.KindText || msg.Text != "oi" || msg.FromMe != tc.src.IsFromMe {
			t.Errorf("%s: %+v", name, msg)
		}
		if name == "group member" && !msg.IsGroup {
			t.Errorf("group chat not flagged: %+v", msg)
		}
	}
}
