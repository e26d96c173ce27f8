package main

import (
	"errors"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// A token made on the command line is printed once, listed without its
// secret, and revoked by id.
func TestAdminToken(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), "b.db")
	env := map[string]string{"DATABASE_URL": path}
	if _, _, err := run(t, env, "migrate", "up"); err != nil {
		t.Fatal(err)
	}
	out, _, err := run(t, env, "admin", "token", "create", "--name", "powerbi")
	secret := regexp.MustCompile(`bbt_[A-Za-z0-9_-]+`).FindString(out)
	id := regexp.MustCompile(`token ([0-9a-f-]{36})`).FindStringSubmatch(out)
	if err != nil || secret == "" || id == nil {
		t.Fatalf("create = %q, %v", out, err)
	}
	out, _, err = run(t, env, "admin", "token", "list")
	if err != nil || !strings.Contains(out, id[1]) || !strings.Contains(out, "powerbi") || strings.Contains(out, secret) {
		t.Fatalf("list = %q, %v", out, err)
	}
	out, _, err = run(t, env, "admin", "token", "revoke", id[1])
	if err != nil || !strings.Contains(out, "revoked") {
		t.Fatalf("revoke = %q, %v", out, err)
	}
	out, _, _ = run(t, env, "admin", "token", "list")
	if f := strings.Fields(out); f[len(f)-1] == "-" || !strings.HasPrefix(f[len(f)-1], "20") {
		t.Errorf("list after revoke shows no revocation time: %q", out)
	}
	if _, _, err := run(t, env, "admin", "token", "revoke", "0194f1f0-0000-7000-8000-000000000000"); err == nil || !strings.Contains(err.Error(), "no API token") {
		t.Errorf("revoke unknown: %v", err)
	}
	for _, args := range [][]string{{"admin", "token"}, {"admin", "token", "create"}, {"admin", "token", "revoke", "x"}, {"admin", "token", "create", "--name", "a", "extra"}} {
		if _, _, err := run(t, env, args...); !errors.Is(err, errUsage) {
			t.Errorf("%v: err = %v, want a usage error", args, err)
		}
	}
}
