package config_test

import (
	"errors"
	"reflect"
	"testing"

	"github.com/buurtboost/buurtboost/app/config"
)

func TestEmbedOrigins(t *testing.T) {
	t.Parallel()
	c, err := config.Load(env(nil))
	if err != nil || len(c.EmbedOrigins) != 0 {
		t.Fatalf("default EMBED_ORIGINS = %v, %v; want none", c.EmbedOrigins, err)
	}
	c, err = config.Load(env(map[string]string{"EMBED_ORIGINS": " https://www.Gemeente.nl, http://intranet.local:8080/ ,"}))
	if err != nil {
		t.Fatal(err)
	}
	if want := []string{"https://www.gemeente.nl", "http://intranet.local:8080"}; !reflect.DeepEqual(c.EmbedOrigins, want) {
		t.Errorf("EmbedOrigins = %q, want %q", c.EmbedOrigins, want)
	}
	for _, bad := range []string{"www.gemeente.nl", "https://*.gemeente.nl", "https://gemeente.nl/pad", "'self'",
		"https://gemeente.nl; script-src *", "ftp://gemeente.nl", "https://a@gemeente.nl"} {
		_, err := config.Load(env(map[string]string{"EMBED_ORIGINS": bad}))
		var ce *config.Error
		if !errors.As(err, &ce) || ce.Var != "EMBED_ORIGINS" {
			t.Errorf("EMBED_ORIGINS=%q: %v, want an EMBED_ORIGINS error", bad, err)
		}
	}
}
