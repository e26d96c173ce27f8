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
)

// Renderer parses every page with the layout and partials once, at start,
// and renders into a buffer so that a template error becomes a clean error
// page instead of half a page. In dev mode it re-reads the files from disk on
// every render.
type Renderer struct {
	fsys    fs.FS
	assets  *Assets
	catalog *i18n.Catalog
	dev     bool
	pages   map[string]*template.Template
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

// funcs are the template helpers. "t" and "lang" are placeholders here and
// are bound to the request's language on a Clone before each render.
func (r *Renderer) funcs() template.FuncMap {
	return template.FuncMap{
		"t":     func(key string, args ...any) string { return key },
		"lang":  func() string { return "nl" },
		"asset": r.assets.URL,
	}
}

func (r *Renderer) parse() (map[string]*template.Template, error) {
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
	pages := make(map[string]*template.Template, len(pageFiles))
	for _, pf := range pageFiles {
		name := strings.TrimSuffix(path.Base(pf), ".html")
		t, err := template.New(name).Funcs(r.funcs()).ParseFS(r.fsys, append([]string{pf}, shared...)...)
		if err != nil {
			return nil, fmt.Errorf("parse view %s: %w", name, err)
		}
		pages[name] = t
	}
	return pages, nil
}

// Render implements echo.Renderer. data must be a *Page; the page's
// localizer decides the language of every "t" call.
func (r *Renderer) Render(w io.Writer, name string, data any, c echo.Context) error {
	pages := r.pages
	if r.dev {
		var err error
		if pages, err = r.parse(); err != nil {
			return err
		}
	}
	base, ok := pages[name]
	if !ok {
		return fmt.Errorf("render: no view %q", name)
	}
	loc := localizerOf(c)
	if loc == nil { // an error raised before the locale middleware ran
		loc = r.catalog.Localizer(i18n.Languages()[0])
	}
	t, err := base.Clone()
	if err != nil {
		return fmt.Errorf("render %s: %w", name, err)
	}
	t.Funcs(template.FuncMap{"t": loc.T, "lang": loc.Lang})
	var buf bytes.Buffer
	if err := t.ExecuteTemplate(&buf, "base", data); err != nil {
		return fmt.Errorf("render %s: %w", name, err)
	}
	_, err = buf.WriteTo(w)
	return err
}

func localizerOf(c echo.Context) *i18n.Localizer {
	if l, ok := c.Get(ctxLocalizer).(*i18n.Localizer); ok {
		return l
	}
	return nil
}
