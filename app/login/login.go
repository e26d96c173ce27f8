// Package login runs the OAuth 2 / OpenID Connect authorization-code flow
// with goth providers and turns what a provider says into an
// account.Profile. It keeps nothing: the per-attempt state travels in a
// short-lived signed cookie (see Attempt), and tokens are dropped as soon
// as the user's identity is known.
package login

import (
	"context"
	"net/http"
	"net/url"
	"time"

	"github.com/markbates/goth"
	"github.com/markbates/goth/providers/apple"
	"github.com/markbates/goth/providers/facebook"
	"github.com/markbates/goth/providers/google"
	"github.com/markbates/goth/providers/microsoftonline"

	"github.com/buurtboost/buurtboost/app/config"
)

// Timeout bounds every call to a provider: a provider that is down or slow
// gets a friendly page after this long, not a hanging request.
const Timeout = 10 * time.Second

// OIDCName is goth's name for the generic OpenID Connect provider, and so
// the path segment of its routes.
const OIDCName = "openid-connect"

// Provider is one enabled login provider.
type Provider struct {
	Name  string // the route segment: google, facebook, twitter, apple, microsoftonline, openid-connect
	Label string // the button text; empty means the catalogue's label for Name
	// pkce and nonce say what the provider's goth implementation can
	// verify; where it can, every attempt uses them.
	pkce, nonce bool
	build       func(ctx context.Context) (goth.Provider, error)
}

// Registry holds the enabled providers in the order their buttons show.
type Registry struct {
	list []*Provider
}

// NewRegistry enables the providers the configuration names. Callback URLs
// are BASE_URL/auth/<name>/callback.
func NewRegistry(cfg config.Login, baseURL *url.URL) (*Registry, error) {
	client := &http.Client{Timeout: Timeout}
	callback := func(name string) string { return baseURL.JoinPath("auth", name, "callback").String() }
	r := &Registry{}
	add := func(p *Provider) { r.list = append(r.list, p) }
	if a := cfg.Google; a.Enabled() {
		p := google.New(a.ClientID, a.ClientSecret, callback("google"), "openid", "email", "profile")
		p.HTTPClient = client
		add(static("google", p))
	}
	if a := cfg.Facebook; a.Enabled() {
		p := facebook.New(a.ClientID, a.ClientSecret, callback("facebook"), "email", "public_profile")
		p.HTTPClient = client
		add(static("facebook", p))
	}
	if a := cfg.Twitter; a.Enabled() {
		p := newX(a.ClientID, a.ClientSecret, callback("twitter"), client)
		add(&Provider{Name: "twitter", pkce: true, build: func(context.Context) (goth.Provider, error) { return p, nil }})
	}
	if a := cfg.Apple; a.Enabled() {
		p, err := newApple(a, callback("apple"), client)
		if err != nil {
			return nil, err
		}
		add(static("apple", p))
	}
	if a := cfg.Microsoft; a.Enabled() {
		p := microsoftonline.New(a.ClientID, a.ClientSecret, callback("microsoftonline"), "openid", "profile", "User.Read")
		p.HTTPClient = client
		add(static("microsoftonline", p))
	}
	if a := cfg.OIDC; a.Enabled() {
		o := &oidc{app: a, callback: callback(OIDCName), client: client}
		add(&Provider{Name: OIDCName, Label: a.Name, pkce: true, nonce: true, build: o.provider})
	}
	return r, nil
}

func static(name string, p goth.Provider) *Provider {
	return &Provider{Name: name, build: func(context.Context) (goth.Provider, error) { return p, nil }}
}

func newApple(a config.AppleApp, callback string, client *http.Client) (goth.Provider, error) {
	// Apple's client secret is a JWT signed with the app's key, valid for
	// at most six months; the process makes a fresh one at every start.
	secret, err := apple.MakeSecret(apple.SecretParams{
		PKCS8PrivateKey: a.PrivateKey, TeamId: a.TeamID, KeyId: a.KeyID,
		ClientId: a.ClientID, Iat: int(time.Now().Unix()), Exp: int(time.Now().Add(150 * 24 * time.Hour).Unix()),
	})
	if err != nil {
		return nil, &config.Error{Var: "APPLE_PRIVATE_KEY", Expect: "the PKCS#8 private key (.p8 file contents) of your Sign in with Apple key"}
	}
	return apple.New(a.ClientID, *secret, callback, client, apple.ScopeName, apple.ScopeEmail), nil
}

// List returns the enabled providers in button order.
func (r *Registry) List() []*Provider { return r.list }

// Get returns the enabled provider called name.
func (r *Registry) Get(name string) (*Provider, bool) {
	for _, p := range r.list {
		if p.Name == name {
			return p, true
		}
	}
	return nil, false
}

// Empty reports whether no provider is enabled.
func (r *Registry) Empty() bool { return len(r.list) == 0 }
