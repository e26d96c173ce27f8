package config

import (
	"errors"
	"testing"
	"time"

	"github.com/buurtboost/buurtboost/app/ratelimit"
)

func TestRateLimits(t *testing.T) {
	c, err := Load(func(k string) string {
		if k == "RATE_LIMITS" {
			return "ideas=3/m"
		}
		return ""
	})
	if err != nil {
		t.Fatal(err)
	}
	if c.RateLimits[ratelimit.Ideas] != (ratelimit.Limit{N: 3, Per: time.Minute}) ||
		c.RateLimits[ratelimit.Supports] != ratelimit.Defaults()[ratelimit.Supports] {
		t.Errorf("RateLimits = %v", c.RateLimits)
	}
	_, err = Load(func(k string) string {
		if k == "RATE_LIMITS" {
			return "ideas=lots"
		}
		return ""
	})
	var ce *Error
	if !errors.As(err, &ce) || ce.Var != "RATE_LIMITS" {
		t.Errorf("bad RATE_LIMITS: err = %v", err)
	}
}
