package login

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"sync"

	"github.com/markbates/goth"
	"github.com/markbates/goth/providers/openidConnect"

	"github.com/buurtboost/buurtboost/app/config"
)

// oidc builds the generic OpenID Connect provider on first use, from the
// issuer's discovery document. Doing it lazily (rather than at start-up,
// as goth's openidConnect.New does with a client without timeout) means an
// identity provider that is down cannot stop Buurtboost from starting, and
// its slowness is bounded by Timeout.
type oidc struct {
	app      config.OIDCApp
	callback string
	client   *http.Client

	mu sync.Mutex
	p  *openidConnect.Provider
}

type discovery struct {
	Issuer                string `json:"issuer"`
	AuthorizationEndpoint string `json:"authorization_endpoint"`
	TokenEndpoint         string `json:"token_endpoint"`
	UserinfoEndpoint      string `json:"userinfo_endpoint"`
	EndSessionEndpoint    string `json:"end_session_endpoint"`
}

func (o *oidc) provider(ctx context.Context) (goth.Provider, error) {
	o.mu.Lock()
	defer o.mu.Unlock()
	if o.p != nil {
		return o.p, nil
	}
	d, err := o.discover(ctx)
	if err != nil {
		return nil, err
	}
	p, err := openidConnect.NewCustomisedURL(o.app.ClientID, o.app.ClientSecret, o.callback,
		d.AuthorizationEndpoint, d.TokenEndpoint, d.Issuer, d.UserinfoEndpoint, d.EndSessionEndpoint,
		"openid", "email", "profile")
	if err != nil {
		return nil, err
	}
	p.HTTPClient = o.client
	o.p = p
	return p, nil
}

func (o *oidc) discover(ctx context.Context) (discovery, error) {
	var d discovery
	u := o.app.Issuer.JoinPath(".well-known", "openid-configuration").String()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
	if err != nil {
		return d, err
	}
	resp, err := o.client.Do(req)
	if err != nil {
		return d, fmt.Errorf("openid discovery: %w", err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return d, fmt.Errorf("openid discovery: %s answered %s", u, resp.Status)
	}
	if err := json.NewDecoder(http.MaxBytesReader(nil, resp.Body, 1<<20)).Decode(&d); err != nil {
		return d, fmt.Errorf("openid discovery: %w", err)
	}
	// The issuer must be the one configured (OpenID Connect Discovery 1.0,
	// section 4.3), or tokens from another issuer would be accepted.
	if d.Issuer != o.app.Issuer.String() || d.AuthorizationEndpoint == "" || d.TokenEndpoint == "" {
		return d, fmt.Errorf("openid discovery: %s describes issuer %q, want %q", u, d.Issuer, o.app.Issuer)
	}
	return d, nil
}
