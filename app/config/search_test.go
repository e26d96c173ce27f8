package config_test

import (
	"errors"
	"testing"

	"github.com/buurtboost/buurtboost/app/config"
)

func TestSearchConfig(t *testing.T) {
	env := func(kv map[string]string) func(string) string { return func(k string) string { return kv[k] } }
	c, err := config.Load(env(map[string]string{}))
	if err != nil || c.Search.MeiliURL != nil {
		t.Fatalf("default: %v, %+v", err, c.Search)
	}
	c, err = config.Load(env(map[string]string{"MEILI_URL": "http://127.0.0.1:7700", "MEILI_API_KEY": "k"}))
	if err != nil || c.Search.MeiliURL.String() != "http://127.0.0.1:7700" || c.Search.MeiliAPIKey != "k" {
		t.Fatalf("meili: %v, %+v", err, c.Search)
	}
	for _, bad := range []map[string]string{
		{"MEILI_URL": "127.0.0.1:7700"},
		{"MEILI_URL": "ftp://meili"},
		{"MEILI_API_KEY": "k"},
	} {
		_, err := config.Load(env(bad))
		var ce *config.Error
		if !errors.As(err, &ce) {
			t.Errorf("%v: err = %v, want a config error", bad, err)
		}
	}
}
