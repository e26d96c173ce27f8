package login

import (
	"context"
	"crypto/rand"
	"crypto/subtle"
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"strings"

	"github.com/markbates/goth"
	"github.com/markbates/goth/providers/apple"
	"golang.org/x/oauth2"

	"github.com/buurtboost/buurtboost/app/account"
)

// The ways a callback can fail; the web layer shows each its own page.
var (
	ErrState       = errors.New("login: state does not match this browser's attempt")
	ErrDenied      = errors.New("login: the provider reported an error or the user cancelled")
	ErrUnavailable = errors.New("login: the provider could not be reached or refused the code")
	ErrNonce       = errors.New("login: ID token nonce does not match")
)

// Begin starts an attempt at p: it returns the provider's authorization URL
// and the attempt to keep in the browser's cookie.
func (p *Provider) Begin(ctx context.Context, next, linkTo string) (string, Attempt, error) {
	gp, err := p.build(ctx)
	if err != nil {
		return "", Attempt{}, fmt.Errorf("%w: %v", ErrUnavailable, err)
	}
	a := Attempt{Provider: p.Name, State: random(), Next: next, LinkTo: linkTo}
	sess, err := gp.BeginAuth(a.State)
	if err != nil {
		return "", Attempt{}, err
	}
	authURL, err := sess.GetAuthURL()
	if err != nil {
		return "", Attempt{}, err
	}
	u, err := url.Parse(authURL)
	if err != nil {
		return "", Attempt{}, err
	}
	q := u.Query()
	if p.pkce {
		a.Verifier = oauth2.GenerateVerifier()
		q.Set("code_challenge", oauth2.S256ChallengeFromVerifier(a.Verifier))
		q.Set("code_challenge_method", "S256")
	}
	if p.nonce {
		a.Nonce = random()
		q.Set("nonce", a.Nonce)
	}
	u.RawQuery = q.Encode()
	a.Session = sess.Marshal()
	return u.String(), a, nil
}

// Finish checks the callback's parameters against the attempt, exchanges
// the code and returns who logged in. Tokens are dropped here.
func (p *Provider) Finish(ctx context.Context, a Attempt, params url.Values) (account.Profile, error) {
	if a.Provider != p.Name || a.State == "" ||
		subtle.ConstantTimeCompare([]byte(a.State), []byte(params.Get("state"))) != 1 {
		return account.Profile{}, ErrState
	}
	if params.Get("error") != "" || params.Get("code") == "" {
		return account.Profile{}, ErrDenied
	}
	gp, err := p.build(ctx)
	if err != nil {
		return account.Profile{}, fmt.Errorf("%w: %v", ErrUnavailable, err)
	}
	sess, err := gp.UnmarshalSession(a.Session)
	if err != nil {
		return account.Profile{}, ErrState
	}
	exchange := url.Values{"code": {params.Get("code")}}
	if a.Verifier != "" {
		exchange.Set("code_verifier", a.Verifier)
	}
	if _, err := sess.Authorize(gp, exchange); err != nil {
		return account.Profile{}, fmt.Errorf("%w: %v", ErrUnavailable, err)
	}
	user, err := gp.FetchUser(sess)
	if err != nil {
		return account.Profile{}, fmt.Errorf("%w: %v", ErrUnavailable, err)
	}
	if a.Nonce != "" && claim(user.RawData, "nonce") != a.Nonce {
		return account.Profile{}, ErrNonce
	}
	if user.UserID == "" {
		return account.Profile{}, fmt.Errorf("%w: no subject", ErrUnavailable)
	}
	return profile(p.Name, user, sess, params), nil
}

// profile keeps only what Buurtboost stores: subject, a name, an https
// avatar and the e-mail address when the provider says it is verified.
func profile(provider string, u goth.User, sess goth.Session, params url.Values) account.Profile {
	p := account.Profile{Provider: provider, Subject: u.UserID, AvatarURL: u.AvatarURL}
	p.Name = firstNonEmpty(u.Name, strings.TrimSpace(u.FirstName+" "+u.LastName), u.NickName)
	if emailVerified(u, sess) {
		p.Email = u.Email
	}
	if provider == "apple" && p.Name == "" {
		p.Name = appleName(params.Get("user"))
	}
	return p
}

// emailVerified reads the provider's own statement that the address is
// verified. Providers that make none (Facebook, Microsoft, X) give no
// e-mail address to Buurtboost.
func emailVerified(u goth.User, sess goth.Session) bool {
	if u.Email == "" {
		return false
	}
	if s, ok := sess.(*apple.Session); ok {
		return s.ID.EmailVerified
	}
	return isTrue(u.RawData["email_verified"]) || isTrue(u.RawData["verified_email"])
}

// appleName reads the name Apple posts once, on the first login.
func appleName(raw string) string {
	var v struct {
		Name struct{ FirstName, LastName string }
	}
	if json.Unmarshal([]byte(raw), &v) != nil {
		return ""
	}
	return strings.TrimSpace(v.Name.FirstName + " " + v.Name.LastName)
}

func isTrue(v any) bool {
	switch b := v.(type) {
	case bool:
		return b
	case string:
		return b == "true"
	}
	return false
}

func claim(raw map[string]any, name string) string {
	s, _ := raw[name].(string)
	return s
}

func firstNonEmpty(ss ...string) string {
	for _, s := range ss {
		if strings.TrimSpace(s) != "" {
			return s
		}
	}
	return ""
}

// random returns 256 bits, URL-safe.
func random() string { return rand.Text() + rand.Text() }
