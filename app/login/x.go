package login

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"

	"github.com/markbates/goth"
	"golang.org/x/oauth2"
)

// X (Twitter) with OAuth 2.0 and PKCE. goth's twitter providers speak
// OAuth 1.0a, which X is phasing out, so this small goth.Provider follows
// X's documented OAuth 2.0 authorization-code flow instead.
var xEndpoint = oauth2.Endpoint{
	AuthURL:   "https://x.com/i/oauth2/authorize",
	TokenURL:  "https://api.x.com/2/oauth2/token",
	AuthStyle: oauth2.AuthStyleInHeader,
}

const xUserURL = "https://api.x.com/2/users/me?user.fields=profile_image_url"

type xProvider struct {
	name    string
	config  *oauth2.Config
	client  *http.Client
	userURL string
}

func newX(clientID, secret, callback string, client *http.Client) *xProvider {
	return &xProvider{
		name: "twitter", client: client, userURL: xUserURL,
		config: &oauth2.Config{ClientID: clientID, ClientSecret: secret, RedirectURL: callback,
			Endpoint: xEndpoint, Scopes: []string{"users.read", "tweet.read"}},
	}
}

func (p *xProvider) Name() string        { return p.name }
func (p *xProvider) SetName(name string) { p.name = name }
func (p *xProvider) Debug(bool)          {}

func (p *xProvider) BeginAuth(state string) (goth.Session, error) {
	return &xSession{AuthURL: p.config.AuthCodeURL(state)}, nil
}

func (p *xProvider) UnmarshalSession(data string) (goth.Session, error) {
	s := &xSession{}
	err := json.Unmarshal([]byte(data), s)
	return s, err
}

func (p *xProvider) FetchUser(gs goth.Session) (goth.User, error) {
	s := gs.(*xSession)
	ctx, cancel := context.WithTimeout(context.Background(), Timeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, p.userURL, nil)
	if err != nil {
		return goth.User{}, err
	}
	req.Header.Set("Authorization", "Bearer "+s.AccessToken)
	resp, err := p.client.Do(req)
	if err != nil {
		return goth.User{}, err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return goth.User{}, fmt.Errorf("x users/me: %s", resp.Status)
	}
	var body struct {
		Data struct {
			ID, Name, Username string
			ProfileImageURL    string `json:"profile_image_url"`
		}
	}
	if err := json.NewDecoder(http.MaxBytesReader(nil, resp.Body, 1<<20)).Decode(&body); err != nil {
		return goth.User{}, err
	}
	if body.Data.ID == "" {
		return goth.User{}, errors.New("x users/me: no user id")
	}
	return goth.User{Provider: p.name, UserID: body.Data.ID, Name: body.Data.Name,
		NickName: body.Data.Username, AvatarURL: body.Data.ProfileImageURL}, nil
}

func (p *xProvider) RefreshTokenAvailable() bool { return false }

func (p *xProvider) RefreshToken(string) (*oauth2.Token, error) {
	return nil, errors.New("x: refresh tokens are not used")
}

type xSession struct {
	AuthURL     string
	AccessToken string
}

func (s *xSession) GetAuthURL() (string, error) { return s.AuthURL, nil }

func (s *xSession) Marshal() string {
	b, _ := json.Marshal(s)
	return string(b)
}

func (s *xSession) Authorize(gp goth.Provider, params goth.Params) (string, error) {
	p := gp.(*xProvider)
	ctx, cancel := context.WithTimeout(context.WithValue(context.Background(), oauth2.HTTPClient, p.client), Timeout)
	defer cancel()
	tok, err := p.config.Exchange(ctx, params.Get("code"), oauth2.VerifierOption(params.Get("code_verifier")))
	if err != nil {
		return "", err
	}
	s.AccessToken = tok.AccessToken
	return tok.AccessToken, nil
}
