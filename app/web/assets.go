package web

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io/fs"
	"mime"
	"net/http"
	"path"
	"strings"

	"github.com/labstack/echo/v4"
)

// Assets serves the static files under content-hash URLs
// (/static/css/app.3f2a9c1b.css), so browsers may cache them for a year:
// a changed file gets a new URL.
type Assets struct {
	fsys   fs.FS
	hashed map[string]string // logical path -> URL
	byURL  map[string]string // URL -> logical path
}

// NewAssets hashes every file in fsys once.
func NewAssets(fsys fs.FS) (*Assets, error) {
	a := &Assets{fsys: fsys, hashed: map[string]string{}, byURL: map[string]string{}}
	err := fs.WalkDir(fsys, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || strings.HasSuffix(p, ".go") {
			return err
		}
		data, err := fs.ReadFile(fsys, p)
		if err != nil {
			return err
		}
		sum := sha256.Sum256(data)
		ext := path.Ext(p)
		url := "/static/" + strings.TrimSuffix(p, ext) + "." + hex.EncodeToString(sum[:])[:12] + ext
		a.hashed[p], a.byURL[url] = url, p
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("hash static files: %w", err)
	}
	return a, nil
}

// URL returns the content-hash URL of a static file. An unknown file is a
// programming error that the template tests catch; it yields a URL that 404s
// rather than a broken page.
func (a *Assets) URL(logical string) string {
	if u, ok := a.hashed[logical]; ok {
		return u
	}
	return "/static/missing/" + logical
}

// Handler serves a static file by its content-hash URL.
func (a *Assets) Handler(c echo.Context) error {
	logical, ok := a.byURL[c.Request().URL.Path]
	if !ok {
		return echo.ErrNotFound
	}
	data, err := fs.ReadFile(a.fsys, logical)
	if err != nil {
		return fmt.Errorf("read static %s: %w", logical, err)
	}
	h := c.Response().Header()
	h.Set(echo.HeaderCacheControl, "public, max-age=31536000, immutable")
	ctype := mime.TypeByExtension(path.Ext(logical))
	if ctype == "" {
		ctype = http.DetectContentType(data)
	}
	return c.Blob(http.StatusOK, ctype, data)
}
