package markdown_test

import (
	"strings"
	"sync"
	"testing"

	"github.com/buurtboost/buurtboost/app/markdown"
)

func TestFullLinksKeepTextAndGetRel(t *testing.T) {
	r := markdown.New()
	doc := query(t, string(r.Full("Zie [De Buurt](https://example.org/buurt?a=1&b=2) voor meer.")))
	a := doc.Find("p > a")
	if a.Length() != 1 {
		t.Fatalf("want one link, got %d", a.Length())
	}
	if got := a.Text(); got != "De Buurt" {
		t.Errorf("link text = %q", got)
	}
	if got := a.AttrOr("href", ""); got != "https://example.org/buurt?a=1&b=2" {
		t.Errorf("href = %q", got)
	}
	if got := a.AttrOr("rel", ""); got != "nofollow ugc noopener" {
		t.Errorf("rel = %q", got)
	}
	if _, ok := a.Attr("target"); ok {
		t.Error("link has a target attribute")
	}
}

func TestFullLinkDestinations(t *testing.T) {
	r := markdown.New()
	tests := []struct {
		name, src, href, text string // href "" = no link, only the text
	}{
		{"https", "[a](https://example.org)", "https://example.org", "a"},
		{"http", "[a](http://example.org/x)", "http://example.org/x", "a"},
		{"mailto", "[mail ons](mailto:info@example.org)", "mailto:info@example.org", "mail ons"},
		{"scheme in capitals is normalised", "[a](HTTPS://Example.org/X)", "https://Example.org/X", "a"},
		{"reference link", "[a][1]\n\n[1]: https://example.org/ref", "https://example.org/ref", "a"},
		{"bare URL is linked", "kijk op https://example.org/x nu", "https://example.org/x", "https://example.org/x"},
		{"www is linked over http", "kijk op www.example.org", "http://www.example.org", "www.example.org"},
		{"e-mail address is linked", "mail a@example.org", "mailto:a@example.org", "a@example.org"},
		{"autolink", "<https://example.org/a>", "https://example.org/a", "https://example.org/a"},
		{"image becomes a link", "![een kat](https://example.org/kat.png)", "https://example.org/kat.png", "een kat"},
		{"image without alt shows its address", "![](https://example.org/kat.png)", "https://example.org/kat.png", "https://example.org/kat.png"},
		{"javascript keeps only the text", "[klik](javascript:alert(1))", "", "klik"},
		{"relative link keeps only the text", "[klik](/initiatieven)", "", "klik"},
		{"scheme-relative link keeps only the text", "[klik](//example.org)", "", "klik"},
		{"ftp keeps only the text", "[klik](ftp://example.org)", "", "klik"},
		{"http without host keeps only the text", "[klik](http:example.org)", "", "klik"},
		{"mailto without address keeps only the text", "[klik](mailto:)", "", "klik"},
		{"unsafe image keeps its alt text", "![kat](javascript:alert(1))", "", "kat"},
		{"unsafe autolink stays text", "<javascript:alert(1)>", "", "javascript:alert(1)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out := string(r.Full(tt.src))
			doc := query(t, out)
			if doc.Find("img").Length() > 0 {
				t.Errorf("output has an <img>: %s", out)
			}
			a := doc.Find("a")
			if tt.href == "" {
				if a.Length() != 0 {
					t.Errorf("want no link, got %s", out)
				}
				if !strings.Contains(doc.Text(), tt.text) {
					t.Errorf("text %q lost: %s", tt.text, out)
				}
				return
			}
			if a.Length() != 1 || a.AttrOr("href", "") != tt.href || a.Text() != tt.text {
				t.Errorf("want <a href=%q>%s</a>, got %s", tt.href, tt.text, out)
			}
			if a.AttrOr("rel", "") != "nofollow ugc noopener" {
				t.Errorf("rel missing: %s", out)
			}
		})
	}
}

func TestFullEmphasisAndStrong(t *testing.T) {
	doc := query(t, string(markdown.New().Full("Een *zachte* en een **harde** en _nog een_")))
	if got := doc.Find("p > em").First().Text(); got != "zachte" {
		t.Errorf("em = %q", got)
	}
	if got := doc.Find("p > em").Last().Text(); got != "nog een" {
		t.Errorf("second em = %q", got)
	}
	if got := doc.Find("p > strong").Text(); got != "harde" {
		t.Errorf("strong = %q", got)
	}
}

func TestFullShiftsHeadingsDown(t *testing.T) {
	r := markdown.New()
	tests := []struct{ src, tag string }{
		{"# Kop", "h3"},
		{"## Kop", "h4"},
		{"### Kop", "h5"},
		{"#### Kop", "h6"},
		{"###### Kop", "h6"},
		{"Kop\n===", "h3"},
		{"Kop\n---", "h4"},
	}
	for _, tt := range tests {
		out := string(r.Full(tt.src))
		if got := query(t, out).Find(tt.tag).Text(); got != "Kop" {
			t.Errorf("Full(%q) = %s, want <%s>Kop</%s>", tt.src, out, tt.tag, tt.tag)
		}
		if strings.Contains(out, "<h1") || strings.Contains(out, "<h2") {
			t.Errorf("Full(%q) = %s has an h1 or h2", tt.src, out)
		}
	}
}

func TestFullBlocks(t *testing.T) {
	src := "- een\n- twee\n\n3. drie\n4. vier\n\n> citaat\n\n---\n\n`x := 1`\n\n```\nfunc main() {}\n```\n\nregel een\nregel twee"
	out := string(markdown.New().Full(src))
	doc := query(t, out)
	checks := []struct{ selector, text string }{
		{"ul > li", "eentwee"},
		{"ol[start='3'] > li", "drievier"},
		{"blockquote > p", "citaat"},
		{"p > code", "x := 1"},
		{"pre > code", "func main() {}\n"},
	}
	for _, c := range checks {
		if got := doc.Find(c.selector).Text(); got != c.text {
			t.Errorf("%s = %q, want %q in %s", c.selector, got, c.text, out)
		}
	}
	if doc.Find("hr").Length() != 1 {
		t.Errorf("no <hr> in %s", out)
	}
	if doc.Find("p > br").Length() != 1 {
		t.Errorf("a newline should be a line break: %s", out)
	}
}

func TestFullDropsRawHTML(t *testing.T) {
	out := string(markdown.New().Full("Dit is <b>vet</b> en <u>dit</u>.\n\n<div class=\"x\">blok</div>"))
	doc := query(t, out)
	if doc.Find("b, u, div").Length() > 0 {
		t.Errorf("raw HTML passed through: %s", out)
	}
	if got := doc.Find("p").First().Text(); got != "Dit is vet en dit." {
		t.Errorf("inline text = %q", got)
	}
}

func TestLiteKeepsInlineMarkdownOnly(t *testing.T) {
	r := markdown.New()
	out := string(r.Lite("Dit is *fijn* en **sterk**, zie [hier](https://example.org).\nVolgende regel."))
	doc := query(t, out)
	if doc.Find("p > em").Text() != "fijn" || doc.Find("p > strong").Text() != "sterk" {
		t.Errorf("emphasis lost: %s", out)
	}
	if a := doc.Find("p > a"); a.AttrOr("href", "") != "https://example.org" || a.AttrOr("rel", "") != "nofollow ugc noopener" {
		t.Errorf("link lost: %s", out)
	}
	if doc.Find("p > br").Length() != 1 {
		t.Errorf("line break lost: %s", out)
	}
}

func TestLiteShowsBlockMarkdownAsText(t *testing.T) {
	r := markdown.New()
	src := "# Kop\n\n- een\n- twee\n\n1. eerste\n\n> citaat\n\n`code` en\n\n```\nblok\n```\n\n    ingesprongen\n\n---\n\n![kat](https://example.org/kat.png)"
	out := string(r.Lite(src))
	doc := query(t, out)
	if n := doc.Find("h1, h2, h3, h4, h5, h6, ul, ol, li, blockquote, code, pre, hr, img").Length(); n > 0 {
		t.Errorf("Lite rendered block markup: %s", out)
	}
	text := doc.Text()
	for _, want := range []string{"# Kop", "- een", "- twee", "1. eerste", "> citaat", "`code` en", "```", "blok", "ingesprongen", "---"} {
		if !strings.Contains(text, want) {
			t.Errorf("Lite lost %q: %s", want, out)
		}
	}
	if a := doc.Find("a"); a.Text() != "kat" || a.AttrOr("href", "") != "https://example.org/kat.png" {
		t.Errorf("image in a comment should be a link: %s", out)
	}
}

func TestRendererIsSafeForConcurrentUse(t *testing.T) {
	r := markdown.New()
	want := r.Full("# Kop\n\n*a* [b](https://example.org)")
	var wg sync.WaitGroup
	for range 8 {
		wg.Go(func() {
			for range 50 {
				if got := r.Full("# Kop\n\n*a* [b](https://example.org)"); got != want {
					t.Errorf("concurrent Full = %q, want %q", got, want)
				}
				_ = r.Lite("**x** www.example.org")
				_ = r.Plain("_y_ z", 3)
			}
		})
	}
	wg.Wait()
}
