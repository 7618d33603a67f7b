package app

import "strings"

// formulaStart is what makes a spreadsheet read a cell as a formula
// (OWASP's CSV injection list): =, +, -, @, tab and carriage return.
const formulaStart = "=+-@\t\r"

// SpreadsheetSafe prefixes with ' a CSV cell a spreadsheet would run as a
// formula: a customer's push name or an ad's title is the customer's text,
// and "=HYPERLINK(...)" must open as text in the dealer's Excel. A plain
// number ("-5", "-1.500,00") is left as it is.
func SpreadsheetSafe(s string) string {
	if s == "" || strings.IndexByte(formulaStart, s[0]) < 0 || plainNumber(s) {
		return s
	}
	return "'" + s
}

// plainNumber is a number a spreadsheet shows as such: an optional minus,
// digits and dots, and an optional comma with digits after it.
func plainNumber(s string) bool {
	s = strings.TrimPrefix(s, "-")
	intPart, frac, hasComma := strings.Cut(s, ",")
	if intPart == "" || intPart[0] < '0' || intPart[0] > '9' || strings.Trim(intPart, "0123456789.") != "" {
		return false
	}
	return !hasComma || frac != "" && strings.Trim(frac, "0123456789") == ""
}
