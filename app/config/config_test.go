package config_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/buurtboost/buurtboost/app/config"
)

func env(m map[string]string) func(string) string { return func(k string) string { return m[k] } }

func TestDefaults(t *testing.T) {
	t.Parallel()
	c, err := config.Load(env(nil))
	if err != nil {
		t.Fatal(err)
	}
	if c.Port != 8080 || c.BaseURL.String() != "http://localhost:8080" || c.DatabaseURL != "data/buurtboost.db" ||
		c.LogFormat != "text" || c.Dev || c.IsPostgres() || !c.IsLocal() || c.HTTPS() {
		t.Errorf("defaults = %+v", c)
	}
}

func TestValidValues(t *testing.T) {
	t.Parallel()
	c, err := config.Load(env(map[string]string{
		"PORT": "9000", "BASE_URL": "https://buurt.example.nl/", "DATABASE_URL": "postgres://u:p@db:5432/bb",
		"SESSION_SECRET": strings.Repeat("k", 40), "LOG_FORMAT": "json", "DEV": "true",
		"TRUSTED_PROXIES": "10.0.0.0/8, 192.0.2.1",
	}))
	if err != nil {
		t.Fatal(err)
	}
	if c.Port != 9000 || c.BaseURL.String() != "https://buurt.example.nl" || !c.IsPostgres() || c.IsLocal() ||
		!c.HTTPS() || c.LogFormat != "json" || !c.Dev || len(c.TrustedProxies) != 2 || string(c.SessionSecret) != strings.Repeat("k", 40) {
		t.Errorf("config = %+v", c)
	}
}

// A bad value names its variable and what it expects, on one line.
func TestBadValuesNameTheVariable(t *testing.T) {
	t.Parallel()
	tests := []struct{ key, value string }{
		{"PORT", "eighty"},
		{"PORT", "70000"},
		{"BASE_URL", "buurt.example.nl"},
		{"BASE_URL", "ftp://buurt.example.nl"},
		{"BASE_URL", "https://buurt.example.nl/sub"},
		{"DATABASE_URL", "mysql://db/x"},
		{"DATABASE_URL", "postgres:///nohost"},
		{"LOG_FORMAT", "xml"},
		{"DEV", "maybe"},
		{"TRUSTED_PROXIES", "10.0.0.0/33"},
		{"SESSION_SECRET", "short"},
	}
	for _, tt := range tests {
		_, err := config.Load(env(map[string]string{tt.key: tt.value}))
		if err == nil {
			t.Errorf("%s=%q accepted", tt.key, tt.value)
			continue
		}
		if !strings.HasPrefix(err.Error(), tt.key+": ") || strings.Contains(err.Error(), "\n") {
			t.Errorf("%s=%q: error %q should be one line starting with the variable", tt.key, tt.value, err)
		}
	}
}

func TestSessionSecretRequiredOffLocalhost(t *testing.T) {
	t.Parallel()
	_, err := config.Load(env(map[string]string{"BASE_URL": "https://buurt.example.nl"}))
	if err == nil || !strings.HasPrefix(err.Error(), "SESSION_SECRET: ") {
		t.Errorf("err = %v, want SESSION_SECRET required", err)
	}
}

func TestGeneratedSessionSecretIsPersisted(t *testing.T) {
	t.Parallel()
	dbPath := filepath.Join(t.TempDir(), "data", "b.db")
	load := func() *config.Config {
		c, err := config.Load(env(map[string]string{"DATABASE_URL": dbPath}))
		if err != nil {
			t.Fatal(err)
		}
		if err := c.EnsureSessionSecret(); err != nil {
			t.Fatal(err)
		}
		return c
	}
	first, second := load(), load()
	if len(first.SessionSecret) < 32 || string(first.SessionSecret) != string(second.SessionSecret) {
		t.Errorf("secrets %q and %q: want one persisted secret of 32+ characters", first.SessionSecret, second.SessionSecret)
	}
	info, err := os.Stat(filepath.Join(filepath.Dir(dbPath), "session_secret"))
	if err != nil || info.Mode().Perm() != 0o600 {
		t.Errorf("secret file: %v, %v; want mode 0600", info, err)
	}
}

func TestPublicDashboard(t *testing.T) {
	for v, want := range map[string]bool{"": false, "true": true, "false": false, "1": true} {
		c, err := config.Load(env(map[string]string{"PUBLIC_DASHBOARD": v}))
		if err != nil || c.PublicDashboard != want {
			t.Errorf("PUBLIC_DASHBOARD=%q: %v, %v; want %v", v, c.PublicDashboard, err, want)
		}
	}
	if _, err := config.Load(env(map[string]string{"PUBLIC_DASHBOARD": "ja"})); err == nil || !strings.Contains(err.Error(), "PUBLIC_DASHBOARD") {
		t.Errorf("PUBLIC_DASHBOARD=ja: %v, want an error naming the variable", err)
	}
}
