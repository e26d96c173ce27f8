package initiative

import (
	"context"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/google/uuid"
	"github.com/uptrace/bun"

	"github.com/buurtboost/buurtboost/app/notify"
)

// excerptLen is how much of an update a notification quotes, in runes.
const excerptLen = 140

// notifyFollowers tells every follower of ini except the author about the
// update: in the app at once, by e-mail in the next morning's digest.
func notifyFollowers(ctx context.Context, tx bun.Tx, ini Initiative, up Update, now time.Time) error {
	var followers []uuid.UUID
	err := tx.NewSelect().Table("follows").Column("user_id").
		Where("initiative_id = ? AND user_id <> ?", ini.ID, *up.AuthorID).Scan(ctx, &followers)
	if err != nil {
		return err
	}
	params := map[string]string{"title": ini.Title, "excerpt": excerpt(up.Body)}
	for _, f := range followers {
		err := notify.Queue(ctx, tx, notify.Notification{UserID: f, Kind: notify.InitiativeUpdate,
			Key: "update:" + up.ID.String(), Params: params, Link: "/initiatief/" + ini.Slug, SendAt: now})
		if err != nil {
			return err
		}
	}
	return nil
}

// excerpt is the start of an update's (markdown) body on one line.
func excerpt(body string) string {
	s := strings.Join(strings.Fields(body), " ")
	if utf8.RuneCountInString(s) <= excerptLen {
		return s
	}
	r := []rune(s)[:excerptLen]
	return strings.TrimSpace(string(r)) + "…"
}
