package tenants

import (
	"encoding/base64"

	qrcode "github.com/skip2/go-qrcode"
)

// qrDataURL renders a QR code as the data:image/png;base64 URL the CRM
// shows as an <img>.
func qrDataURL(code string) (string, error) {
	png, err := qrcode.Encode(code, qrcode.Medium, 256)
	if err != nil {
		return "", err
	}
	return "data:image/png;base64," + base64.StdEncoding.EncodeToString(png), nil
}
