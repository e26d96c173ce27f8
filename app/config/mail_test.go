package config_test

import (
	"errors"
	"testing"

	"github.com/buurtboost/buurtboost/app/config"
)

func TestMail(t *testing.T) {
	t.Parallel()
	c, err := config.Load(env(nil))
	if err != nil {
		t.Fatal(err)
	}
	if c.Mail.SMTP != nil || c.Mail.From != `"Buurtboost" <noreply@localhost>` {
		t.Fatalf("default mail = %+v, want log only from noreply@localhost", c.Mail)
	}
	c, err = config.Load(env(map[string]string{"SMTP_URL": "smtp://bb:ge%40heim@smtp.example.nl", "MAIL_FROM": "wijk@gemeente.nl"}))
	if err != nil {
		t.Fatal(err)
	}
	pw, _ := c.Mail.SMTP.User.Password()
	if c.Mail.SMTP.Host != "smtp.example.nl:587" || c.Mail.SMTP.User.Username() != "bb" || pw != "ge@heim" || c.Mail.From != "<wijk@gemeente.nl>" {
		t.Fatalf("mail = %+v (%s), want port 587 by default and the decoded password", c.Mail, pw)
	}
	for _, bad := range []struct{ name, value string }{
		{"SMTP_URL", "smtps://smtp.example.nl"},
		{"SMTP_URL", "smtp://smtp.example.nl:99999"},
		{"SMTP_URL", "smtp:///pad"},
		{"MAIL_FROM", "niet een adres"},
	} {
		_, err := config.Load(env(map[string]string{bad.name: bad.value}))
		var ce *config.Error
		if !errors.As(err, &ce) || ce.Var != bad.name {
			t.Errorf("%s=%q: %v, want a %s error", bad.name, bad.value, err, bad.name)
		}
	}
}
