package web

import (
	"net/http"
	"strings"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/buurtboost/buurtboost/app/privacy"
)

// statementView is a page of titled sections from the catalogues, such as
// the privacy and accessibility statements.
type statementView struct {
	Title, Intro string
	Sections     []statementSection
}

// statementSection is a titled paragraph. Its body gets the municipality's
// name, and Days and Warning where it speaks of a period; Link, when set,
// follows it with LinkText.
type statementSection struct {
	Title, Body    string
	Days, Warning  int
	Link, LinkText string
}

func sections(prefix string, names ...string) []statementSection {
	out := make([]statementSection, 0, len(names))
	for _, n := range names {
		out = append(out, statementSection{Title: prefix + n + ".title", Body: prefix + n + ".body"})
	}
	return out
}

// privacyStatement shows what Buurtboost stores, why and for how long,
// and where to go with questions: made from the municipality's settings
// and ACCOUNT_RETENTION_DAYS.
func (s *Server) privacyStatement(c echo.Context) error {
	st, err := s.municipality.Settings(c.Request().Context())
	if err != nil {
		return err
	}
	return s.render(c, http.StatusOK, "statement", privacyView(st.PrivacyContact, s.cfg.AccountRetentionDays))
}

// privacyView is the privacy statement for a privacy contact (an e-mail or
// https address, or empty) and a retention period in days (0: none).
func privacyView(contact string, retentionDays int) statementView {
	v := statementView{
		Title: "privacy.title", Intro: "privacy.intro",
		Sections: sections("privacy.", "what", "why"),
	}
	retention := statementSection{Title: "privacy.retention.title", Body: "privacy.retention.off.body"}
	if retentionDays > 0 {
		retention.Body, retention.Days = "privacy.retention.body", retentionDays
		retention.Warning = int(privacy.WarningPeriod / (24 * time.Hour))
	}
	v.Sections = append(v.Sections, retention)
	v.Sections = append(v.Sections, sections("privacy.", "gemeente", "rights")...)
	ask := statementSection{Title: "privacy.contact.title", Body: "privacy.contact.none"}
	switch {
	case strings.HasPrefix(contact, "https://"):
		ask.Body, ask.Link, ask.LinkText = "privacy.contact.body", contact, contact
	case strings.Contains(contact, "@"):
		ask.Body, ask.Link, ask.LinkText = "privacy.contact.body", "mailto:"+contact, contact
	}
	v.Sections = append(v.Sections, ask)
	return v
}

// accessibilityStatement shows the standard Buurtboost follows and how to
// report a barrier.
func (s *Server) accessibilityStatement(c echo.Context) error {
	return s.render(c, http.StatusOK, "statement", accessibilityView())
}

func accessibilityView() statementView {
	return statementView{
		Title: "accessibility.title", Intro: "accessibility.intro",
		Sections: sections("accessibility.", "standard", "how", "feedback"),
	}
}
