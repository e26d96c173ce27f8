package initiative

import (
	"net/url"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/google/uuid"
)

// Links are an initiative's places elsewhere on the web; each is empty or
// an absolute http(s) URL on a host that fits its kind.
type Links struct{ Website, Facebook, Instagram, X, WhatsApp string }

// Input is the initiative form, with ids as strings straight from the form.
// Status is only used when editing.
type Input struct {
	Title, Summary, Description string
	NeighbourhoodID             string
	ThemeIDs                    []string
	Links                       Links
	Status                      string
}

// Limits of the form fields, counted in characters (runes).
const (
	TitleMin       = 5
	TitleMax       = 90
	SummaryMax     = 160
	DescriptionMax = 10000
	MaxThemes      = 3
	LinkMax        = 500
	UpdateBodyMax  = 5000
)

// clean is an Input checked for its form and trimmed, with parsed ids. The
// ids still have to be checked against the database.
type clean struct {
	title, summary, description string
	neighbourhoodID             uuid.UUID
	themeIDs                    []uuid.UUID
	links                       Links
	status                      Status
}

// check validates what can be checked without the database and returns the
// cleaned input with every field error (field -> message key).
func (in Input) check(editing bool) (clean, map[string]string) {
	errs := map[string]string{}
	c := clean{
		title:       strings.TrimSpace(in.Title),
		summary:     strings.TrimSpace(in.Summary),
		description: strings.TrimSpace(in.Description),
	}
	setErr(errs, "title", checkLine(c.title, TitleMin, TitleMax, "initiative.title"))
	setErr(errs, "summary", checkLine(c.summary, 1, SummaryMax, "initiative.summary"))
	setErr(errs, "description", checkText(c.description, DescriptionMax, "initiative.description"))
	c.neighbourhoodID = checkNeighbourhood(in.NeighbourhoodID, errs)
	c.themeIDs = checkThemes(in.ThemeIDs, errs)
	c.links = checkLinks(in.Links, errs)
	if editing {
		st, ok := ParseStatus(strings.TrimSpace(in.Status))
		if !ok {
			errs["status"] = "initiative.status.invalid"
		}
		c.status = st
	}
	return c, errs
}

func setErr(errs map[string]string, field, key string) {
	if key != "" {
		errs[field] = key
	}
}

// checkLine checks a single-line text of min..max runes; prefix names its
// message keys.
func checkLine(s string, minRunes, maxRunes int, prefix string) string {
	if strings.ContainsAny(s, "\r\n") {
		return prefix + ".single_line"
	}
	if key := checkText(s, maxRunes, prefix); key != "" {
		return key
	}
	if utf8.RuneCountInString(s) < minRunes {
		return prefix + ".too_short"
	}
	return ""
}

// checkText checks a text of 1..max runes that may span lines.
func checkText(s string, maxRunes int, prefix string) string {
	switch {
	case s == "":
		return prefix + ".required"
	case !utf8.ValidString(s) || hasControl(s):
		return prefix + ".invalid"
	case utf8.RuneCountInString(s) > maxRunes:
		return prefix + ".too_long"
	}
	return ""
}

// hasControl reports control characters other than line breaks and tabs.
func hasControl(s string) bool {
	return strings.IndexFunc(s, func(r rune) bool {
		return unicode.IsControl(r) && r != '\n' && r != '\r' && r != '\t'
	}) >= 0
}

func checkNeighbourhood(s string, errs map[string]string) uuid.UUID {
	s = strings.TrimSpace(s)
	if s == "" {
		errs["neighbourhood"] = "initiative.neighbourhood.required"
		return uuid.Nil
	}
	id, err := uuid.Parse(s)
	if err != nil {
		errs["neighbourhood"] = "initiative.neighbourhood.unknown"
	}
	return id
}

// checkThemes parses the chosen themes; a theme ticked twice counts once.
func checkThemes(raw []string, errs map[string]string) []uuid.UUID {
	var ids []uuid.UUID
	seen := map[uuid.UUID]bool{}
	for _, s := range raw {
		id, err := uuid.Parse(strings.TrimSpace(s))
		if err != nil {
			errs["themes"] = "initiative.themes.unknown"
			return nil
		}
		if !seen[id] {
			seen[id] = true
			ids = append(ids, id)
		}
	}
	switch {
	case len(ids) == 0:
		errs["themes"] = "initiative.themes.required"
	case len(ids) > MaxThemes:
		errs["themes"] = "initiative.themes.too_many"
	}
	return ids
}

// linkKinds pairs each link with its form field and the hosts it may point
// at; nil hosts means any host.
func linkKinds(l *Links) []struct {
	field string
	value *string
	hosts []string
} {
	return []struct {
		field string
		value *string
		hosts []string
	}{
		{"website_url", &l.Website, nil},
		{"facebook_url", &l.Facebook, []string{"facebook.com", "fb.com"}},
		{"instagram_url", &l.Instagram, []string{"instagram.com"}},
		{"x_url", &l.X, []string{"x.com", "twitter.com"}},
		{"whatsapp_url", &l.WhatsApp, []string{"chat.whatsapp.com", "wa.me"}},
	}
}

func checkLinks(in Links, errs map[string]string) Links {
	out := in
	for _, k := range linkKinds(&out) {
		*k.value = strings.TrimSpace(*k.value)
		setErr(errs, k.field, checkLink(*k.value, k.hosts, k.field))
	}
	return out
}

// checkLink accepts "" or an absolute http(s) URL without user info whose
// host is one of hosts or a subdomain of one (www., m., …).
func checkLink(s string, hosts []string, field string) string {
	if s == "" {
		return ""
	}
	if len(s) > LinkMax {
		return "initiative.link.too_long"
	}
	u, err := url.Parse(s)
	if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.User != nil ||
		u.Hostname() == "" || strings.ContainsFunc(s, unicode.IsSpace) || hasControl(s) {
		return "initiative.link.invalid"
	}
	if hosts == nil {
		return ""
	}
	host := strings.TrimSuffix(strings.ToLower(u.Hostname()), ".")
	for _, h := range hosts {
		if host == h || strings.HasSuffix(host, "."+h) {
			return ""
		}
	}
	return "initiative." + field + ".host"
}

// checkBody checks the text of an update.
func checkBody(body string) (string, error) {
	body = strings.TrimSpace(body)
	if key := checkText(body, UpdateBodyMax, "initiative.update.body"); key != "" {
		return "", invalid(map[string]string{"body": key})
	}
	return body, nil
}
