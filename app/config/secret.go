package config

import (
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

// SQLitePath is the database file DATABASE_URL names when it does not select
// PostgreSQL: a plain path, or one behind a sqlite:// or file: prefix.
func (c *Config) SQLitePath() string {
	p := c.DatabaseURL
	for _, prefix := range []string{"sqlite://", "file:"} {
		p = strings.TrimPrefix(p, prefix)
	}
	if i := strings.IndexByte(p, '?'); i >= 0 {
		p = p[:i]
	}
	return p
}

// DataDir is the folder that holds local state: the SQLite file's folder, or
// "data" when the database is PostgreSQL.
func (c *Config) DataDir() string {
	if c.IsPostgres() {
		return "data"
	}
	return filepath.Dir(c.SQLitePath())
}

// EnsureSessionSecret fills in SessionSecret for local development when it
// is not set: it reads the secret persisted in DataDir, or generates and
// persists one, so that sessions survive a restart. Load already refused a
// missing secret for any non-local BASE_URL.
func (c *Config) EnsureSessionSecret() error {
	if len(c.SessionSecret) > 0 {
		return nil
	}
	if !c.IsLocal() {
		return ErrNoSecret
	}
	path := filepath.Join(c.DataDir(), "session_secret")
	if b, err := os.ReadFile(path); err == nil && len(strings.TrimSpace(string(b))) >= minSecretLen {
		c.SessionSecret = []byte(strings.TrimSpace(string(b)))
		return nil
	}
	raw := make([]byte, 32)
	if _, err := rand.Read(raw); err != nil {
		return fmt.Errorf("generate session secret: %w", err)
	}
	secret := hex.EncodeToString(raw)
	if err := os.MkdirAll(c.DataDir(), 0o750); err != nil {
		return fmt.Errorf("SESSION_SECRET: cannot create %s to keep a generated secret: %w", c.DataDir(), err)
	}
	if err := os.WriteFile(path, []byte(secret+"\n"), 0o600); err != nil {
		return fmt.Errorf("SESSION_SECRET: cannot write generated secret to %s: %w", path, err)
	}
	c.SessionSecret = []byte(secret)
	return nil
}
