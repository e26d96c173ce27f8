package dashboard

import (
	"math"
	"slices"
	"strconv"
)

// MinPeople is the smallest count of people a figure may show: fewer show
// as "< 5", so that nobody can be singled out in a small neighbourhood.
const MinPeople = 5

// Cell is a count that may be hidden. A hidden cell carries no number at
// all, so nothing downstream can leak it.
type Cell struct {
	N      int
	Hidden bool
}

// String is the number, or "< 5" when hidden.
func (c Cell) String() string {
	if c.Hidden {
		return "< " + strconv.Itoa(MinPeople)
	}
	return strconv.Itoa(c.N)
}

// Shown returns a visible cell.
func Shown(n int) Cell { return Cell{N: n} }

// People returns a count of people, hidden when it is 1 to 4. Zero is shown:
// "nobody" singles nobody out, and the page stays readable for quiet
// neighbourhoods.
func People(n int) Cell {
	if n > 0 && n < MinPeople {
		return Cell{Hidden: true}
	}
	return Cell{N: n}
}

// PeopleParts suppresses a total of people and its parts (which add up to
// it) together. Each small count is hidden; and when exactly one part is
// hidden while the total shows, it could be recovered by subtracting the
// other parts from the total, so the smallest other non-zero part is
// hidden too (complementary suppression).
func PeopleParts(total int, parts ...int) (Cell, []Cell) {
	t := People(total)
	cells := make([]Cell, len(parts))
	hidden := 0
	for i, p := range parts {
		cells[i] = People(p)
		if t.Hidden {
			cells[i] = Cell{Hidden: true}
		}
		if cells[i].Hidden {
			hidden++
		}
	}
	if hidden != 1 || t.Hidden {
		return t, cells
	}
	next := -1
	for i, p := range parts {
		if !cells[i].Hidden && p > 0 && (next < 0 || p < parts[next]) {
			next = i
		}
	}
	if next >= 0 {
		cells[next] = Cell{Hidden: true}
	}
	return t, cells
}

// Concentration says whether participation is broad or driven by a few:
// the share of all actions by the most active 10 % of participants, and
// the Gini coefficient of actions per participant (0: everyone equally
// active; towards 1: a few do everything). Known is false when there are
// too few participants to say without describing individuals.
type Concentration struct {
	Known    bool
	TopShare float64 // 0..1
	Gini     float64 // 0..1
}

// Concentrate computes the concentration of actions per participant.
func Concentrate(actions []int) Concentration {
	n := len(actions)
	if n < MinPeople {
		return Concentration{}
	}
	xs := slices.Clone(actions)
	slices.Sort(xs)
	total, weighted := 0.0, 0.0
	for i, x := range xs {
		total += float64(x)
		weighted += float64(2*(i+1)-n-1) * float64(x)
	}
	if total == 0 {
		return Concentration{}
	}
	top := int(math.Ceil(float64(n) / 10))
	topSum := 0.0
	for _, x := range xs[n-top:] {
		topSum += float64(x)
	}
	return Concentration{Known: true, TopShare: topSum / total, Gini: weighted / (float64(n) * total)}
}
