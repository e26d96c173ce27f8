package demo

import (
	"errors"
	"math"
	"sort"
)

// allocate splits total over items in proportion to weights, each item
// getting at most its cap, and the parts adding up to total exactly. What
// rounding down leaves over goes one by one to the heaviest items that
// still have room.
func allocate(total int, weights []float64, caps []int) ([]int, error) {
	sum := 0.0
	for _, w := range weights {
		sum += w
	}
	out := make([]int, len(weights))
	left := total
	for i, w := range weights {
		if sum > 0 {
			out[i] = min(caps[i], int(math.Floor(float64(total)*w/sum)))
		}
		left -= out[i]
	}
	order := make([]int, len(weights))
	for i := range order {
		order[i] = i
	}
	sort.SliceStable(order, func(a, b int) bool { return weights[order[a]] > weights[order[b]] })
	for left > 0 {
		gave := false
		for _, i := range order {
			if left == 0 {
				break
			}
			if out[i] < caps[i] {
				out[i]++
				left--
				gave = true
			}
		}
		if !gave {
			return nil, errors.New("demo size: not enough room for every row")
		}
	}
	return out, nil
}
