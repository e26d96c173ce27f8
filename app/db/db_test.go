package db_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/buurtboost/buurtboost/app/db"
)

func TestOpenSQLiteCreatesFolderAndUsesWAL(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), "nested", "data", "b.db")
	bdb, err := db.Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	defer bdb.Close()
	var mode string
	if err := bdb.NewRaw("PRAGMA journal_mode").Scan(context.Background(), &mode); err != nil {
		t.Fatal(err)
	}
	if mode != "wal" {
		t.Errorf("journal_mode = %q, want wal", mode)
	}
	var fk int
	if err := bdb.NewRaw("PRAGMA foreign_keys").Scan(context.Background(), &fk); err != nil {
		t.Fatal(err)
	}
	if fk != 1 {
		t.Errorf("foreign_keys = %d, want 1", fk)
	}
}

func TestOpenSQLiteInReadOnlyFolderFailsClearly(t *testing.T) {
	t.Parallel()
	if os.Geteuid() == 0 {
		// root ignores file permissions; use a path under a regular file
		// instead, which no user can create a folder in.
		file := filepath.Join(t.TempDir(), "not-a-folder")
		if err := os.WriteFile(file, nil, 0o600); err != nil {
			t.Fatal(err)
		}
		_, err := db.Open(context.Background(), filepath.Join(file, "b.db"))
		assertClear(t, err, "cannot create folder")
		return
	}
	dir := t.TempDir()
	if err := os.Chmod(dir, 0o500); err != nil {
		t.Fatal(err)
	}
	defer os.Chmod(dir, 0o700)
	_, err := db.Open(context.Background(), filepath.Join(dir, "b.db"))
	assertClear(t, err, "not writable")
}

func TestOpenPostgresErrorsNameTheVariable(t *testing.T) {
	t.Parallel()
	for name, url := range map[string]string{
		"malformed":   "postgres://%zz",
		"unreachable": "postgres://postgres@127.0.0.1:1/nothing?sslmode=disable",
	} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			_, err := db.Open(context.Background(), url)
			assertClear(t, err, "DATABASE_URL")
		})
	}
}

func assertClear(t *testing.T, err error, want string) {
	t.Helper()
	if err == nil {
		t.Fatal("want an error, got none")
	}
	if !strings.Contains(err.Error(), want) || strings.Contains(err.Error(), "\n") {
		t.Errorf("error %q: want one line containing %q", err, want)
	}
}
