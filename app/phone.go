package app

import "strings"

// The one phone rule of the appliance: a customer's or an empresa's number
// is an international number of MinPhoneDigits to MaxPhoneDigits digits
// (DDI, DDD and number, as in 5511987654321). What a person types may carry
// "+", spaces, dashes, dots and parentheses; the appliance keeps the digits.
// conversations (the CRM's to/from, every inbound sender), tenants (send,
// pair by code, the sandbox's scan and inbound) and api (a lead's :phone)
// all check numbers here.
const (
	MinPhoneDigits = 10
	MaxPhoneDigits = 15
)

// NormalizePhone returns a phone number as digits only, and whether it is a
// valid number by the rule above.
func NormalizePhone(s string) (string, bool) {
	if len(s) > 4*MaxPhoneDigits {
		return "", false
	}
	digits := make([]byte, 0, len(s))
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c >= '0' && c <= '9':
			digits = append(digits, c)
		case c == '+' || c == ' ' || c == '-' || c == '(' || c == ')' || c == '.':
		default:
			return "", false
		}
	}
	return string(digits), len(digits) >= MinPhoneDigits && len(digits) <= MaxPhoneDigits
}

// CheckPhone returns s as digits, or an EINVALID error naming field (the
// wire name the caller gave it: "to", "from", "phone").
func CheckPhone(field, s string) (string, error) {
	phone, ok := NormalizePhone(s)
	if !ok {
		return "", Errorf(EINVALID, "%s deve ser um telefone com DDI e DDD, de %d a %d dígitos (ex.: 5511987654321)",
			field, MinPhoneDigits, MaxPhoneDigits)
	}
	return phone, nil
}

// Brazil's ninth digit. A Brazilian mobile is written with 13 digits: 55,
// the DDD, a 9 and eight digits whose first is 6 to 9. Accounts opened
// before the ninth digit reached their area still live on WhatsApp under
// 12 digits, without the 9, and WhatsApp delivers their messages from that
// JID. Both forms are one person: the appliance keys contacts by the
// canonical form (with the 9) and keeps, beside it, the exact JID WhatsApp
// uses. Landlines (eight digits starting 2 to 5) never get a 9; numbers of
// other countries, and ones with a DDD Brazil does not have, are left as
// they are.

// brazilDDDs are the area codes in use in Brazil (Anatel's numbering plan).
var brazilDDDs = func() map[string]bool {
	set := map[string]bool{}
	for _, ddd := range strings.Fields(`11 12 13 14 15 16 17 18 19 21 22 24 27 28 31 32 33 34 35 37 38
		41 42 43 44 45 46 47 48 49 51 53 54 55 61 62 63 64 65 66 67 68 69
		71 73 74 75 77 79 81 82 83 84 85 86 87 88 89 91 92 93 94 95 96 97 98 99`) {
		set[ddd] = true
	}
	return set
}()

// PhoneForms returns a number (digits, as NormalizePhone gives them) in its
// canonical form and, for a Brazilian mobile, the other form WhatsApp may
// know its owner by: the 12 digits without the ninth digit. alt is "" for
// every other number.
func PhoneForms(phone string) (canonical, alt string) {
	if len(phone) < 12 || phone[:2] != "55" || !brazilDDDs[phone[2:4]] || strings.Trim(phone, "0123456789") != "" {
		return phone, ""
	}
	mobileStart := func(c byte) bool { return c >= '6' && c <= '9' }
	switch {
	case len(phone) == 13 && phone[4] == '9' && mobileStart(phone[5]):
		return phone, phone[:4] + phone[5:]
	case len(phone) == 12 && mobileStart(phone[4]):
		return phone[:4] + "9" + phone[4:], phone
	}
	return phone, ""
}

// CanonicalPhone is the form a contact is keyed by: a Brazilian mobile with
// its ninth digit, any other number as it is.
func CanonicalPhone(phone string) string {
	canonical, _ := PhoneForms(phone)
	return canonical
}

// PhoneJID is the WhatsApp JID of a phone number as WhatsApp knows it.
func PhoneJID(phone string) string { return phone + "@s.whatsapp.net" }

// CheckContactPhone is CheckPhone for a customer's number, given in
// either form of the ninth digit: it returns the form contacts are keyed
// by. (An empresa's own number, to pair, stays as typed: CheckPhone.)
func CheckContactPhone(field, s string) (string, error) {
	phone, err := CheckPhone(field, s)
	if err != nil {
		return "", err
	}
	return CanonicalPhone(phone), nil
}
