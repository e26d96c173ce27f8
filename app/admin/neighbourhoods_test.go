package admin_test

import (
	"bytes"
	"strconv"
	"strings"
	"testing"

	"github.com/uptrace/bun"

	"github.com/buurtboost/buurtboost/app/account"
	"github.com/buurtboost/buurtboost/app/admin"
	"github.com/buurtboost/buurtboost/app/apperr"
	"github.com/buurtboost/buurtboost/app/audit"
	"github.com/buurtboost/buurtboost/app/db/dbtest"
)

func TestImportNeighbourhoods(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, bdb *bun.DB) {
		f := setup(t, bdb)
		root := f.user("Sam Beheer", account.Admin)
		// Semicolons, a byte order mark and a Dutch thousands separator, as a
		// Dutch spreadsheet saves them; two neighbourhoods share a name.
		file := "\ufeffNaam;CBS_code;Inwoners\nNoord;BU03440101;12.345\nNoord;bu03440102;\nOud-Zuid;BU03440103;800\n"
		res, problems, err := f.svc.ImportNeighbourhoods(f.ctx, root, csvFile(file))
		if err != nil || len(problems) > 0 || res != (admin.ImportResult{Added: 3}) {
			t.Fatalf("import = %+v, %+v, %v", res, problems, err)
		}
		ns, err := f.svc.Neighbourhoods(f.ctx, root)
		if err != nil || len(ns) != 3 {
			t.Fatalf("neighbourhoods = %+v, %v", ns, err)
		}
		got := map[string]string{}
		for _, n := range ns {
			pop := "-"
			if n.Population != nil {
				pop = strconv.Itoa(*n.Population)
			}
			got[*n.CBSCode] = n.Slug + " " + n.Name + " " + pop
		}
		want := map[string]string{"BU03440101": "noord Noord 12345", "BU03440102": "noord-2 Noord -", "BU03440103": "oud-zuid Oud-Zuid 800"}
		for code, w := range want {
			if got[code] != w {
				t.Errorf("%s = %q, want %q", code, got[code], w)
			}
		}
		// Importing again updates by CBS code and adds what is new.
		res, problems, err = f.svc.ImportNeighbourhoods(f.ctx, root, csvFile("name,cbs_code,population\nNoord-West,BU03440102,40\nHaven,BU03440104,0\n"))
		if err != nil || len(problems) > 0 || res != (admin.ImportResult{Added: 1, Updated: 1}) {
			t.Fatalf("second import = %+v, %+v, %v", res, problems, err)
		}
		if n := countRows(t, bdb, "neighbourhoods WHERE cbs_code = 'BU03440102' AND name = 'Noord-West' AND population = 40 AND slug = 'noord-2'"); n != 1 {
			t.Error("the update did not change name and population, or changed the slug")
		}
		es, _ := audit.List(f.ctx, bdb, 5)
		if len(es) != 2 || es[0].Action != audit.NeighbourhoodsImported || es[0].Reason != "+1, ~1" {
			t.Errorf("audit = %+v", es)
		}
		_, _, err = f.svc.ImportNeighbourhoods(f.ctx, f.user("Wim", account.Staff), csvFile(file))
		wantErr(t, "staff importing", err, apperr.Forbidden, "admin.forbidden")
	})
}

func TestImportNeighbourhoodsIsAllOrNothing(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, bdb *bun.DB) {
		f := setup(t, bdb)
		root := f.user("Sam Beheer", account.Admin)
		tests := map[string]struct {
			file string
			want []admin.Problem
		}{
			"wrong columns": {"naam,code\nNoord,BU03440101\n", []admin.Problem{{Line: 1, Key: "admin.import.columns", Value: "naam,code"}}},
			"empty":         {"", []admin.Problem{{Key: "admin.import.empty"}}},
			"header only":   {"naam,cbs_code,inwoners\n", []admin.Problem{{Key: "admin.import.empty"}}},
			"not UTF-8":     {"naam,cbs_code,inwoners\nK\xe9rk,BU03440101,1\n", []admin.Problem{{Key: "admin.import.encoding"}}},
			"bad quotes":    {"naam,cbs_code,inwoners\nNoord,BU03440101,1\n\"Zuid,BU03440102,2\n", []admin.Problem{{Line: 3, Key: "admin.import.unreadable"}}},
			"bad lines": {
				"naam,cbs_code,inwoners\nGoed,BU03440101,10\n,BU03440102,1\nNoord,BU1,1\nZuid,BU03440101,veel\nOost,BU03440105\n" +
					strings.Repeat("x", 81) + ",BU03440106,-1\n",
				[]admin.Problem{
					{Line: 3, Key: "admin.import.name.required"},
					{Line: 4, Key: "admin.import.code.invalid", Value: "BU1"},
					{Line: 5, Key: "admin.import.code.duplicate", Value: "BU03440101 (2)"},
					{Line: 5, Key: "admin.import.population.invalid", Value: "veel"},
					{Line: 6, Key: "admin.import.fields", Value: "Oost | BU03440105"},
					{Line: 7, Key: "admin.import.name.too_long", Value: strings.Repeat("x", 81)},
					{Line: 7, Key: "admin.import.population.invalid", Value: "-1"},
				}},
		}
		for name, tt := range tests {
			res, problems, err := f.svc.ImportNeighbourhoods(f.ctx, root, csvFile(tt.file))
			if err != nil || res != (admin.ImportResult{}) || !equalProblems(problems, tt.want) {
				t.Errorf("%s: %+v, %v, problems\n%+v\nwant\n%+v", name, res, err, problems, tt.want)
			}
		}
		big := bytes.Repeat([]byte("Noord,BU03440101,1\n"), admin.ImportMaxBytes/19+1)
		_, problems, err := f.svc.ImportNeighbourhoods(f.ctx, root, admin.ImportFiles{CSV: bytes.NewReader(append([]byte("naam,cbs_code,inwoners\n"), big...))})
		if err != nil || !equalProblems(problems, []admin.Problem{{Key: "admin.import.too_large"}}) {
			t.Errorf("over 10 MB: %+v, %v", problems, err)
		}
		if n := countRows(t, bdb, "neighbourhoods"); n != 0 {
			t.Errorf("%d neighbourhoods imported from refused files", n)
		}
	})
}

func equalProblems(a, b []admin.Problem) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func countRows(t *testing.T, bdb *bun.DB, from string) int {
	t.Helper()
	var n int
	if err := bdb.NewRaw("SELECT COUNT(*) FROM "+from).Scan(t.Context(), &n); err != nil {
		t.Fatal(err)
	}
	return n
}
