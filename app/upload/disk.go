package upload

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
)

// Disk is a Storage in a local folder. A key "covers/x.jpg" is the file
// covers/x.jpg below the folder. Disk does not record content types; what
// it stores is served as what ProcessImage makes, JPEG.
type Disk struct {
	dir string
}

var _ Storage = (*Disk)(nil)

// NewDisk returns a Disk storing below dir, which it creates if needed.
func NewDisk(dir string) (*Disk, error) {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return nil, fmt.Errorf("upload dir %q: %w", dir, err)
	}
	if err := os.MkdirAll(abs, 0o755); err != nil {
		return nil, fmt.Errorf("create upload dir: %w", err)
	}
	return &Disk{dir: abs}, nil
}

// path returns the file for key, after checking the key.
func (d *Disk) path(key string) (string, error) {
	if err := CheckKey(key); err != nil {
		return "", fmt.Errorf("%w: %q", err, key)
	}
	return filepath.Join(d.dir, filepath.FromSlash(key)), nil
}

// Put writes r to a temporary file next to the target and renames it into
// place, so a reader sees the old file or the new one, never half of one.
func (d *Disk) Put(ctx context.Context, key string, r io.Reader, _ string) error {
	path, err := d.path(key)
	if err != nil {
		return err
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return fmt.Errorf("put %s: %w", key, err)
	}
	// Temporary names start with "." and keys cannot, so they never clash.
	tmp, err := os.CreateTemp(filepath.Dir(path), ".upload-*")
	if err != nil {
		return fmt.Errorf("put %s: %w", key, err)
	}
	if err := writeFile(ctx, tmp, r); err != nil {
		_ = os.Remove(tmp.Name())
		return fmt.Errorf("put %s: %w", key, err)
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		_ = os.Remove(tmp.Name())
		return fmt.Errorf("put %s: %w", key, err)
	}
	return nil
}

// writeFile copies r into f, makes it durable and readable, and closes f.
func writeFile(ctx context.Context, f *os.File, r io.Reader) error {
	_, err := io.Copy(f, ctxReader{ctx: ctx, r: r})
	if err == nil {
		err = f.Chmod(0o644) // cover images are public; a front web server may serve them
	}
	if err == nil {
		err = f.Sync()
	}
	return errors.Join(err, f.Close())
}

// Open opens the file stored under key.
func (d *Disk) Open(ctx context.Context, key string) (io.ReadCloser, error) {
	path, err := d.path(key)
	if err != nil {
		return nil, err
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("open %s: %w", key, err)
	}
	if info, err := f.Stat(); err != nil || !info.Mode().IsRegular() {
		_ = f.Close()
		// "covers" when "covers/x.jpg" exists is a folder, not a stored file.
		return nil, fmt.Errorf("open %s: %w", key, fs.ErrNotExist)
	}
	return f, nil
}

// Delete removes the file stored under key, if there is one.
func (d *Disk) Delete(ctx context.Context, key string) error {
	path, err := d.path(key)
	if err != nil {
		return err
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	if err := os.Remove(path); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("delete %s: %w", key, err)
	}
	return nil
}

// ctxReader stops a copy once its context is done, so a cancelled request
// does not keep writing a large body to disk.
type ctxReader struct {
	ctx context.Context
	r   io.Reader
}

func (c ctxReader) Read(p []byte) (int, error) {
	if err := c.ctx.Err(); err != nil {
		return 0, err
	}
	return c.r.Read(p)
}
