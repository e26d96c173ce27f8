// Package config turns the process environment into a typed, validated
// Config, once, at start-up. Nothing else in Buurtboost reads environment
// variables: every other package receives what it needs from Config.
package config

import (
	"errors"
	"fmt"
	"net"
	"net/netip"
	"net/url"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/buurtboost/buurtboost/app/ratelimit"
)

// DefaultDatabaseURL is the embedded SQLite database a newcomer gets.
const DefaultDatabaseURL = "data/buurtboost.db"

// Config is the validated configuration of one Buurtboost process.
type Config struct {
	Port          int
	BaseURL       *url.URL
	DatabaseURL   string
	SessionSecret []byte
	LogFormat     string // "text" or "json"
	Dev           bool   // re-read templates from disk on every request
	// PublicDashboard shows the municipality's aggregate dashboard to
	// everyone (open data), not only to its staff.
	PublicDashboard bool
	TrustedProxies  []netip.Prefix
	Login           Login
	// UploadDir holds uploaded images (UPLOAD_DIR; default: "uploads"
	// next to the SQLite file, or data/uploads on PostgreSQL).
	UploadDir string
	// EmbedOrigins may show the embeddable widget in a frame (EMBED_ORIGINS:
	// comma-separated origins such as https://www.gemeente.nl; empty: none).
	EmbedOrigins []string
	// Mail is how notification e-mail is sent (SMTP_URL, MAIL_FROM).
	Mail Mail
	// Search selects the search engine (MEILI_URL, MEILI_API_KEY).
	Search Search
	// AccountRetentionDays: accounts inactive this many days are deleted,
	// after a warning (ACCOUNT_RETENTION_DAYS; 0, the default: never).
	AccountRetentionDays int
	// RateLimits are the per-action write limits per user and per IP
	// (RATE_LIMITS, e.g. "ideas=10/h,supports=60/m"; unset actions keep
	// their defaults).
	RateLimits ratelimit.Limits
}

// Error names the variable whose value is wrong and what it expects, so that
// start-up can fail with one clear line.
type Error struct {
	Var    string
	Expect string
}

func (e *Error) Error() string { return e.Var + ": " + e.Expect }

// Load reads and validates the configuration from getenv (os.Getenv in main,
// a map in tests). A SESSION_SECRET that is not set is left empty here; see
// EnsureSessionSecret for the development fallback.
func Load(getenv func(string) string) (*Config, error) {
	c := &Config{DatabaseURL: DefaultDatabaseURL, LogFormat: "text", Port: 8080}
	// In order: BASE_URL's default needs PORT, SESSION_SECRET needs BASE_URL.
	steps := []func() error{
		func() error { return c.loadPort(getenv("PORT")) },
		func() error { return c.loadBaseURL(getenv("BASE_URL")) },
		func() error { return c.loadDatabaseURL(getenv("DATABASE_URL")) },
		func() error { return c.loadLogFormat(getenv("LOG_FORMAT")) },
		func() error { return c.loadDev(getenv("DEV")) },
		func() (err error) {
			c.PublicDashboard, err = loadBool("PUBLIC_DASHBOARD", getenv("PUBLIC_DASHBOARD"))
			return
		},
		func() error { return c.loadTrustedProxies(getenv("TRUSTED_PROXIES")) },
		func() error { return c.loadSessionSecret(getenv("SESSION_SECRET")) },
		func() error { return c.loadLogin(getenv) },
		func() error { return c.loadUploadDir(getenv("UPLOAD_DIR")) },
		func() error { return c.loadEmbedOrigins(getenv("EMBED_ORIGINS")) },
		func() error { return c.loadMail(getenv("SMTP_URL"), getenv("MAIL_FROM")) },
		func() error { return c.loadSearch(getenv("MEILI_URL"), getenv("MEILI_API_KEY")) },
		func() error { return c.loadRetention(getenv("ACCOUNT_RETENTION_DAYS")) },
		func() error { return c.loadRateLimits(getenv("RATE_LIMITS")) },
	}
	for _, step := range steps {
		if err := step(); err != nil {
			return nil, err
		}
	}
	return c, nil
}

func (c *Config) loadPort(v string) error {
	if v == "" {
		return nil
	}
	p, err := strconv.Atoi(v)
	if err != nil || p < 1 || p > 65535 {
		return &Error{"PORT", fmt.Sprintf("a port number from 1 to 65535, got %q", v)}
	}
	c.Port = p
	return nil
}

func (c *Config) loadBaseURL(v string) error {
	if v == "" {
		v = "http://localhost:" + strconv.Itoa(c.Port)
	}
	u, err := url.Parse(v)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || (u.Path != "" && u.Path != "/") || u.RawQuery != "" {
		return &Error{"BASE_URL", fmt.Sprintf("an absolute http(s) URL without path, such as https://buurtboost.example.nl, got %q", v)}
	}
	u.Path = ""
	c.BaseURL = u
	return nil
}

func (c *Config) loadDatabaseURL(v string) error {
	if v == "" {
		return nil
	}
	if strings.Contains(v, "://") {
		u, err := url.Parse(v)
		if err != nil || (u.Scheme != "postgres" && u.Scheme != "postgresql" && u.Scheme != "sqlite" && u.Scheme != "file") || (strings.HasPrefix(u.Scheme, "postgres") && u.Host == "") {
			return &Error{"DATABASE_URL", "postgres://user:password@host:5432/dbname or a SQLite file path such as data/buurtboost.db"}
		}
	}
	c.DatabaseURL = v
	return nil
}

func (c *Config) loadLogFormat(v string) error {
	switch v {
	case "":
	case "text", "json":
		c.LogFormat = v
	default:
		return &Error{"LOG_FORMAT", fmt.Sprintf("text or json, got %q", v)}
	}
	return nil
}

func (c *Config) loadDev(v string) error {
	if v == "" {
		return nil
	}
	b, err := strconv.ParseBool(v)
	if err != nil {
		return &Error{"DEV", fmt.Sprintf("true or false, got %q", v)}
	}
	c.Dev = b
	return nil
}

// loadBool reads a true/false variable; empty is false.
func loadBool(name, v string) (bool, error) {
	if v == "" {
		return false, nil
	}
	b, err := strconv.ParseBool(v)
	if err != nil {
		return false, &Error{name, fmt.Sprintf("true or false, got %q", v)}
	}
	return b, nil
}

func (c *Config) loadTrustedProxies(v string) error {
	for _, part := range strings.Split(v, ",") {
		part = strings.TrimSpace(part)
		if part == "" {
			continue
		}
		p, err := parsePrefix(part)
		if err != nil {
			return &Error{"TRUSTED_PROXIES", fmt.Sprintf("comma-separated IP addresses or CIDR ranges such as 10.0.0.0/8, got %q", part)}
		}
		c.TrustedProxies = append(c.TrustedProxies, p)
	}
	return nil
}

func parsePrefix(s string) (netip.Prefix, error) {
	if strings.Contains(s, "/") {
		p, err := netip.ParsePrefix(s)
		return p.Masked(), err
	}
	a, err := netip.ParseAddr(s)
	if err != nil {
		return netip.Prefix{}, err
	}
	return netip.PrefixFrom(a, a.BitLen()), nil
}

// minSecretLen is 32 bytes: a session secret signs cookies and must not be
// guessable.
const minSecretLen = 32

func (c *Config) loadSessionSecret(v string) error {
	if v == "" {
		if !c.IsLocal() {
			return &Error{"SESSION_SECRET", "a random string of at least 32 characters; required when BASE_URL is not localhost (generate one with: openssl rand -hex 32)"}
		}
		return nil
	}
	if len(v) < minSecretLen {
		return &Error{"SESSION_SECRET", "a random string of at least 32 characters (generate one with: openssl rand -hex 32)"}
	}
	c.SessionSecret = []byte(v)
	return nil
}

// IsLocal reports whether BASE_URL points at this machine (localhost or a
// loopback address): the only place where development conveniences such as
// a generated session secret are allowed.
func (c *Config) IsLocal() bool {
	host := c.BaseURL.Hostname()
	if host == "localhost" || strings.HasSuffix(host, ".localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// HTTPS reports whether the site is served over https, which decides the
// Secure cookie flag and HSTS.
func (c *Config) HTTPS() bool { return c.BaseURL.Scheme == "https" }

// IsPostgres reports whether DATABASE_URL selects PostgreSQL.
func (c *Config) IsPostgres() bool {
	return strings.HasPrefix(c.DatabaseURL, "postgres://") || strings.HasPrefix(c.DatabaseURL, "postgresql://")
}

// ErrNoSecret is returned by EnsureSessionSecret when no secret can be made.
var ErrNoSecret = errors.New("SESSION_SECRET: not set")

func (c *Config) loadUploadDir(v string) error {
	c.UploadDir = strings.TrimSpace(v)
	if c.UploadDir == "" {
		c.UploadDir = filepath.Join(c.DataDir(), "uploads")
	}
	return nil
}
