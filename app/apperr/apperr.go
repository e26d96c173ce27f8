// Package apperr defines the errors Buurtboost's domain packages return: a
// code that says what kind of failure it is, and a message key the web layer
// translates for the user. The HTTP layer maps codes to status codes in one
// place; domain packages never know about HTTP.
package apperr

import (
	"errors"
)

// Code classifies an application error.
type Code string

// The codes a domain error can carry.
const (
	NotFound      Code = "not_found"
	Invalid       Code = "invalid"
	Forbidden     Code = "forbidden"
	Unauthorized  Code = "unauthorized"
	Conflict      Code = "conflict"
	AlreadyExists Code = "already_exists"
	Internal      Code = "internal"
)

// Error is a domain error with a code, a message key for the catalogues, and
// optionally the form fields it concerns (field -> message key).
type Error struct {
	Code    Code
	Key     string
	Fields  map[string]string
	Wrapped error
}

func (e *Error) Error() string {
	msg := string(e.Code) + ": " + e.Key
	if e.Wrapped != nil {
		msg += ": " + e.Wrapped.Error()
	}
	return msg
}

func (e *Error) Unwrap() error { return e.Wrapped }

// E returns an error with code and message key.
func E(code Code, key string) *Error { return &Error{Code: code, Key: key} }

// Wrap returns an error with code and message key around a cause.
func Wrap(code Code, key string, err error) *Error {
	return &Error{Code: code, Key: key, Wrapped: err}
}

// InvalidFields returns a validation error listing the offending fields.
func InvalidFields(fields map[string]string) *Error {
	return &Error{Code: Invalid, Key: "error.invalid", Fields: fields}
}

// CodeOf returns the code of the first *Error in err's chain, or Internal.
func CodeOf(err error) Code {
	var e *Error
	if errors.As(err, &e) {
		return e.Code
	}
	return Internal
}

// Is reports whether err carries code.
func Is(err error, code Code) bool { return err != nil && CodeOf(err) == code }
