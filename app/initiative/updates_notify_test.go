package initiative_test

import (
	"strings"
	"testing"

	"github.com/uptrace/bun"

	"github.com/buurtboost/buurtboost/app/db/dbtest"
	"github.com/buurtboost/buurtboost/app/notify"
)

// Followers hear of a new update in the app at once, and get it in the next
// morning's e-mail digest (one outbox message per follower and day); the
// author and those who do not follow hear nothing.
func TestPostUpdateNotifiesFollowers(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, bdb *bun.DB) {
		f := setup(t, bdb)
		org, fan, other := f.resident("Olga"), f.resident("Fenna"), f.resident("Otto")
		ini := f.create(org, "Moestuin aan de Dijk")
		if err := f.svc.Follow(f.ctx, org, ini.ID); err != nil {
			t.Fatal(err)
		}
		if err := f.svc.Follow(f.ctx, fan, ini.ID); err != nil {
			t.Fatal(err)
		}
		long := strings.Repeat("Vandaag zaaien we bonen. ", 10)
		for range 2 {
			if _, err := f.svc.PostUpdate(f.ctx, org, ini.ID, long); err != nil {
				t.Fatal(err)
			}
		}
		svc := notify.NewService(bdb, f.clock.Now, []byte("test-secret-test-secret-test-secret!"))
		items, err := svc.List(f.ctx, fan.ID, 0)
		if err != nil {
			t.Fatal(err)
		}
		if len(items) != 2 || items[0].Kind != notify.InitiativeUpdate || items[0].Params["title"] != "Moestuin aan de Dijk" ||
			items[0].Link != "/initiatief/"+ini.Slug {
			t.Fatalf("fan's notifications %+v", items)
		}
		if ex := items[0].Params["excerpt"]; !strings.HasSuffix(ex, "…") || len([]rune(ex)) > 141 || strings.Contains(ex, "  ") {
			t.Errorf("excerpt %q", ex)
		}
		for _, u := range []struct {
			name string
			n    int
		}{{"organiser", f.count("notifications", "user_id = ?", org.ID)}, {"non-follower", f.count("notifications", "user_id = ?", other.ID)}} {
			if u.n != 0 {
				t.Errorf("the %s got %d notifications", u.name, u.n)
			}
		}
		if n := f.count("outbox", "topic = ? AND msg_key LIKE ?", notify.Topic, "digest:"+fan.ID.String()+":%"); n != 1 {
			t.Fatalf("%d digest messages for the fan, want 1", n)
		}
	})
}
