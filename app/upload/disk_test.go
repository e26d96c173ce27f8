package upload_test

import (
	"bytes"
	"context"
	"errors"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/buurtboost/buurtboost/app/upload"
)

func newDisk(t *testing.T) (*upload.Disk, string) {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "uploads", "nested")
	d, err := upload.NewDisk(dir)
	if err != nil {
		t.Fatalf("NewDisk: %v", err)
	}
	return d, dir
}

func read(t *testing.T, s upload.Storage, key string) string {
	t.Helper()
	rc, err := s.Open(context.Background(), key)
	if err != nil {
		t.Fatalf("Open(%q): %v", key, err)
	}
	defer rc.Close()
	b, err := io.ReadAll(rc)
	if err != nil {
		t.Fatalf("read %q: %v", key, err)
	}
	return string(b)
}

// files lists every file below dir, temporary ones included.
func files(t *testing.T, dir string) []string {
	t.Helper()
	var names []string
	err := filepath.WalkDir(dir, func(path string, e fs.DirEntry, err error) error {
		if err == nil && !e.IsDir() {
			rel, _ := filepath.Rel(dir, path)
			names = append(names, filepath.ToSlash(rel))
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return names
}

func TestNewDiskCreatesTheFolder(t *testing.T) {
	_, dir := newDisk(t)
	if info, err := os.Stat(dir); err != nil || !info.IsDir() {
		t.Fatalf("folder not created: %v", err)
	}
}

func TestDiskPutOpenDeleteRoundTrip(t *testing.T) {
	ctx := context.Background()
	d, dir := newDisk(t)
	const key = "covers/0192f7a1-cover.jpg"
	if err := d.Put(ctx, key, strings.NewReader("eerste"), "image/jpeg"); err != nil {
		t.Fatalf("Put: %v", err)
	}
	if got := read(t, d, key); got != "eerste" {
		t.Errorf("Open = %q, want %q", got, "eerste")
	}
	if err := d.Put(ctx, key, strings.NewReader("tweede"), "image/jpeg"); err != nil {
		t.Fatalf("second Put: %v", err)
	}
	if got := read(t, d, key); got != "tweede" {
		t.Errorf("after overwrite Open = %q, want %q", got, "tweede")
	}
	if got := files(t, dir); len(got) != 1 || got[0] != key {
		t.Errorf("files on disk = %v, want only %s (no temporary files left)", got, key)
	}
	if err := d.Delete(ctx, key); err != nil {
		t.Fatalf("Delete: %v", err)
	}
	if _, err := d.Open(ctx, key); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("Open after Delete: err = %v, want fs.ErrNotExist", err)
	}
	if err := d.Delete(ctx, key); err != nil {
		t.Errorf("deleting a missing key: %v, want nil", err)
	}
}

func TestDiskOpenMissingKeyIsNotExist(t *testing.T) {
	ctx := context.Background()
	d, _ := newDisk(t)
	if _, err := d.Open(ctx, "covers/none.jpg"); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("missing key: err = %v, want fs.ErrNotExist", err)
	}
	if err := d.Put(ctx, "covers/a.jpg", strings.NewReader("x"), "image/jpeg"); err != nil {
		t.Fatal(err)
	}
	if _, err := d.Open(ctx, "covers"); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("a folder is not a stored file: err = %v, want fs.ErrNotExist", err)
	}
}

func TestDiskRefusesInvalidKeys(t *testing.T) {
	ctx := context.Background()
	d, dir := newDisk(t)
	for _, key := range []string{
		"", "/etc/passwd", "../escape.jpg", "covers/../../escape.jpg", "covers/..", "a..b",
		"Covers/x.jpg", "covers/x.JPG", "covers x.jpg", "covers//x.jpg", "covers/", ".hidden",
		"covers/.upload-123", "_x", "-x", `covers\x.jpg`, "covers/x.jpg\x00", "café.jpg",
		strings.Repeat("a", 513),
	} {
		if err := d.Put(ctx, key, strings.NewReader("x"), "image/jpeg"); !errors.Is(err, upload.ErrInvalidKey) {
			t.Errorf("Put(%q): err = %v, want ErrInvalidKey", key, err)
		}
		if _, err := d.Open(ctx, key); !errors.Is(err, upload.ErrInvalidKey) {
			t.Errorf("Open(%q): err = %v, want ErrInvalidKey", key, err)
		}
		if err := d.Delete(ctx, key); !errors.Is(err, upload.ErrInvalidKey) {
			t.Errorf("Delete(%q): err = %v, want ErrInvalidKey", key, err)
		}
	}
	if got := files(t, dir); len(got) != 0 {
		t.Errorf("invalid keys wrote files: %v", got)
	}
	for _, key := range []string{"a", "covers/0192f7a1-9c.jpg", "a/b/c_d-e.f", strings.Repeat("a", 512)} {
		if err := upload.CheckKey(key); err != nil {
			t.Errorf("CheckKey(%q) = %v, want nil", key, err)
		}
	}
}

// failingReader returns some bytes, then an error, as a broken upload does.
type failingReader struct{ sent bool }

func (f *failingReader) Read(p []byte) (int, error) {
	if f.sent {
		return 0, errors.New("connection reset")
	}
	f.sent = true
	return copy(p, "half a file"), nil
}

func TestDiskFailedPutKeepsTheOldFile(t *testing.T) {
	ctx := context.Background()
	d, dir := newDisk(t)
	const key = "covers/x.jpg"
	if err := d.Put(ctx, key, strings.NewReader("heel"), "image/jpeg"); err != nil {
		t.Fatal(err)
	}
	if err := d.Put(ctx, key, &failingReader{}, "image/jpeg"); err == nil {
		t.Fatal("Put with a failing reader succeeded")
	}
	if got := read(t, d, key); got != "heel" {
		t.Errorf("after failed Put Open = %q, want the old %q", got, "heel")
	}
	if got := files(t, dir); len(got) != 1 {
		t.Errorf("files on disk = %v, want only %s", got, key)
	}
}

func TestDiskPutStopsWhenContextIsCancelled(t *testing.T) {
	d, dir := newDisk(t)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	err := d.Put(ctx, "covers/x.jpg", bytes.NewReader(make([]byte, 1<<20)), "image/jpeg")
	if !errors.Is(err, context.Canceled) {
		t.Errorf("err = %v, want context.Canceled", err)
	}
	if got := files(t, dir); len(got) != 0 {
		t.Errorf("cancelled Put left files: %v", got)
	}

	// Cancelled half way through the copy.
	ctx, cancel = context.WithCancel(context.Background())
	r := &cancelAfterRead{cancel: cancel, r: bytes.NewReader(make([]byte, 1<<20))}
	if err := d.Put(ctx, "covers/y.jpg", r, "image/jpeg"); !errors.Is(err, context.Canceled) {
		t.Errorf("err = %v, want context.Canceled", err)
	}
	if got := files(t, dir); len(got) != 0 {
		t.Errorf("cancelled Put left files: %v", got)
	}
}

// cancelAfterRead cancels its context after the first read.
type cancelAfterRead struct {
	cancel context.CancelFunc
	r      io.Reader
}

func (c *cancelAfterRead) Read(p []byte) (int, error) {
	defer c.cancel()
	return c.r.Read(p[:min(len(p), 1024)])
}
