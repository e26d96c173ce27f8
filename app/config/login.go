package config

import (
	"fmt"
	"net/mail"
	"net/url"
	"strings"
)

// Login is the configuration of the login providers. A provider is enabled
// when all of its variables are set; setting only some of them is an error,
// because a half-configured provider would fail for users at login time.
type Login struct {
	Google, Facebook, Twitter, Microsoft OAuthApp
	Apple                                AppleApp
	OIDC                                 OIDCApp
	// StaffEmailDomains lists the e-mail domains (lower case) whose verified
	// addresses make a user who logs in through OIDC municipality staff.
	StaffEmailDomains []string
}

// OAuthApp is an app registered with an OAuth 2 provider.
type OAuthApp struct{ ClientID, ClientSecret string }

// Enabled reports whether the app is configured.
func (a OAuthApp) Enabled() bool { return a.ClientID != "" }

// AppleApp is a "Sign in with Apple" service: its client secret is a JWT
// signed with the private key, made at start-up.
type AppleApp struct {
	ClientID, TeamID, KeyID, PrivateKey string
}

// Enabled reports whether Sign in with Apple is configured.
func (a AppleApp) Enabled() bool { return a.ClientID != "" }

// OIDCApp is a generic OpenID Connect client, typically the municipality's
// own identity provider for its staff.
type OIDCApp struct {
	Issuer       *url.URL
	ClientID     string
	ClientSecret string
	Name         string // the button label
}

// Enabled reports whether the generic OpenID Connect provider is configured.
func (a OIDCApp) Enabled() bool { return a.Issuer != nil }

// AnyProvider reports whether at least one login provider is configured.
func (l Login) AnyProvider() bool {
	return l.Google.Enabled() || l.Facebook.Enabled() || l.Twitter.Enabled() ||
		l.Apple.Enabled() || l.Microsoft.Enabled() || l.OIDC.Enabled()
}

func (c *Config) loadLogin(getenv func(string) string) error {
	apps := []struct {
		prefix string
		app    *OAuthApp
	}{
		{"GOOGLE", &c.Login.Google}, {"FACEBOOK", &c.Login.Facebook},
		{"TWITTER", &c.Login.Twitter}, {"MICROSOFT", &c.Login.Microsoft},
	}
	for _, a := range apps {
		vals, err := allOrNone(getenv, a.prefix+"_CLIENT_ID", a.prefix+"_CLIENT_SECRET")
		if err != nil {
			return err
		}
		*a.app = OAuthApp{vals[0], vals[1]}
	}
	vals, err := allOrNone(getenv, "APPLE_CLIENT_ID", "APPLE_TEAM_ID", "APPLE_KEY_ID", "APPLE_PRIVATE_KEY")
	if err != nil {
		return err
	}
	c.Login.Apple = AppleApp{vals[0], vals[1], vals[2], strings.ReplaceAll(vals[3], `\n`, "\n")}
	if err := c.loadOIDC(getenv); err != nil {
		return err
	}
	return c.loadStaffDomains(getenv("STAFF_EMAIL_DOMAINS"))
}

func (c *Config) loadOIDC(getenv func(string) string) error {
	vals, err := allOrNone(getenv, "OIDC_ISSUER", "OIDC_CLIENT_ID", "OIDC_CLIENT_SECRET")
	if err != nil || vals[0] == "" {
		return err
	}
	u, err := url.Parse(strings.TrimSuffix(vals[0], "/"))
	if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
		return &Error{"OIDC_ISSUER", fmt.Sprintf("the issuer URL of an OpenID Connect provider, such as https://login.example.nl, got %q", vals[0])}
	}
	name := strings.TrimSpace(getenv("OIDC_NAME"))
	if name == "" {
		name = "OpenID Connect"
	}
	c.Login.OIDC = OIDCApp{Issuer: u, ClientID: vals[1], ClientSecret: vals[2], Name: name}
	return nil
}

func (c *Config) loadStaffDomains(v string) error {
	for _, d := range strings.Split(v, ",") {
		d = strings.ToLower(strings.TrimSpace(d))
		if d == "" {
			continue
		}
		if _, err := mail.ParseAddress("x@" + d); err != nil || strings.Contains(d, "@") {
			return &Error{"STAFF_EMAIL_DOMAINS", fmt.Sprintf("comma-separated e-mail domains such as voorbeeld.nl, got %q", d)}
		}
		c.Login.StaffEmailDomains = append(c.Login.StaffEmailDomains, d)
	}
	return nil
}

// allOrNone reads names and fails unless all or none of them are set.
func allOrNone(getenv func(string) string, names ...string) ([]string, error) {
	vals := make([]string, len(names))
	set := 0
	for i, n := range names {
		vals[i] = strings.TrimSpace(getenv(n))
		if vals[i] != "" {
			set++
		}
	}
	if set != 0 && set != len(names) {
		return nil, &Error{names[0], "set together with " + strings.Join(names[1:], ", ") + " (all of them, or none to disable this login provider)"}
	}
	return vals, nil
}
