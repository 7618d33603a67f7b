package app

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
