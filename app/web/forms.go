package web

import (
	"errors"

	"github.com/buurtboost/buurtboost/app/apperr"
)

// fieldErrors returns the field -> message key map of a validation error,
// or nil when err is something else.
func fieldErrors(err error) map[string]string {
	var ae *apperr.Error
	if errors.As(err, &ae) && ae.Code == apperr.Invalid {
		if ae.Fields == nil {
			return map[string]string{"": ae.Key}
		}
		return ae.Fields
	}
	return nil
}
