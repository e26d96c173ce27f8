// Package xsscorpus hands tests the shared corpus of cross-site scripting
// payloads in testdata/xss.txt, so the Markdown renderer and the web layer
// are tested against the same list. It is meant for tests only; nothing
// outside _test.go files should import it.
package xsscorpus

import (
	_ "embed"
	"strings"
)

//go:embed testdata/xss.txt
var corpus string

// Payloads returns the payloads of testdata/xss.txt in file order, with
// comment lines ("// …") and empty lines left out and the escapes \n, \t
// and \\ turned into a newline, a tab and a backslash.
func Payloads() []string {
	var payloads []string
	for _, line := range strings.Split(corpus, "\n") {
		line = strings.TrimSuffix(line, "\r")
		if line == "" || strings.HasPrefix(line, "// ") || line == "//" {
			continue
		}
		payloads = append(payloads, unescape(line))
	}
	return payloads
}

// unescape turns \n, \t and \\ into their characters and leaves any other
// backslash alone.
func unescape(line string) string {
	var b strings.Builder
	for i := 0; i < len(line); i++ {
		if line[i] == '\\' && i+1 < len(line) {
			switch line[i+1] {
			case 'n':
				b.WriteByte('\n')
				i++
				continue
			case 't':
				b.WriteByte('\t')
				i++
				continue
			case '\\':
				b.WriteByte('\\')
				i++
				continue
			}
		}
		b.WriteByte(line[i])
	}
	return b.String()
}
