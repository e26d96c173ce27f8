// Package upload takes in cover images: ProcessImage turns an uploaded file
// into a safe, bounded JPEG, and a Storage keeps the result under a key.
//
// Storage is the contract for where uploads live. Disk keeps them in a
// local folder, enough for a single-machine install; an S3-compatible store
// will implement the same interface for installs with several web
// processes. The package knows nothing of HTTP, users or initiatives: the
// caller picks the key and maps the sentinel errors to form messages.
package upload

import (
	"context"
	"errors"
	"io"
)

// Storage stores uploaded files under keys such as "covers/0192….jpg".
// Implementations must be safe for concurrent use, and a reader must never
// see a partly written file.
type Storage interface {
	// Put stores the contents of r under key, replacing what was there.
	Put(ctx context.Context, key string, r io.Reader, contentType string) error
	// Open returns the contents stored under key. A missing key gives an
	// error for which errors.Is(err, fs.ErrNotExist) holds.
	Open(ctx context.Context, key string) (io.ReadCloser, error)
	// Delete removes key. Deleting a missing key is not an error, as with
	// S3's DeleteObject, so a clean-up can be retried.
	Delete(ctx context.Context, key string) error
}

// ErrInvalidKey is returned for a key outside the allowed form.
var ErrInvalidKey = errors.New("upload: invalid storage key")

// CheckKey reports whether key may be used with a Storage: one or more
// "/"-separated segments of lower-case letters, digits, ".", "_" and "-",
// each starting with a letter or digit. That rules out absolute paths,
// "..", empty segments and hidden names, so a key can never leave the
// store's folder or hit a temporary file.
func CheckKey(key string) error {
	if key == "" || len(key) > 512 {
		return ErrInvalidKey
	}
	start := true
	for i := 0; i < len(key); i++ {
		c := key[i]
		alnum := ('a' <= c && c <= 'z') || ('0' <= c && c <= '9')
		switch {
		case start && !alnum:
			return ErrInvalidKey // empty segment, or one starting with ".", "_" or "-"
		case c == '/':
			start = true
			continue
		case !alnum && c != '.' && c != '_' && c != '-':
			return ErrInvalidKey
		}
		start = false
	}
	if start { // trailing "/"
		return ErrInvalidKey
	}
	for i := 0; i+1 < len(key); i++ {
		if key[i] == '.' && key[i+1] == '.' {
			return ErrInvalidKey
		}
	}
	return nil
}
