package main

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"path/filepath"
	"strings"
	"testing"
)

// run runs the command line args in-process with env as the environment.
func run(t *testing.T, env map[string]string, args ...string) (string, string, error) {
	t.Helper()
	var out, errOut bytes.Buffer
	m := &Main{Getenv: func(k string) string { return env[k] }, Stdout: &out, Stderr: &errOut}
	err := m.Run(context.Background(), args)
	return out.String(), errOut.String(), err
}

func TestEveryCommandHasHelp(t *testing.T) {
	t.Parallel()
	for _, c := range append(commands(), command{name: "--help"}) {
		args := []string{c.name, "--help"}
		if c.name == "--help" {
			args = args[:1]
		}
		_, stderr, err := run(t, nil, args...)
		if !errors.Is(err, flag.ErrHelp) || !strings.Contains(stderr, "Usage: buurtboost") {
			t.Errorf("%v: err %v, help %q", args, err, stderr)
		}
	}
}

func TestUnknownCommandAndBadArgumentsAreUsageErrors(t *testing.T) {
	t.Parallel()
	for _, args := range [][]string{{"frobnicate"}, {"migrate"}, {"migrate", "sideways"}, {"seed"}, {"serve", "--no-such-flag"}} {
		if _, _, err := run(t, nil, args...); !errors.Is(err, errUsage) {
			t.Errorf("%v: err = %v, want a usage error", args, err)
		}
	}
}

func TestVersion(t *testing.T) {
	t.Parallel()
	out, _, err := run(t, nil, "version")
	if err != nil || !strings.HasPrefix(out, "buurtboost ") || !strings.Contains(out, "go1.") {
		t.Errorf("version = %q, %v", out, err)
	}
}

func TestMigrateAndSeedOnAFreshDatabase(t *testing.T) {
	t.Parallel()
	env := map[string]string{"DATABASE_URL": filepath.Join(t.TempDir(), "data", "b.db")}
	out, _, err := run(t, env, "migrate", "status")
	if err != nil || !strings.HasPrefix(out, "pending ") {
		t.Fatalf("status before up = %q, %v", out, err)
	}
	if out, _, err = run(t, env, "migrate", "up"); err != nil || !strings.Contains(out, "applied ") {
		t.Fatalf("up = %q, %v", out, err)
	}
	if out, _, err = run(t, env, "migrate", "up"); err != nil || !strings.Contains(out, "nothing to apply") {
		t.Fatalf("second up = %q, %v", out, err)
	}
	if out, _, err = run(t, env, "seed", "--demo"); err != nil || !strings.Contains(out, "8 neighbourhoods, 10 themes, 4 demo users added") ||
		!strings.Contains(out, "participation: 300 residents, 12 initiatives, 100 ideas, 3000 supports, 1500 comments added") {
		t.Fatalf("seed = %q, %v", out, err)
	}
	if out, _, err = run(t, env, "seed", "--demo"); err != nil || !strings.Contains(out, "0 neighbourhoods, 0 themes, 0 demo users added") ||
		!strings.Contains(out, "participation: 0 residents, 0 initiatives, 0 ideas, 0 supports, 0 comments added") {
		t.Fatalf("second seed = %q, %v", out, err)
	}
	if out, _, err = run(t, env, "migrate", "down"); err != nil || !strings.Contains(out, "rolled back") {
		t.Fatalf("down = %q, %v", out, err)
	}
}

func TestBadConfigurationStopsWithOneLine(t *testing.T) {
	t.Parallel()
	_, _, err := run(t, map[string]string{"DATABASE_URL": "postgres://postgres@127.0.0.1:1/none?sslmode=disable"}, "migrate", "status")
	if err == nil || !strings.HasPrefix(err.Error(), "DATABASE_URL: ") || strings.Contains(err.Error(), "\n") {
		t.Errorf("err = %v, want one line naming DATABASE_URL", err)
	}
	_, _, err = run(t, map[string]string{"PORT": "x"}, "serve")
	if err == nil || !strings.HasPrefix(err.Error(), "PORT: ") {
		t.Errorf("err = %v, want one line naming PORT", err)
	}
}
