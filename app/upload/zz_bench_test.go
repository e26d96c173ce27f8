package upload_test

import (
	"bytes"
	"testing"
	"time"

	"github.com/buurtboost/buurtboost/app/upload"
)

func TestZZTiming(t *testing.T) {
	for _, sz := range [][2]int{{4000, 3000}, {6000, 4000}} {
		j := encodeJPEG(t, picture(sz[0], sz[1]))
		p := encodePNG(t, picture(sz[0], sz[1]))
		for name, d := range map[string][]byte{"jpeg": j, "png": p} {
			start := time.Now()
			_, _, _, err := upload.ProcessImage(bytes.NewReader(d), 100<<20)
			t.Logf("%v %s: %v %v", sz, name, time.Since(start), err)
		}
	}
}
