package idea

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// textRule is what a text field accepts, counted in runes after trimming,
// with the message key for each way to break it.
type textRule struct {
	min, max  int
	multiLine bool // allows \n, \r and \t
	required  string
	tooShort  string
	tooLong   string
}

// The text fields of this package.
var (
	titleRule       = textRule{5, 90, false, "idea.title.required", "idea.title.too_short", "idea.title.too_long"}
	descriptionRule = textRule{1, 5000, true, "idea.description.required", "", "idea.description.too_long"}
	reasonRule      = textRule{1, 280, true, "idea.reason.required", "", "idea.reason.too_long"}
	commentRule     = textRule{1, 2000, true, "idea.comment.body.required", "", "idea.comment.body.too_long"}
	reportTextRule  = textRule{0, 1000, true, "", "", "idea.report.text.too_long"}
)

// controlKey is the message for text with control characters in it.
const controlKey = "idea.text.control"

// check trims s and returns it with the message key of what is wrong with
// it, or "" when it is fine.
func (r textRule) check(s string) (string, string) {
	s = strings.TrimSpace(s)
	n := utf8.RuneCountInString(s)
	switch {
	case n == 0 && r.min > 0:
		return s, r.required
	case n < r.min:
		return s, r.tooShort
	case n > r.max:
		return s, r.tooLong
	case hasControl(s, r.multiLine):
		return s, controlKey
	}
	return s, ""
}

// hasControl reports whether s holds a control character, other than line
// breaks and tabs in multi-line text, or invalid UTF-8.
func hasControl(s string, multiLine bool) bool {
	if !utf8.ValidString(s) {
		return true
	}
	for _, r := range s {
		if multiLine && (r == '\n' || r == '\r' || r == '\t') {
			continue
		}
		if unicode.IsControl(r) {
			return true
		}
	}
	return false
}

// fieldErrors collects the message key of each invalid form field.
type fieldErrors map[string]string

// add records key for field unless key is "" or the field already has one.
func (fe fieldErrors) add(field, key string) {
	if key != "" && fe[field] == "" {
		fe[field] = key
	}
}
