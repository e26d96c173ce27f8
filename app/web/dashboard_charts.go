package web

import (
	"math"
	"strconv"
)

// barChart is an accessible SVG bar chart, drawn on the server: role
// "img" with a title and a description in words, and the same numbers in
// a table next to it. Colours come from CSS classes, never inline styles
// (the CSP forbids them).
type barChart struct {
	ID, Title, Desc, Caption string
	Width, Height            int
	Bars                     []chartBar
	Ticks                    []chartTick // horizontal grid lines with their value
	Labels                   []chartTick // dates under the bars
}

type chartBar struct{ X, Y, W, H float64 }

type chartTick struct {
	X, Y float64
	Text string
}

type chartSize struct{ W, H int }

// Margins for the axes, in SVG units.
const (
	chartLeft   = 36.0
	chartBottom = 20.0
	chartTop    = 8.0
)

// newBarChart draws values on a scale up to top (shared by small
// multiples, so their bars compare). labels, when given, are written
// under every few bars.
func newBarChart(id string, values []int, top int, labels []string, size chartSize) barChart {
	ch := barChart{ID: id, Width: size.W, Height: size.H}
	left, bottom := chartLeft, chartBottom
	if labels == nil {
		left, bottom = 2, 2
	}
	plotW, plotH := float64(size.W)-left-4, float64(size.H)-bottom-chartTop
	if len(values) == 0 {
		return ch
	}
	scale := niceTop(top)
	slot := plotW / float64(len(values))
	for i, v := range values {
		h := plotH * float64(v) / float64(scale)
		ch.Bars = append(ch.Bars, chartBar{X: left + float64(i)*slot + slot*0.1, Y: chartTop + plotH - h, W: slot * 0.8, H: h})
	}
	if labels == nil {
		return ch
	}
	for _, t := range []int{0, scale / 2, scale} {
		ch.Ticks = append(ch.Ticks, chartTick{X: left - 4, Y: chartTop + plotH - plotH*float64(t)/float64(scale), Text: strconv.Itoa(t)})
	}
	every := int(math.Ceil(float64(len(values)) / 6))
	for i := 0; i < len(values); i += every {
		ch.Labels = append(ch.Labels, chartTick{X: left + float64(i)*slot + slot/2, Y: float64(size.H) - 4, Text: labels[i]})
	}
	return ch
}

// niceTop rounds the scale up to an even number (at least 2), so the
// middle grid line is a whole number.
func niceTop(top int) int {
	if top < 2 {
		return 2
	}
	return top + top%2
}

// PlotBottom is the y of the x axis.
func (c barChart) PlotBottom() float64 {
	if c.Labels == nil {
		return float64(c.Height) - 2
	}
	return float64(c.Height) - chartBottom
}
