package dashboard_test

import (
	"errors"
	"testing"

	"github.com/buurtboost/buurtboost/app/apperr"
	"github.com/buurtboost/buurtboost/app/dashboard"
)

// Hand-computed: nine people act once, one ten times. The top 10 % is that
// one person, 10 of 19 acts; sorted ascending, sum (2i - n - 1) x_i =
// -9 + 90 = 81, so Gini = 81 / (10 * 19).
func TestConcentrateHandExample(t *testing.T) {
	t.Parallel()
	c := dashboard.Concentrate([]int{1, 10, 1, 1, 1, 1, 1, 1, 1, 1})
	if !c.Known || !near(c.TopShare, 10.0/19) || !near(c.Gini, 81.0/190) {
		t.Errorf("Concentrate = %+v, want top share %.4f and Gini %.4f", c, 10.0/19, 81.0/190)
	}
	if eq := dashboard.Concentrate([]int{3, 3, 3, 3, 3, 3}); !eq.Known || eq.Gini != 0 || !near(eq.TopShare, 1.0/6) {
		t.Errorf("equal activity = %+v, want Gini 0 and top share 1/6", eq)
	}
	if few := dashboard.Concentrate([]int{1, 2, 3, 4}); few.Known {
		t.Errorf("four people = %+v, want unknown: it would describe individuals", few)
	}
}

func TestPeopleSuppression(t *testing.T) {
	t.Parallel()
	for n, want := range map[int]string{0: "0", 1: "< 5", 4: "< 5", 5: "5", 120: "120"} {
		if got := dashboard.People(n).String(); got != want {
			t.Errorf("People(%d) = %q, want %q", n, got, want)
		}
	}
	show := func(cs []dashboard.Cell) []string {
		var out []string
		for _, c := range cs {
			out = append(out, c.String())
		}
		return out
	}
	cases := []struct {
		total int
		parts []int
		want  []string // total, then parts
	}{
		{20, []int{12, 8}, []string{"20", "12", "8"}},
		// 3 hidden, but 20 - 17 would give it away: hide 17 too.
		{20, []int{17, 3}, []string{"20", "< 5", "< 5"}},
		// Two small parts already protect each other.
		{20, []int{2, 3, 15}, []string{"20", "< 5", "< 5", "15"}},
		// One small part among three: hide the smallest other non-zero one,
		// not the zero (20 - 0 - 18 would still give 2).
		{20, []int{2, 0, 18}, []string{"20", "< 5", "0", "< 5"}},
		{3, []int{1, 2}, []string{"< 5", "< 5", "< 5"}},
		{12, []int{0, 12}, []string{"12", "0", "12"}},
	}
	for _, tc := range cases {
		total, parts := dashboard.PeopleParts(tc.total, tc.parts...)
		got := append([]string{total.String()}, show(parts)...)
		for i := range got {
			if got[i] != tc.want[i] {
				t.Errorf("PeopleParts(%d, %v) = %v, want %v", tc.total, tc.parts, got, tc.want)
				break
			}
		}
		for i, c := range parts {
			if c.Hidden && c.N != 0 {
				t.Errorf("hidden part %d carries its number %d", i, c.N)
			}
		}
	}
}

func asErr(err error, target **apperr.Error) bool { return errors.As(err, target) }
