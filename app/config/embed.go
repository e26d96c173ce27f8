package config

import (
	"fmt"
	"net/url"
	"strings"
)

// loadEmbedOrigins reads the origins allowed to frame the widget. Each must
// be a bare origin (scheme and host, no path), because it goes verbatim
// into the CSP frame-ancestors directive, where anything else would either
// be ignored or widen what it allows.
func (c *Config) loadEmbedOrigins(v string) error {
	for _, part := range strings.Split(v, ",") {
		part = strings.TrimSpace(part)
		if part == "" {
			continue
		}
		u, err := url.Parse(part)
		if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" ||
			strings.ContainsAny(u.Host, "*;' ") || (u.Path != "" && u.Path != "/") ||
			u.RawQuery != "" || u.Fragment != "" || u.User != nil {
			return &Error{"EMBED_ORIGINS", fmt.Sprintf("comma-separated origins such as https://www.gemeente.nl, got %q", part)}
		}
		c.EmbedOrigins = append(c.EmbedOrigins, u.Scheme+"://"+strings.ToLower(u.Host))
	}
	return nil
}
