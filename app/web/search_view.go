package web

import (
	"net/url"
	"slices"
	"strconv"

	"github.com/buurtboost/buurtboost/app/municipality"
	"github.com/buurtboost/buurtboost/app/search"
)

// fillFacets makes the checkboxes: every kind, and the neighbourhoods and
// themes, each with its count among the hits. Checked options stay even
// when they count nothing, so they can be unchecked.
func (v *searchView) fillFacets(q search.Query, nbs []municipality.Neighbourhood, themes []municipality.Theme, lang string) {
	counts := v.facetCounts
	for _, k := range search.Kinds() {
		v.Kinds = append(v.Kinds, facetOption{Param: "soort", Value: string(k), Label: "search.kind." + string(k),
			Count: counts[search.FacetKind][string(k)], Checked: slices.Contains(q.Kinds, k)})
	}
	names := map[string]string{}
	for _, n := range nbs {
		names[n.ID.String()] = n.Name
		id := n.ID.String()
		o := facetOption{Param: "buurt", Value: id, Label: n.Name, Count: counts[search.FacetNeighbourhood][id],
			Checked: slices.Contains(q.Neighbourhoods, id)}
		if o.Count > 0 || o.Checked {
			v.Areas = append(v.Areas, o)
		}
	}
	for _, t := range themes {
		id := t.ID.String()
		o := facetOption{Param: "thema", Value: id, Label: t.Label(lang), Count: counts[search.FacetTheme][id],
			Checked: slices.Contains(q.Themes, id)}
		if o.Count > 0 || o.Checked {
			v.Themes = append(v.Themes, o)
		}
	}
	for i := range v.Hits {
		v.Hits[i].Area = names[v.Hits[i].NeighbourhoodID]
	}
	for _, sp := range sortParams {
		v.Sorts = append(v.Sorts, sp.Param)
	}
}

// pageLinks sets the links to the previous and next page, keeping the
// query and filters.
func (v *searchView) pageLinks(u *url.URL, q search.Query) {
	link := func(page int) string {
		vals := u.Query()
		vals.Set("pagina", strconv.Itoa(page))
		return "/zoeken?" + vals.Encode()
	}
	if v.Page > 1 {
		v.PrevURL = link(v.Page - 1)
	}
	if v.Page*q.PerPage < v.Total {
		v.NextURL = link(v.Page + 1)
	}
}
