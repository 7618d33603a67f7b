package vehiclecsv_test

import (
	"bytes"
	"errors"
	"reflect"
	"testing"

	"vendeai/app"
	"vendeai/app/vehiclecsv"
)

// FuzzDecode: whatever file a dealer uploads, Decode answers with vehicles
// or with an app error a client can read (never a panic, never an internal
// error); what it accepts exports and reads back as the same vehicles.
func FuzzDecode(f *testing.F) {
	f.Fuzz(func(t *testing.T, data []byte) {
		vs, err := vehiclecsv.Decode(bytes.NewReader(data))
		if err != nil {
			var e *app.Error
			if !errors.As(err, &e) || e.Code == app.EINTERNAL {
				t.Fatalf("Decode error %v (%T), want an app.Error", err, err)
			}
			return
		}
		var buf bytes.Buffer
		if err := vehiclecsv.Encode(&buf, vs); err != nil {
			t.Fatalf("Encode of decoded vehicles: %v", err)
		}
		back, err := vehiclecsv.Decode(&buf)
		if err != nil {
			t.Fatalf("the export of a decoded file does not decode: %v\n%s", err, buf.String())
		}
		if len(back) != len(vs) || (len(vs) > 0 && !reflect.DeepEqual(back, vs)) {
			t.Fatalf("round trip changed the vehicles:\n%+v\n%+v", vs, back)
		}
	})
}
