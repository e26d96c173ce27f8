package embedded

import (
	"context"
	"fmt"
	"unicode/utf8"

	"github.com/buurtboost/buurtboost/app/search"
)

// correct replaces each word that allows typos by the closest indexed word
// (or word start, for a word still being typed) within the typos allowed.
func (e *Engine) correct(ctx context.Context, words []string) ([]string, bool, error) {
	out := make([]string, len(words))
	changed := false
	for i, w := range words {
		out[i] = w
		best, err := e.closest(ctx, w)
		if err != nil {
			return nil, false, err
		}
		if best != "" && best != w {
			out[i], changed = best, true
		}
	}
	return out, changed, nil
}

// closest returns the indexed word nearest to w, or "". Candidates share
// w's first letter: a typo there is rare, and it keeps the pass small.
func (e *Engine) closest(ctx context.Context, w string) (string, error) {
	n := utf8.RuneCountInString(w)
	typos := search.MaxTypos(n)
	if typos == 0 {
		return "", nil
	}
	// A word the index has (as a word or the start of one) is no typo:
	// the words just do not occur together.
	known, err := e.d.vocabulary(ctx, e.db, w, w+"\U0010FFFF", n, n+40)
	if err != nil || len(known) > 0 {
		return "", err
	}
	first, size := utf8.DecodeRuneInString(w)
	lo, hi := w[:size], string(first+1)
	terms, err := e.d.vocabulary(ctx, e.db, lo, hi, max(1, n-typos), n+typos+20)
	if err != nil {
		return "", fmt.Errorf("search vocabulary: %w", err)
	}
	rw := []rune(w)
	best, bestDist := "", typos+1
	for _, t := range terms {
		rt := []rune(t)
		d := search.BoundedDistance(rw, rt, bestDist-1)
		// A word still being typed: compare with the start of t too.
		if len(rt) > len(rw) {
			d = min(d, search.BoundedDistance(rw, rt[:len(rw)], bestDist-1))
		}
		if d < bestDist {
			best, bestDist = t, d
		}
		if bestDist == 0 {
			break
		}
	}
	return best, nil
}
