package search

import (
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/runes"
	"golang.org/x/text/transform"
	"golang.org/x/text/unicode/norm"
)

// CutQuery trims s, cuts it to MaxQueryLen characters and drops control
// characters and invalid UTF-8, so that no engine sees more than that.
func CutQuery(s string) string {
	s = strings.ToValidUTF8(s, " ")
	s = strings.Map(func(r rune) rune {
		if unicode.IsControl(r) {
			return ' '
		}
		return r
	}, s)
	s = strings.TrimSpace(s)
	if utf8.RuneCountInString(s) > MaxQueryLen {
		s = strings.TrimSpace(string([]rune(s)[:MaxQueryLen]))
	}
	return s
}

// Fold lowercases s and removes diacritics ("Café" → "cafe"), the same
// way for every engine and database, so that "café" finds "cafe" and the
// other way round.
func Fold(s string) string {
	t := transform.Chain(norm.NFD, runes.Remove(runes.In(unicode.Mn)), norm.NFC)
	out, _, err := transform.String(t, s)
	if err != nil {
		out = s
	}
	return strings.ToLower(out)
}

// Words splits s into its folded words: runs of letters and digits. Every
// operator and special character (quotes, *, :, -, parentheses) separates
// words and means nothing else, so a query can never break an engine's
// query syntax.
func Words(s string) []string {
	return strings.FieldsFunc(Fold(s), func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r)
	})
}

// QueryWords returns the distinct words of the query text, in order, at
// most maxQueryWords of them.
func QueryWords(s string) []string {
	var out []string
	seen := map[string]bool{}
	for _, w := range Words(CutQuery(s)) {
		if !seen[w] && len(out) < maxQueryWords {
			seen[w] = true
			out = append(out, w)
		}
	}
	return out
}

// SearchWords returns the words q searches for: with AnyWord, only the
// significant ones (no stop words, at least three letters), since any
// one of them matches.
func SearchWords(q Query) []string {
	words := QueryWords(q.Text)
	if !q.AnyWord {
		return words
	}
	out := words[:0]
	for _, w := range words {
		if len([]rune(w)) >= 3 && !slices.Contains(DutchStopWords, w) {
			out = append(out, w)
		}
	}
	return out
}

// OnlyStopWords reports whether q has text but nothing in it to search
// for (an AnyWord query of stop words): it finds nothing, rather than
// everything.
func OnlyStopWords(q Query) bool {
	return len(QueryWords(q.Text)) > 0 && len(SearchWords(q)) == 0
}

// DutchStopWords are the commonest Dutch words, which say nothing about
// what a resident looks for.
var DutchStopWords = []string{"de", "het", "een", "en", "van", "in", "op", "te", "dat", "die", "is", "voor",
	"met", "aan", "er", "om", "bij", "ook", "als", "maar", "naar", "dan", "of", "tot", "zo", "uit", "door",
	"wat", "wie", "waar", "hoe", "niet", "nog", "wel", "meer", "over", "onder", "tegen", "zijn", "was", "wordt",
	"worden", "kan", "kunnen", "moet", "moeten", "wil", "willen", "ons", "onze", "we", "wij", "je", "jij", "ik"}

// maxQueryWords bounds the work one query causes.
const maxQueryWords = 12

// Levenshtein returns the edit distance between a and b in runes, where
// swapping two neighbouring letters counts as one edit (the optimal string
// alignment distance), as it does for Meilisearch.
func Levenshtein(a, b string) int {
	return levenshtein([]rune(a), []rune(b), -1)
}

// BoundedDistance is Levenshtein for up to k edits: any distance above k
// is returned as k+1. It stops as soon as every path costs more than k,
// which keeps a typo pass over a large vocabulary cheap.
func BoundedDistance(a, b []rune, k int) int {
	if d := len(a) - len(b); d > k || -d > k {
		return k + 1
	}
	return min(levenshtein(a, b, k), k+1)
}

// levenshtein computes the distance with three rolling rows; with k >= 0
// it gives up (returning k+1) once a whole row exceeds k.
func levenshtein(ra, rb []rune, k int) int {
	prev2 := make([]int, len(rb)+1)
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		rowMin := cur[0]
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			d := min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			if i > 1 && j > 1 && ra[i-1] == rb[j-2] && ra[i-2] == rb[j-1] {
				d = min(d, prev2[j-2]+1)
			}
			cur[j] = d
			rowMin = min(rowMin, d)
		}
		if k >= 0 && rowMin > k {
			return k + 1
		}
		prev2, prev, cur = prev, cur, prev2
	}
	return prev[len(rb)]
}

// MaxTypos is how many typos a query word of n runes may contain and still
// match, the same rule Meilisearch uses: none below 5, one from 5, two from 9.
func MaxTypos(n int) int {
	switch {
	case n >= 9:
		return 2
	case n >= 5:
		return 1
	}
	return 0
}
