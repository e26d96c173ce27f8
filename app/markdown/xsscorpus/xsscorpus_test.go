package xsscorpus_test

import (
	"slices"
	"strings"
	"testing"

	"github.com/buurtboost/buurtboost/app/markdown/xsscorpus"
)

func TestPayloadsSkipCommentsAndDecodeEscapes(t *testing.T) {
	payloads := xsscorpus.Payloads()
	if len(payloads) < 60 {
		t.Fatalf("corpus has %d payloads, want at least 60", len(payloads))
	}
	for _, p := range payloads {
		if p == "" || strings.HasPrefix(p, "// ") {
			t.Errorf("comment or empty line returned as payload: %q", p)
		}
	}
	for _, want := range []string{
		"<script>alert(1)</script>",
		"[klik](java\tscript:alert(1))",         // \t
		"[klik][1]\n\n[1]: javascript:alert(1)", // \n
		"[klik](\\javascript:alert(1))",         // \\
	} {
		if !slices.Contains(payloads, want) {
			t.Errorf("corpus lacks %q", want)
		}
	}
}

func TestPayloadsReturnsAFreshSlice(t *testing.T) {
	a := xsscorpus.Payloads()
	a[0] = "changed"
	if b := xsscorpus.Payloads(); b[0] == "changed" {
		t.Fatal("Payloads shares its slice between callers")
	}
}
