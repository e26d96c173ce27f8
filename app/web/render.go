package web

import (
	"bytes"
	"fmt"
	"html/template"
	"io"
	"io/fs"
	"path"
	"strings"

	"github.com/labstack/echo/v4"

	"github.com/buurtboost/buurtboost/app/i18n"
	"github.com/buurtboost/buurtboost/app/share"
)

// Renderer parses every page with the layout and partials once per
// language at start, with "t" bound to that language's catalogue, so a
// render is only an execution. It renders into a buffer so that a template
// error becomes a clean error page instead of half a page. In dev mode it
// re-reads the files from disk on every render.
type Renderer struct {
	fsys    fs.FS
	assets  *Assets
	catalog *i18n.Catalog
	dev     bool
	pages   map[string]map[string]*template.Template // page -> lang -> set
}

// NewRenderer parses the views in fsys.
func NewRenderer(fsys fs.FS, assets *Assets, catalog *i18n.Catalog, dev bool) (*Renderer, error) {
	r := &Renderer{fsys: fsys, assets: assets, catalog: catalog, dev: dev}
	pages, err := r.parse()
	if err != nil {
		return nil, err
	}
	r.pages = pages
	return r, nil
}

// funcs are the template helpers for one language.
func (r *Renderer) funcs(loc *i18n.Localizer) template.FuncMap {
	return template.FuncMap{
		"t":     loc.T,
		"lang":  loc.Lang,
		"asset": r.assets.URL,
		"add":   func(a, b int) int { return a + b },
		"list":  func(items ...string) []string { return items },
		"field": newField,
		"commentCtx": func(row commentRow, page *Page, ideaID any) commentCtx {
			v, _ := page.Data.(ideaView)
			return commentCtx{Comment: row, Page: page, IdeaID: fmt.Sprint(ideaID), Organiser: v.IsOrganiser}
		},
		"replyCtx": func(row commentRow, parent commentCtx) commentCtx {
			parent.Comment, parent.Reply = row, true
			return parent
		},
		"volInput": newVolInput,
		// moderated and reportOf feed the partials of moderation.html.
		"moderated": func(h hidden, page *Page) moderatedCtx { return moderatedCtx{Hidden: h, CSRF: page.CSRF} },
		"appealOf": func(box *appealBox, page *Page) moderatedCtx {
			return moderatedCtx{Hidden: hidden{Appeal: box}, CSRF: page.CSRF}
		},
		"reportOf": func(kind string, target any, back string, page *Page) reportCtx {
			return reportCtx{Kind: kind, Target: fmt.Sprint(target), Back: back, CSRF: page.CSRF}
		},
		// shareLinks are the plain share links of a page (see reach_handlers.go).
		"shareLinks": share.Links,
	}
}

func (r *Renderer) parse() (map[string]map[string]*template.Template, error) {
	shared, err := fs.Glob(r.fsys, "layout/*.html")
	if err != nil {
		return nil, err
	}
	partials, err := fs.Glob(r.fsys, "partials/*.html")
	if err != nil {
		return nil, err
	}
	shared = append(shared, partials...)
	pageFiles, err := fs.Glob(r.fsys, "pages/*.html")
	if err != nil {
		return nil, err
	}
	pages := make(map[string]map[string]*template.Template, len(pageFiles))
	for _, pf := range pageFiles {
		name := strings.TrimSuffix(path.Base(pf), ".html")
		pages[name] = map[string]*template.Template{}
		for _, lang := range i18n.Languages() {
			t, err := template.New(name).Funcs(r.funcs(r.catalog.Localizer(lang))).
				ParseFS(r.fsys, append([]string{pf}, shared...)...)
			if err != nil {
				return nil, fmt.Errorf("parse view %s: %w", name, err)
			}
			pages[name][lang] = t
		}
	}
	return pages, nil
}

// Render implements echo.Renderer. name is a page ("home"), rendered in the
// base layout, or "page#block" for one block of a page: the fragment an
// htmx request swaps in. The request's language picks the parsed set.
func (r *Renderer) Render(w io.Writer, name string, data any, c echo.Context) error {
	pages := r.pages
	if r.dev {
		var err error
		if pages, err = r.parse(); err != nil {
			return err
		}
	}
	page, block := name, "base"
	if i := strings.IndexByte(name, '#'); i >= 0 {
		page, block = name[:i], name[i+1:]
	}
	lang := i18n.Languages()[0]
	if loc := localizerOf(c); loc != nil { // nil for errors raised before the locale middleware
		lang = loc.Lang()
	}
	t, ok := pages[page][lang]
	if !ok {
		return fmt.Errorf("render: no view %q", name)
	}
	var buf bytes.Buffer
	if err := t.ExecuteTemplate(&buf, block, data); err != nil {
		return fmt.Errorf("render %s: %w", name, err)
	}
	_, err := buf.WriteTo(w)
	return err
}

func localizerOf(c echo.Context) *i18n.Localizer {
	if l, ok := c.Get(ctxLocalizer).(*i18n.Localizer); ok {
		return l
	}
	return nil
}

// formField is what the text_field and textarea_field partials show: the
// label, help and error are message keys.
type formField struct {
	Name, Label, Help, Value, Error, Max string
}

// Describedby lists the ids of the help text and the error message.
func (f formField) Describedby() string {
	ids := []string{}
	if f.Help != "" {
		ids = append(ids, f.Name+"-uitleg")
	}
	if f.Error != "" {
		ids = append(ids, f.Name+"-fout")
	}
	return strings.Join(ids, " ")
}

// newField takes the value and error as any: a key missing from a nil
// error map reaches the template as no value at all.
func newField(name, label, help string, value, errKey any, max string) formField {
	return formField{Name: name, Label: label, Help: help, Value: str(value), Error: str(errKey), Max: max}
}

func str(v any) string {
	if s, ok := v.(string); ok {
		return s
	}
	return ""
}

// commentCtx is what the comment partial needs besides the comment: the
// page (for the viewer and the CSRF token) and the idea it belongs to.
// moderatedCtx is hidden content's banner and appeal, with the form token.
type moderatedCtx struct {
	Hidden hidden
	CSRF   string
}

// reportCtx is the report form for one item.
type reportCtx struct{ Kind, Target, Back, CSRF string }

type commentCtx struct {
	Comment   commentRow
	Page      *Page
	IdeaID    string
	Organiser bool
	Reply     bool
}
