package web

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"testing"
)

func TestHealthAndReadiness(t *testing.T) {
	t.Parallel()
	s := newTestServer(t, nil)
	for _, path := range []string{"/healthz", "/readyz"} {
		res := do(t, s, http.MethodGet, path, nil, nil)
		var body map[string]string
		if err := json.NewDecoder(res.Body).Decode(&body); err != nil {
			t.Fatal(err)
		}
		if res.StatusCode != 200 || body["status"] != "ok" {
			t.Errorf("%s = %d %v, want 200 ok", path, res.StatusCode, body)
		}
	}
	s.ready = func(context.Context) error { return errors.New("database down") }
	if res := do(t, s, http.MethodGet, "/readyz", nil, nil); res.StatusCode != http.StatusServiceUnavailable {
		t.Errorf("readyz with the database down = %d, want 503", res.StatusCode)
	}
	if res := do(t, s, http.MethodGet, "/healthz", nil, nil); res.StatusCode != 200 {
		t.Errorf("healthz with the database down = %d, want 200", res.StatusCode)
	}
}
