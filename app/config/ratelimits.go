package config

import "github.com/buurtboost/buurtboost/app/ratelimit"

// loadRateLimits reads RATE_LIMITS over the defaults.
func (c *Config) loadRateLimits(v string) error {
	ls, err := ratelimit.Parse(v)
	if err != nil {
		return &Error{"RATE_LIMITS", "comma-separated action=N/unit (unit s, m, h or d): " + err.Error()}
	}
	c.RateLimits = ls
	return nil
}
