package web

import (
	"os"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/oauth2-proxy/mockoidc"
)

func TestZZTmpShots(t *testing.T) {
	if os.Getenv("TMPSHOT") == "" {
		t.Skip()
	}
	o := newOIDCSite(t, nil)
	b := newBrowserAt(t, o.URL)
	o.IdP.QueueUser(&mockoidc.MockUser{Subject: "f", Email: "fatima@example.org", EmailVerified: true, PreferredUsername: "Fatima"})
	shot := func(name string) {
		buf, err := chromedp.Run(b.ctx, chromedp.FullScreenshot(100))
		if err != nil {
			t.Fatal(err)
		}
		os.WriteFile("/tmp/ov/"+name+".png", buf, 0o644)
	}
	nav := func(p string) {
		if err := chromedp.Do(b.ctx, chromedp.Navigate(o.URL+p), chromedp.WaitReady(chromedp.CSS("main#inhoud"))); err != nil {
			t.Fatal(err)
		}
	}
	nav("/inloggen?lang=nl")
	shot("login")
	chromedp.Do(b.ctx, chromedp.Click(chromedp.CSS(`a.bb-login-button`)))
	time.Sleep(2 * time.Second)
	shot("pick")
	chromedp.Do(b.ctx, chromedp.Click(chromedp.CSS(`form[action="/profiel/buurt"] button.utrecht-button--primary-action`)))
	time.Sleep(time.Second)
	shot("pick-error")
	nav("/profiel")
	shot("profile")
	chromedp.Do(b.ctx, chromedp.KeyEvent("\t"), chromedp.KeyEvent("\t"), chromedp.KeyEvent("\t"), chromedp.KeyEvent("\t"), chromedp.KeyEvent("\t"), chromedp.KeyEvent("\t"))
	shot("profile-focus")
	chromedp.Do(b.ctx, chromedp.EmulateViewport(375, 800))
	nav("/profiel")
	shot("profile-mobile")
}
