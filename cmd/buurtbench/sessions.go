package main

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"strings"

	"github.com/buurtboost/buurtboost/app/demo"
)

// resident is a logged-in bench client: the cookies a browser would send
// and the CSRF token its pages would carry.
type resident struct {
	cookie string // the Cookie header
	csrf   string
}

// logIn starts sessions for up to n demo residents directly (no login
// provider is involved) and fetches the home page once with each, as a
// browser would, for its CSRF cookie.
func logIn(ctx context.Context, s *server, n int) ([]resident, error) {
	users, err := s.svc.Accounts.UsersOfProvider(ctx, demo.ResidentProvider)
	if err != nil {
		return nil, err
	}
	base, err := url.Parse(s.base)
	if err != nil {
		return nil, err
	}
	var out []resident
	for _, u := range users[:min(n, len(users))] {
		token, err := s.svc.Accounts.StartSession(ctx, u.ID, "buurtbench", "")
		if err != nil {
			return nil, err
		}
		r, err := visitHome(ctx, base, token)
		if err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("no users of provider %s to log in", demo.ResidentProvider)
	}
	return out, nil
}

func visitHome(ctx context.Context, base *url.URL, token string) (resident, error) {
	jar, err := cookiejar.New(nil)
	if err != nil {
		return resident{}, err
	}
	// The session cookie's name is the one the server uses on http.
	jar.SetCookies(base, []*http.Cookie{{Name: "bb_session", Value: token, Path: "/"}})
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, base.String()+"/", nil)
	if err != nil {
		return resident{}, err
	}
	res, err := (&http.Client{Jar: jar}).Do(req)
	if err != nil {
		return resident{}, err
	}
	_, _ = io.Copy(io.Discard, res.Body)
	_ = res.Body.Close()
	if res.StatusCode != http.StatusOK {
		return resident{}, fmt.Errorf("GET / as a resident: status %d", res.StatusCode)
	}
	var r resident
	var pairs []string
	for _, c := range jar.Cookies(base) {
		pairs = append(pairs, c.Name+"="+c.Value)
		if strings.HasSuffix(c.Name, "_csrf") {
			r.csrf = c.Value
		}
	}
	r.cookie = strings.Join(pairs, "; ")
	if r.csrf == "" || !strings.Contains(r.cookie, token) {
		return resident{}, fmt.Errorf("GET / as a resident: no session or CSRF cookie (%d cookies)", len(pairs))
	}
	return r, nil
}
