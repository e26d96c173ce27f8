package web

import (
	"fmt"
	"html/template"
	"net/http"
	"time"

	"github.com/google/uuid"
	"github.com/labstack/echo/v4"

	"github.com/buurtboost/buurtboost/app/apperr"
	"github.com/buurtboost/buurtboost/app/idea"
	"github.com/buurtboost/buurtboost/app/initiative"
	"github.com/buurtboost/buurtboost/app/moderation"
	"github.com/buurtboost/buurtboost/app/municipality"
)

type ideaForm struct {
	Initiative initiative.Initiative
	Idea       idea.Idea // set when editing
	Editing    bool
	Input      idea.Input
	Errors     map[string]string
	Themes     []municipality.Theme
	// Similar lists ideas like this one after "check for similar ideas".
	Similar *similarView
}

func (s *Server) renderIdeaForm(c echo.Context, status int, f ideaForm) error {
	var err error
	if f.Themes, err = s.municipality.ListThemes(c.Request().Context()); err != nil {
		return err
	}
	return s.render(c, status, "idea_form", f)
}

func ideaInput(c echo.Context) idea.Input {
	return idea.Input{Title: c.FormValue("title"), Description: c.FormValue("description"), ThemeID: c.FormValue("theme")}
}

func (s *Server) ideaNew(c echo.Context) error {
	return s.withInitiative(c, func(ini initiative.Initiative) error {
		return s.renderIdeaForm(c, http.StatusOK, ideaForm{Initiative: ini})
	})
}

func (s *Server) ideaCreate(c echo.Context) error {
	return s.withInitiative(c, func(ini initiative.Initiative) error {
		in := ideaInput(c)
		it, err := s.ideas.Propose(c.Request().Context(), *currentUser(c), ini.ID, in)
		if errs := fieldErrors(err); errs != nil {
			return s.renderIdeaForm(c, http.StatusUnprocessableEntity, ideaForm{Initiative: ini, Input: in, Errors: errs})
		}
		if err != nil {
			return err
		}
		return c.Redirect(http.StatusSeeOther, "/idee/"+it.ID.String())
	})
}

// withIdea finds the idea of the :id parameter and its initiative.
func (s *Server) withIdea(c echo.Context, fn func(idea.Idea, initiative.Initiative) error) error {
	id, err := uuid.Parse(c.Param("id"))
	if err != nil {
		return echo.ErrNotFound
	}
	ctx := c.Request().Context()
	it, err := s.ideas.ByID(ctx, id)
	if err != nil {
		return err
	}
	ini, err := s.initiatives.ByID(ctx, it.InitiativeID)
	if err != nil {
		return err
	}
	return fn(it, ini)
}

type ideaView struct {
	Idea         idea.Idea
	Card         ideaCard
	Initiative   initiative.Initiative
	Description  template.HTML
	Theme        *municipality.Theme
	History      []historyRow
	Comments     []commentRow
	IsOrganiser  bool
	CanEdit      bool
	Statuses     []idea.Status
	Errors       map[string]string
	CommentBody  string
	StatusReason string
	Reported     bool
	// Hidden is what moderation hid of the idea (or of its initiative).
	Hidden hidden
	meta   Meta
}

func (v ideaView) PageMeta() Meta { return v.meta }

type historyRow struct {
	Status idea.Status
	Reason string
	Date   string
}

type commentRow struct {
	ID       uuid.UUID
	Author   string
	Date     string
	Body     template.HTML
	Deleted  bool
	Hidden   string
	Mine     bool
	Editable bool
	Source   string
	Replies  []commentRow
	// Appeal is the author's appeal against the hiding of their comment.
	Appeal *appealBox
}

func (s *Server) ideaPage(c echo.Context) error {
	return s.withIdea(c, func(it idea.Idea, ini initiative.Initiative) error {
		v, err := s.ideaView(c, it, ini)
		if err != nil {
			return err
		}
		v.Reported = c.QueryParam("gemeld") == "1"
		return s.render(c, http.StatusOK, "idea", v)
	})
}

func (s *Server) ideaView(c echo.Context, it idea.Idea, ini initiative.Initiative) (ideaView, error) {
	ctx := c.Request().Context()
	u := currentUser(c)
	v := ideaView{Idea: it, Initiative: ini, Description: s.markdown.Full(it.Description), Statuses: idea.Statuses()}
	cards, err := s.ideaCards(c, []idea.Idea{it})
	if err != nil {
		return v, err
	}
	v.Card = cards[0]
	if u != nil {
		if v.IsOrganiser, err = s.initiatives.IsOrganiser(ctx, ini.ID, u.ID); err != nil {
			return v, err
		}
		v.CanEdit = it.AuthorID != nil && *it.AuthorID == u.ID && it.SupportsCount == 0 && time.Since(it.CreatedAt) < idea.EditWindow
	}
	moderator := v.IsOrganiser || adminOnly.allows(u)
	if ini.Hidden() && !moderator { // so is everything on it
		v.Hidden = hidden{Notice: hiddenText(c, ini.Concealment)}
	} else if v.Hidden, err = s.hiddenFor(c, "idea", it.ID, it.Concealment, isUser(u, it.AuthorID), moderator, "/idee/"+it.ID.String()); err != nil {
		return v, err
	}
	if v.Hidden.Notice != "" { // nothing of it is shown
		v.meta = Meta{Title: localizerOf(c).T("moderation.hidden.title"), Canonical: s.absURL("/idee/" + it.ID.String())}
		return v, nil
	}
	if err := s.ideaDetails(c, &v); err != nil {
		return v, err
	}
	v.meta = Meta{Title: it.Title, Description: s.markdown.Plain(it.Description, 200), Type: "article",
		Canonical: s.absURL("/idee/" + it.ID.String())}
	if ini.CoverImage != "" {
		v.meta.Image = "/media/" + ini.CoverImage
	}
	return v, nil
}

// ideaDetails loads the theme, status history and comments.
func (s *Server) ideaDetails(c echo.Context, v *ideaView) error {
	ctx := c.Request().Context()
	lang := localizerOf(c).Lang()
	if v.Idea.ThemeID != nil {
		themes, err := s.municipality.ListThemes(ctx)
		if err != nil {
			return err
		}
		for i := range themes {
			if themes[i].ID == *v.Idea.ThemeID {
				v.Theme = &themes[i]
			}
		}
	}
	history, err := s.ideas.History(ctx, v.Idea.ID)
	if err != nil {
		return err
	}
	for _, h := range history {
		v.History = append(v.History, historyRow{Status: h.Status, Reason: h.Reason, Date: formatDate(h.CreatedAt, lang)})
	}
	viewer := idea.Viewer{Moderator: v.IsOrganiser || adminOnly.allows(currentUser(c))}
	if u := currentUser(c); u != nil {
		viewer.ID = u.ID
	}
	comments, err := s.ideas.CommentsFor(ctx, v.Idea.ID, viewer)
	if err != nil {
		return err
	}
	for _, cm := range comments {
		row, err := s.commentRow(c, cm)
		if err != nil {
			return err
		}
		for _, r := range cm.Replies {
			reply, err := s.commentRow(c, r)
			if err != nil {
				return err
			}
			row.Replies = append(row.Replies, reply)
		}
		v.Comments = append(v.Comments, row)
	}
	return nil
}

func (s *Server) commentRow(c echo.Context, cm idea.Comment) (commentRow, error) {
	u := currentUser(c)
	row := commentRow{ID: cm.ID, Author: cm.AuthorName, Date: formatDateTime(cm.CreatedAt, localizerOf(c).Lang()),
		Deleted: cm.Deleted()}
	mine := isUser(u, cm.AuthorID)
	if cm.Hidden() && !cm.Deleted() {
		row.Hidden = hiddenText(c, moderation.Concealment{HiddenReason: cm.HiddenReason, HiddenBy: cm.HiddenBy})
		if mine { // its author still reads it, and may appeal
			box, err := s.appealBox(c, moderation.Comment, cm.ID, fmt.Sprintf("/idee/%s#reactie-%s", cm.IdeaID, cm.ID))
			if err != nil {
				return row, err
			}
			row.Appeal = box
		}
	}
	row.Mine = mine && cm.Visible()
	row.Editable = row.Mine && time.Since(cm.CreatedAt) < idea.CommentEditWindow
	if cm.Body != "" { // the service leaves the text only where the viewer may read it
		row.Body = s.markdown.Lite(cm.Body)
		row.Source = cm.Body
	}
	return row, nil
}

// rerenderIdea shows the idea page again with a form error, status 422.
func (s *Server) rerenderIdea(c echo.Context, it idea.Idea, ini initiative.Initiative, errs map[string]string, fill func(*ideaView)) error {
	v, err := s.ideaView(c, it, ini)
	if err != nil {
		return err
	}
	v.Errors = errs
	if fill != nil {
		fill(&v)
	}
	return s.render(c, http.StatusUnprocessableEntity, "idea", v)
}

func (s *Server) ideaEdit(c echo.Context) error {
	return s.withIdea(c, func(it idea.Idea, ini initiative.Initiative) error {
		u := currentUser(c)
		if it.AuthorID == nil || *it.AuthorID != u.ID {
			return apperr.E(apperr.Forbidden, "error.forbidden")
		}
		in := idea.Input{Title: it.Title, Description: it.Description}
		if it.ThemeID != nil {
			in.ThemeID = it.ThemeID.String()
		}
		return s.renderIdeaForm(c, http.StatusOK, ideaForm{Initiative: ini, Idea: it, Editing: true, Input: in})
	})
}

func (s *Server) ideaSave(c echo.Context) error {
	return s.withIdea(c, func(it idea.Idea, ini initiative.Initiative) error {
		in := ideaInput(c)
		_, err := s.ideas.Edit(c.Request().Context(), *currentUser(c), it.ID, in)
		if errs := fieldErrors(err); errs != nil {
			return s.renderIdeaForm(c, http.StatusUnprocessableEntity, ideaForm{Initiative: ini, Idea: it, Editing: true, Input: in, Errors: errs})
		}
		if err != nil {
			return err
		}
		return c.Redirect(http.StatusSeeOther, "/idee/"+it.ID.String())
	})
}

func (s *Server) ideaStatus(c echo.Context) error {
	return s.withIdea(c, func(it idea.Idea, ini initiative.Initiative) error {
		reason := c.FormValue("reason")
		err := s.ideas.SetStatus(c.Request().Context(), *currentUser(c), it.ID, idea.Status(c.FormValue("status")), reason)
		if errs := fieldErrors(err); errs != nil {
			return s.rerenderIdea(c, it, ini, errs, func(v *ideaView) { v.StatusReason = reason })
		}
		if err != nil {
			return err
		}
		return c.Redirect(http.StatusSeeOther, "/idee/"+it.ID.String()+"#status")
	})
}

// support and withdraw answer an htmx request with the new button and
// count, and a plain form post with a redirect back.
func (s *Server) support(c echo.Context) error  { return s.toggleSupport(c, true) }
func (s *Server) withdraw(c echo.Context) error { return s.toggleSupport(c, false) }

func (s *Server) toggleSupport(c echo.Context, support bool) error {
	id, err := uuid.Parse(c.Param("id"))
	if err != nil {
		return echo.ErrNotFound
	}
	it, err := s.ideas.Toggle(c.Request().Context(), *currentUser(c), id, support)
	if err != nil {
		return err
	}
	if c.Request().Header.Get("HX-Request") == "true" {
		card := ideaCard{Idea: it, Supported: support, CanVote: true, CSRF: csrfToken(c), Back: backTo(c, it), Focus: true}
		return c.Render(http.StatusOK, "idea#support_button", card)
	}
	back := safeNext(c.FormValue("terug"))
	if back == "/" {
		back = "/idee/" + id.String()
	}
	return c.Redirect(http.StatusSeeOther, back)
}

func (s *Server) commentCreate(c echo.Context) error {
	return s.withIdea(c, func(it idea.Idea, ini initiative.Initiative) error {
		body := c.FormValue("body")
		var parent *uuid.UUID
		if p := c.FormValue("parent"); p != "" {
			id, err := uuid.Parse(p)
			if err != nil {
				return s.rerenderIdea(c, it, ini, map[string]string{"body": "idea.comment.parent"}, nil)
			}
			parent = &id
		}
		cm, err := s.ideas.Comment(c.Request().Context(), *currentUser(c), it.ID, parent, body)
		if errs := fieldErrors(err); errs != nil {
			return s.rerenderIdea(c, it, ini, errs, func(v *ideaView) { v.CommentBody = body })
		}
		if err != nil {
			return err
		}
		return c.Redirect(http.StatusSeeOther, "/idee/"+it.ID.String()+"#reactie-"+cm.ID.String())
	})
}

// commentAction runs fn on the :id comment and returns to its idea.
func (s *Server) commentAction(c echo.Context, fn func(id uuid.UUID) error) error {
	id, err := uuid.Parse(c.Param("id"))
	if err != nil {
		return echo.ErrNotFound
	}
	if err := fn(id); err != nil {
		return err
	}
	return c.Redirect(http.StatusSeeOther, safeNextOr(c.FormValue("terug"), "/"))
}

func (s *Server) commentEdit(c echo.Context) error {
	return s.commentAction(c, func(id uuid.UUID) error {
		return s.ideas.EditComment(c.Request().Context(), *currentUser(c), id, c.FormValue("body"))
	})
}

func (s *Server) commentDelete(c echo.Context) error {
	return s.commentAction(c, func(id uuid.UUID) error {
		return s.ideas.DeleteComment(c.Request().Context(), *currentUser(c), id)
	})
}

func (s *Server) commentHide(c echo.Context) error {
	return s.commentAction(c, func(id uuid.UUID) error {
		return s.ideas.HideComment(c.Request().Context(), *currentUser(c), id, c.FormValue("reason"))
	})
}

// report stores a report of content; moderation handles it later.
func (s *Server) report(c echo.Context) error {
	id, err := uuid.Parse(c.FormValue("target"))
	if err != nil {
		return echo.ErrNotFound
	}
	err = s.ideas.Report(c.Request().Context(), *currentUser(c), c.FormValue("kind"), id, c.FormValue("reason"), c.FormValue("text"))
	if err != nil {
		return err
	}
	back := safeNextOr(c.FormValue("terug"), "/")
	return c.Redirect(http.StatusSeeOther, back)
}

// safeNextOr is safeNext with a fallback other than the home page.
func safeNextOr(next, fallback string) string {
	if n := safeNext(next); n != "/" || next == "/" {
		return n
	}
	return fallback
}
