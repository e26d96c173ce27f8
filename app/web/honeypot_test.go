package web

import (
	"context"
	"net/http"
	"testing"

	"github.com/uptrace/bun"

	"github.com/buurtboost/buurtboost/app/db/dbtest"
	"github.com/buurtboost/buurtboost/app/initiative"
)

// The new-initiative form carries the honeypot, hidden from people and
// assistive technology; a post that fills it is refused with 422 and
// writes nothing.
func TestHoneypotRefusesQuietly(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, bdb *bun.DB) {
		o := newSite(t, bdb, nil)
		c := o.loggedInResident(t)
		doc := document(t, get(t, c, o.URL+"/initiatieven/nieuw"))
		hp := doc.Find(`form[action="/initiatieven"] .bb-hp[aria-hidden="true"] input[name="` + honeypotField + `"][tabindex="-1"]`)
		if hp.Length() != 1 || text(doc, ".bb-hp label") != "Laat dit veld leeg" {
			t.Fatal("no hidden, labelled honeypot on the initiative form")
		}
		v := newInitiativeValues(o)
		v.Set(honeypotField, "https://spam.example")
		if res := o.postMultipart(t, c, "/initiatieven", v, nil); res.StatusCode != http.StatusUnprocessableEntity {
			t.Fatalf("filled honeypot: %d; want 422", res.StatusCode)
		}
		n, err := bdb.NewSelect().Model((*initiative.Initiative)(nil)).Count(context.Background())
		if err != nil || n != 0 {
			t.Fatalf("initiatives after a filled honeypot: %d, %v", n, err)
		}
		v.Set(honeypotField, "")
		if res := o.postMultipart(t, c, "/initiatieven", v, nil); res.StatusCode != http.StatusOK {
			t.Fatalf("empty honeypot: %d", res.StatusCode)
		}
	})
}
