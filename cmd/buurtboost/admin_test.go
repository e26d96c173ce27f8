package main

import (
	"context"
	"errors"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/buurtboost/buurtboost/app/account"
	"github.com/buurtboost/buurtboost/app/db"
)

func TestAdminGrantAndList(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), "b.db")
	env := map[string]string{"DATABASE_URL": path}
	if _, _, err := run(t, env, "migrate", "up"); err != nil {
		t.Fatal(err)
	}
	addUser(t, path, "els", "Els@Voorbeeld.nl")
	addUser(t, path, "twin-1", "twin@example.org")
	addUser(t, path, "twin-2", "twin@example.org")

	out, _, err := run(t, env, "admin", "grant", "--email", "els@voorbeeld.nl", "--role", "admin")
	if err != nil || !strings.Contains(out, "is now admin") {
		t.Fatalf("grant = %q, %v", out, err)
	}
	out, _, err = run(t, env, "admin", "list")
	if err != nil || !strings.Contains(out, "admin") || !strings.Contains(out, "els@voorbeeld.nl") || strings.Contains(out, "twin") {
		t.Errorf("list = %q, %v; want only Els as admin", out, err)
	}
	if _, _, err := run(t, env, "admin", "grant", "--email", "nobody@example.org", "--role", "staff"); err == nil || !strings.Contains(err.Error(), "no user has") {
		t.Errorf("unknown e-mail: err = %v", err)
	}
	if _, _, err := run(t, env, "admin", "grant", "--email", "twin@example.org", "--role", "staff"); err == nil || !strings.Contains(err.Error(), "more than one user") {
		t.Errorf("ambiguous e-mail: err = %v", err)
	}
	for _, args := range [][]string{{"admin"}, {"admin", "grant", "--email", "els@voorbeeld.nl", "--role", "king"}, {"admin", "grant", "--role", "staff"}} {
		if _, _, err := run(t, env, args...); !errors.Is(err, errUsage) {
			t.Errorf("%v: err = %v, want a usage error", args, err)
		}
	}
}

// addUser creates a user who logged in once with a verified address.
func addUser(t *testing.T, path, subject, email string) {
	t.Helper()
	ctx := context.Background()
	bdb, err := db.OpenSQLite(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer bdb.Close()
	a := account.NewService(bdb, time.Now, account.Options{})
	if _, err := a.Login(ctx, account.Profile{Provider: "google", Subject: subject, Name: subject, Email: email}); err != nil {
		t.Fatal(err)
	}
}
