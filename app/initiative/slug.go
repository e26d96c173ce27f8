package initiative

import (
	"context"
	"hash/fnv"
	"strconv"
	"strings"
	"unicode"

	"github.com/google/uuid"
	"github.com/uptrace/bun"
	"github.com/uptrace/bun/dialect"
	"golang.org/x/text/unicode/norm"
)

// SlugMax is the longest slug, suffix included.
const SlugMax = 60

// fallbackSlug is used when a title has no letters or digits in the Latin
// alphabet (a title in another script, or only punctuation).
const fallbackSlug = "initiatief"

// reservedSlug reports slugs that the web layer uses as fixed paths next to
// /initiatieven/{slug}; an initiative titled "Nieuw" gets "nieuw-2".
func reservedSlug(s string) bool {
	switch s {
	case "nieuw", "new", "uitnodiging", "invite":
		return true
	}
	return false
}

// letterFolds spells letters without a decomposition in plain ASCII.
var letterFolds = strings.NewReplacer(
	"ß", "ss", "æ", "ae", "ø", "o", "œ", "oe", "ł", "l", "đ", "d", "ð", "d", "þ", "th", "ı", "i",
)

// Slugify turns a title into a lower-case ASCII slug of at most SlugMax
// characters: diacritics folded ("Café" -> "cafe"), everything else that is
// not a letter or digit turned into single hyphens, and a long slug cut at
// a hyphen so it does not end in half a word.
func Slugify(title string) string {
	s := letterFolds.Replace(strings.ToLower(title))
	var b strings.Builder
	hyphen := false
	for _, r := range norm.NFKD.String(s) {
		switch {
		case unicode.Is(unicode.Mn, r): // the accent of a decomposed letter
		case r >= 'a' && r <= 'z' || r >= '0' && r <= '9':
			if hyphen && b.Len() > 0 {
				b.WriteByte('-')
			}
			b.WriteRune(r)
			hyphen = false
		default:
			hyphen = true
		}
	}
	slug := cut(b.String(), SlugMax)
	if slug == "" {
		return fallbackSlug
	}
	return slug
}

// cut shortens slug to at most n bytes, at a hyphen when there is one.
func cut(slug string, n int) string {
	if len(slug) <= n {
		return slug
	}
	if slug[n] == '-' { // the cut falls between two words
		return slug[:n]
	}
	slug = slug[:n]
	if i := strings.LastIndexByte(slug, '-'); i > 0 {
		slug = slug[:i]
	}
	return strings.TrimRight(slug, "-")
}

// withSuffix returns the n-th candidate for base: base itself, then
// base-2, base-3, … each cut so the whole stays within SlugMax.
func withSuffix(base string, n int) string {
	if n == 1 {
		return base
	}
	suffix := "-" + strconv.Itoa(n)
	return cut(base, SlugMax-len(suffix)) + suffix
}

// freeSlug returns the first candidate for base that no other initiative
// uses, now or as an earlier slug. An initiative may take back one of its
// own earlier slugs. The taken slugs are read in one query.
func freeSlug(ctx context.Context, tx bun.IDB, base string, self uuid.UUID) (string, error) {
	if err := lockSlug(ctx, tx, base); err != nil {
		return "", err
	}
	// Every candidate starts with this prefix: a suffix of up to nine
	// characters cuts base at most to SlugMax-10.
	like := cut(base, SlugMax-10) + "%"
	var taken []string
	err := tx.NewRaw(`SELECT slug FROM initiatives WHERE slug LIKE ? AND id <> ?
		UNION SELECT slug FROM initiative_slugs WHERE slug LIKE ? AND initiative_id <> ?`,
		like, self, like, self).Scan(ctx, &taken)
	if err != nil {
		return "", err
	}
	used := make(map[string]bool, len(taken))
	for _, s := range taken {
		used[s] = true
	}
	for n := 1; ; n++ {
		if c := withSuffix(base, n); !used[c] && !reservedSlug(c) {
			return c, nil
		}
	}
}

// lockSlug makes transactions that look for a slug from the same base take
// turns until they commit. Without it, on PostgreSQL several people giving
// their initiatives the same title at once would all pick the same free
// slug, and all but one would have to start over. SQLite needs no lock: its
// transactions already hold the write lock from the start. A collision of
// two bases in the hash only makes them take turns too.
func lockSlug(ctx context.Context, tx bun.IDB, base string) error {
	if tx.Dialect().Name() != dialect.PG {
		return nil
	}
	h := fnv.New64a()
	_, _ = h.Write([]byte("initiative-slug:" + base))
	_, err := tx.ExecContext(ctx, "SELECT pg_advisory_xact_lock(?)", int64(h.Sum64()))
	return err
}
