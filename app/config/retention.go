package config

import (
	"fmt"
	"strconv"
	"strings"
)

// Retention bounds: the warning goes out 30 days before deletion, so a
// retention period must leave time after it; ten years is plenty.
const (
	RetentionMinDays = 60
	RetentionMaxDays = 3650
)

// loadRetention reads ACCOUNT_RETENTION_DAYS: empty or 0 keeps accounts
// forever.
func (c *Config) loadRetention(v string) error {
	v = strings.TrimSpace(v)
	if v == "" {
		return nil
	}
	n, err := strconv.Atoi(v)
	if err != nil || n != 0 && (n < RetentionMinDays || n > RetentionMaxDays) {
		return &Error{"ACCOUNT_RETENTION_DAYS", fmt.Sprintf("0 (never) or a number of days from %d to %d, got %q", RetentionMinDays, RetentionMaxDays, v)}
	}
	c.AccountRetentionDays = n
	return nil
}
