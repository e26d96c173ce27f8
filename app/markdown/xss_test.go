package markdown_test

import (
	"strings"
	"testing"

	"github.com/buurtboost/buurtboost/app/markdown"
	"github.com/buurtboost/buurtboost/app/markdown/xsscorpus"
)

// outputs renders src every way the package can, with the elements each
// output may contain.
func outputs(r *markdown.Renderer, src string) []struct {
	name    string
	out     string
	allowed map[string]bool
} {
	return []struct {
		name    string
		out     string
		allowed map[string]bool
	}{
		{"Full", string(r.Full(src)), fullElements},
		{"Lite", string(r.Lite(src)), liteElements},
		{"Plain", r.Plain(src, 0), plainElements},
		{"Plain cut", r.Plain(src, 12), plainElements},
	}
}

func TestXSSCorpusIsNeutralised(t *testing.T) {
	r := markdown.New()
	payloads := xsscorpus.Payloads()
	if len(payloads) < 60 {
		t.Fatalf("corpus has %d payloads, want at least 60", len(payloads))
	}
	for _, p := range payloads {
		for _, o := range outputs(r, p) {
			for _, reason := range unsafeReasons(t, o.out, o.allowed) {
				t.Errorf("%s(%q) = %q: %s", o.name, p, o.out, reason)
			}
		}
	}
}

// The checker itself must catch what it is there to catch, or the corpus
// test above proves nothing.
func TestUnsafeReasonsCatchesDangerousHTML(t *testing.T) {
	for _, bad := range []string{
		`<script>alert(1)</script>`,
		`<img src=x onerror=alert(1)>`,
		`<p onclick="alert(1)">x</p>`,
		`<p style="color:red">x</p>`,
		`<a href="javascript:alert(1)" rel="nofollow ugc noopener">x</a>`,
		`<a href="/relative" rel="nofollow ugc noopener">x</a>`,
		`<a href="https://example.org">x</a>`,
		`<svg><p>x</p></svg>`,
		`<math><mi>x</mi></math>`,
		`<iframe src="https://example.org"></iframe>`,
		`<!-- x -->`,
		`<p title="x">x</p>`,
	} {
		if len(unsafeReasons(t, bad, fullElements)) == 0 {
			t.Errorf("checker passed %q", bad)
		}
	}
	if reasons := unsafeReasons(t, `<p>a <a href="https://example.org" rel="nofollow ugc noopener">b</a></p>`, fullElements); len(reasons) > 0 {
		t.Errorf("checker refused a safe link: %v", reasons)
	}
}

// FuzzRenderersStaySafe checks the same rules on any input; `go test` runs
// the corpus as seeds, `go test -fuzz FuzzRenderersStaySafe` explores.
func FuzzRenderersStaySafe(f *testing.F) {
	for _, p := range xsscorpus.Payloads() {
		f.Add(p)
	}
	r := markdown.New()
	f.Fuzz(func(t *testing.T, src string) {
		for _, o := range outputs(r, src) {
			if reasons := unsafeReasons(t, o.out, o.allowed); len(reasons) > 0 {
				t.Fatalf("%s(%q) = %q: %s", o.name, src, o.out, strings.Join(reasons, "; "))
			}
		}
	})
}
