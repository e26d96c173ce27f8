package web

import (
	"net/http"

	"github.com/labstack/echo/v4"
)

// statementView is a page of titled sections from the catalogues, such as
// the privacy and accessibility statements.
type statementView struct {
	Title, Intro string
	Sections     []statementSection
}

type statementSection struct{ Title, Body string }

func sections(prefix string, names ...string) []statementSection {
	out := make([]statementSection, 0, len(names))
	for _, n := range names {
		out = append(out, statementSection{Title: prefix + n + ".title", Body: prefix + n + ".body"})
	}
	return out
}

// privacyStatement shows what Buurtboost stores, why and for how long.
func (s *Server) privacyStatement(c echo.Context) error {
	return s.render(c, http.StatusOK, "statement", privacyView())
}

func privacyView() statementView {
	return statementView{
		Title: "privacy.title", Intro: "privacy.intro",
		Sections: sections("privacy.", "what", "why", "gemeente", "rights"),
	}
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
