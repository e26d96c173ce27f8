package markdown_test

import (
	"strings"
	"testing"

	"github.com/buurtboost/buurtboost/app/markdown"
	"github.com/buurtboost/buurtboost/app/markdown/xsscorpus"
)

// Safety has two layers, goldmark (with our link renderer) and bluemonday.
// Each must stop the corpus on its own, so that a mistake in one, or a
// future option that loosens it, is not enough for an attack.

func TestGoldmarkAloneNeutralisesTheCorpus(t *testing.T) {
	r := markdown.New()
	for _, p := range xsscorpus.Payloads() {
		for _, lite := range []bool{false, true} {
			out := r.GoldmarkOnly(p, lite)
			allowed := fullElements
			if lite {
				allowed = liteElements
			}
			for _, reason := range unsafeReasons(t, out, allowed) {
				// goldmark marks what it dropped with this comment, and
				// labels fenced code with a language class: both harmless.
				if reason == "comment <!-- raw HTML omitted -->" || strings.HasPrefix(reason, "attribute class on <code>") {
					continue
				}
				t.Errorf("goldmark(lite=%v)(%q) = %q: %s", lite, p, out, reason)
			}
		}
	}
}

func TestSanitiserAloneNeutralisesTheCorpus(t *testing.T) {
	r := markdown.New()
	for _, p := range xsscorpus.Payloads() {
		for _, lite := range []bool{false, true} {
			// The payload as if it were HTML that had reached the sanitiser.
			out := r.SanitiserOnly(p, lite)
			allowed := fullElements
			if lite {
				allowed = liteElements
			}
			for _, reason := range unsafeReasons(t, out, allowed) {
				// rel="nofollow ugc noopener" comes from our renderer, which
				// this test leaves out.
				if strings.HasPrefix(reason, "link with rel") {
					continue
				}
				t.Errorf("sanitiser(lite=%v)(%q) = %q: %s", lite, p, out, reason)
			}
		}
	}
}
