package config_test

import (
	"strings"
	"testing"

	"github.com/buurtboost/buurtboost/app/config"
)

func TestAccountRetentionDays(t *testing.T) {
	t.Parallel()
	for v, want := range map[string]int{"": 0, "0": 0, "60": 60, " 730 ": 730, "3650": 3650} {
		c, err := config.Load(env(map[string]string{"ACCOUNT_RETENTION_DAYS": v}))
		if err != nil || c.AccountRetentionDays != want {
			t.Errorf("ACCOUNT_RETENTION_DAYS=%q: %v, %v; want %d", v, c, err, want)
		}
	}
	for _, v := range []string{"59", "3651", "-1", "twee jaar", "1.5"} {
		_, err := config.Load(env(map[string]string{"ACCOUNT_RETENTION_DAYS": v}))
		if err == nil || !strings.HasPrefix(err.Error(), "ACCOUNT_RETENTION_DAYS: ") {
			t.Errorf("ACCOUNT_RETENTION_DAYS=%q: %v, want refused", v, err)
		}
	}
}
