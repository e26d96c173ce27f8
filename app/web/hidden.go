package web

import (
	"net/http"

	"github.com/google/uuid"
	"github.com/labstack/echo/v4"

	"github.com/buurtboost/buurtboost/app/account"
	"github.com/buurtboost/buurtboost/app/initiative"
	"github.com/buurtboost/buurtboost/app/moderation"
)

// hidden is what a page shows of content that moderation hid.
type hidden struct {
	// Notice replaces the content for visitors who may not see it:
	// "hidden by the moderators: reason".
	Notice string
	// Own is the same text above the content for its authors and its
	// moderators, who still see it.
	Own string
	// Appeal is the author's appeal (a form, or how it went); nil for
	// everyone else.
	Appeal *appealBox
}

// appealBox is an author's appeal against the hiding of their content.
type appealBox struct {
	Kind, Target, Back string
	Latest             *moderation.Appeal
	// CanFile: no appeal yet, or the last one restored the item and it was
	// hidden again since.
	CanFile bool
}

// hiddenText is the localised reason an item is hidden.
func hiddenText(c echo.Context, cc moderation.Concealment) string {
	l := localizerOf(c)
	reason := cc.HiddenReason
	if cc.PendingReview() {
		reason = l.T("moderation.auto_hidden")
	}
	return l.T("moderation.hidden_by", "Reason", reason)
}

// hiddenFor decides what the viewer sees of an item with concealment cc:
// nothing special when it is visible; the content with a banner (and, for
// an author, the appeal) when they wrote or moderate it; otherwise only
// the notice.
func (s *Server) hiddenFor(c echo.Context, kind string, id uuid.UUID, cc moderation.Concealment, author, moderator bool, back string) (hidden, error) {
	if !cc.Hidden() {
		return hidden{}, nil
	}
	text := hiddenText(c, cc)
	if !author && !moderator {
		return hidden{Notice: text}, nil
	}
	h := hidden{Own: text}
	if author {
		box, err := s.appealBox(c, kind, id, back)
		if err != nil {
			return h, err
		}
		h.Appeal = box
	}
	return h, nil
}

func (s *Server) appealBox(c echo.Context, kind string, id uuid.UUID, back string) (*appealBox, error) {
	a, ok, err := s.appeals.Latest(c.Request().Context(), kind, id)
	if err != nil {
		return nil, err
	}
	box := &appealBox{Kind: kind, Target: id.String(), Back: back, CanFile: !ok || a.Decision == moderation.Restored}
	if ok {
		box.Latest = &a
	}
	return box, nil
}

// isUser reports whether u is the user with id.
func isUser(u *account.User, id *uuid.UUID) bool { return u != nil && id != nil && *id == u.ID }

// appealForm is the appeal page: shown again with its error when an
// appeal is refused for its text.
type appealForm struct {
	Box    appealBox
	Text   string
	Errors map[string]string
}

// appeal files the author's appeal against the hiding of their content,
// for the administrators.
func (s *Server) appeal(c echo.Context) error {
	id, err := uuid.Parse(c.FormValue("target"))
	if err != nil {
		return echo.ErrNotFound
	}
	kind, text := c.FormValue("kind"), c.FormValue("text")
	back := safeNextOr(c.FormValue("terug"), "/")
	_, err = s.appeals.File(c.Request().Context(), *currentUser(c), kind, id, text)
	if errs := fieldErrors(err); errs != nil {
		box := appealBox{Kind: kind, Target: id.String(), Back: back, CanFile: true}
		return s.render(c, http.StatusUnprocessableEntity, "appeal", appealForm{Box: box, Text: text, Errors: errs})
	}
	if err != nil {
		return err
	}
	return c.Redirect(http.StatusSeeOther, back)
}

// hiddenPage is the page of content on an initiative that moderation hid,
// for whoever may not see it.
type hiddenPage struct{ Notice string }

// renderIfHidden answers with the moderators' reason instead of a page on
// ini (an activity, a task) when ini is hidden and the viewer neither
// organises it nor administers the site; it reports whether it did.
func (s *Server) renderIfHidden(c echo.Context, ini initiative.Initiative) (bool, error) {
	if !ini.Hidden() {
		return false, nil
	}
	u := currentUser(c)
	if adminOnly.allows(u) {
		return false, nil
	}
	if u != nil {
		if ok, err := s.initiatives.IsOrganiser(c.Request().Context(), ini.ID, u.ID); err != nil || ok {
			return false, err
		}
	}
	return true, s.render(c, http.StatusOK, "hidden", hiddenPage{Notice: hiddenText(c, ini.Concealment)})
}
