package admin

import (
	"bufio"
	"bytes"
	"context"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"regexp"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/google/uuid"
	"github.com/uptrace/bun"

	"github.com/buurtboost/buurtboost/app/account"
	"github.com/buurtboost/buurtboost/app/audit"
	"github.com/buurtboost/buurtboost/app/initiative"
	"github.com/buurtboost/buurtboost/app/municipality"
)

// Limits of a neighbourhood import.
const (
	ImportMaxBytes = 10 << 20 // 10 MB
	ImportMaxRows  = 10000
	NameMax        = 80
)

// cbsCode is a CBS buurtcode: BU and eight digits (municipality, wijk,
// buurt), as in the CBS "Wijk- en buurtkaart".
var cbsCode = regexp.MustCompile(`^BU[0-9]{8}$`)

// Problem is one reason an import was refused: where (the line of the
// CSV file, 1 being the header, or the feature of the GeoJSON file,
// counted from 1; neither for a file as a whole), a message key that names
// the file, and the value at fault.
type Problem struct {
	Line    int
	Feature int
	Key     string
	Value   string
}

// ImportResult says what an import did: neighbourhoods added and updated,
// and outlines stored.
type ImportResult struct{ Added, Updated, Outlines int }

// ImportFiles are the files of one import; either may be nil, not both.
type ImportFiles struct {
	// CSV lists neighbourhoods: see ImportNeighbourhoods.
	CSV io.Reader
	// Outlines is a GeoJSON FeatureCollection of their outlines: see
	// parseOutlines and OutlineCodeProperties.
	Outlines io.Reader
}

// MaxProblems bounds an import's report: past it, one more problem says
// how many were left out.
const MaxProblems = 200

// importRow is a checked line of the file.
type importRow struct {
	line       int
	name, code string
	population *int
}

// ImportNeighbourhoods reads a CSV file of neighbourhoods with the columns
// naam (or name), cbs_code and inwoners (or population), separated by
// commas or semicolons (as Dutch spreadsheets write), and adds them, or
// updates the name and population of those whose CBS code exists; and a
// GeoJSON file of outlines, each stored with the neighbourhood of its CBS
// code, in the file or already known. All or nothing: when anything in
// either file is wrong, the problems of every line and feature are
// returned and nothing is imported.
func (s *Service) ImportNeighbourhoods(ctx context.Context, actor account.User, files ImportFiles) (ImportResult, []Problem, error) {
	if err := mustAdmin(actor); err != nil {
		return ImportResult{}, nil, err
	}
	if files.CSV == nil && files.Outlines == nil {
		return ImportResult{}, []Problem{{Key: "admin.import.no_file"}}, nil
	}
	var rows []importRow
	var outlines []outlineRow
	var problems []Problem
	if files.CSV != nil {
		data, p, err := readImport(files.CSV, "admin.import.too_large")
		if err != nil || p != nil {
			return ImportResult{}, p, err
		}
		var ps []Problem
		rows, ps = parseImport(data)
		problems = append(problems, ps...)
	}
	if files.Outlines != nil {
		data, p, err := readImport(files.Outlines, "admin.outlines.too_large")
		if err != nil || p != nil {
			return ImportResult{}, p, err
		}
		var ps []Problem
		outlines, ps = parseOutlines(data)
		problems = append(problems, ps...)
		unknown, err := s.unknownCodes(ctx, rows, outlines)
		if err != nil {
			return ImportResult{}, nil, err
		}
		problems = append(problems, unknown...)
	}
	if len(problems) > 0 {
		return ImportResult{}, capProblems(problems), nil
	}
	var res ImportResult
	err := s.db.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
		var err error
		if res, err = s.apply(ctx, tx, rows); err != nil {
			return err
		}
		if res.Outlines, err = s.applyOutlines(ctx, tx, outlines); err != nil {
			return err
		}
		reason := fmt.Sprintf("+%d, ~%d", res.Added, res.Updated)
		if res.Outlines > 0 {
			reason += fmt.Sprintf(", %d outlines", res.Outlines)
		}
		return audit.Append(ctx, tx, audit.Entry{ActorID: &actor.ID, ActorRole: actor.Role, Action: audit.NeighbourhoodsImported,
			SubjectKind: "neighbourhoods", Reason: reason, CreatedAt: s.now().UTC()})
	})
	if err != nil {
		return ImportResult{}, nil, fmt.Errorf("import neighbourhoods: %w", err)
	}
	return res, nil, nil
}

// readImport reads a file of at most ImportMaxBytes; a larger one is the
// problem tooLarge.
func readImport(r io.Reader, tooLarge string) ([]byte, []Problem, error) {
	data, err := io.ReadAll(io.LimitReader(r, ImportMaxBytes+1))
	if err != nil {
		return nil, nil, fmt.Errorf("read import: %w", err)
	}
	if len(data) > ImportMaxBytes {
		return nil, []Problem{{Key: tooLarge}}, nil
	}
	return data, nil, nil
}

// capProblems keeps the first MaxProblems problems and says how many more
// there were.
func capProblems(ps []Problem) []Problem {
	if len(ps) <= MaxProblems {
		return ps
	}
	return append(ps[:MaxProblems:MaxProblems], Problem{Key: "admin.import.more", Value: strconv.Itoa(len(ps) - MaxProblems)})
}

// parseImport checks the file and every line of it.
func parseImport(data []byte) ([]importRow, []Problem) {
	data = bytes.TrimPrefix(data, []byte("\ufeff")) // Excel's byte order mark
	if !utf8.Valid(data) {
		return nil, []Problem{{Key: "admin.import.encoding"}}
	}
	cr := csv.NewReader(bytes.NewReader(data))
	cr.Comma = separator(data)
	cr.FieldsPerRecord = -1
	header, err := cr.Read()
	if errors.Is(err, io.EOF) {
		return nil, []Problem{{Key: "admin.import.empty"}}
	}
	if err != nil || !headerOK(header) {
		return nil, []Problem{{Line: 1, Key: "admin.import.columns", Value: strings.Join(header, string(cr.Comma))}}
	}
	var rows []importRow
	var problems []Problem
	seen := map[string]int{} // CBS code -> line
	for {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			var pe *csv.ParseError
			line := 0
			if errors.As(err, &pe) {
				line = pe.StartLine
			}
			return nil, append(problems, Problem{Line: line, Key: "admin.import.unreadable"})
		}
		line, _ := cr.FieldPos(0)
		if len(rows)+len(problems) >= ImportMaxRows {
			return nil, append(problems, Problem{Line: line, Key: "admin.import.too_many"})
		}
		row, ps := checkRow(line, rec, seen)
		problems = append(problems, ps...)
		rows = append(rows, row)
	}
	if len(rows) == 0 && len(problems) == 0 {
		return nil, []Problem{{Key: "admin.import.empty"}}
	}
	return rows, problems
}

// separator is ';' when the header line has semicolons and no commas.
func separator(data []byte) rune {
	first, _ := bufio.NewReader(bytes.NewReader(data)).ReadString('\n')
	if strings.Contains(first, ";") && !strings.Contains(first, ",") {
		return ';'
	}
	return ','
}

func headerOK(h []string) bool {
	if len(h) != 3 {
		return false
	}
	want := [][]string{{"naam", "name"}, {"cbs_code", "cbs-code", "cbscode", "code"}, {"inwoners", "population"}}
	for i, names := range want {
		got := strings.ToLower(strings.TrimSpace(h[i]))
		ok := false
		for _, n := range names {
			ok = ok || got == n
		}
		if !ok {
			return false
		}
	}
	return true
}

func checkRow(line int, rec []string, seen map[string]int) (importRow, []Problem) {
	if len(rec) != 3 {
		return importRow{}, []Problem{{Line: line, Key: "admin.import.fields", Value: strings.Join(rec, " | ")}}
	}
	row := importRow{line: line, name: strings.Join(strings.Fields(rec[0]), " "),
		code: strings.ToUpper(strings.TrimSpace(rec[1]))}
	var ps []Problem
	switch n := utf8.RuneCountInString(row.name); {
	case n == 0:
		ps = append(ps, Problem{Line: line, Key: "admin.import.name.required"})
	case n > NameMax:
		ps = append(ps, Problem{Line: line, Key: "admin.import.name.too_long", Value: row.name})
	case strings.ContainsFunc(row.name, func(r rune) bool { return r < 0x20 || r == 0x7f }):
		ps = append(ps, Problem{Line: line, Key: "admin.import.name.control"})
	}
	switch first, dup := seen[row.code]; {
	case !cbsCode.MatchString(row.code):
		ps = append(ps, Problem{Line: line, Key: "admin.import.code.invalid", Value: rec[1]})
	case dup:
		ps = append(ps, Problem{Line: line, Key: "admin.import.code.duplicate", Value: row.code + " (" + strconv.Itoa(first) + ")"})
	default:
		seen[row.code] = line
	}
	if p := strings.TrimSpace(rec[2]); p != "" {
		n, err := strconv.Atoi(strings.ReplaceAll(p, ".", "")) // 12.345 in Dutch
		if err != nil || n < 0 || n > 10_000_000 {
			ps = append(ps, Problem{Line: line, Key: "admin.import.population.invalid", Value: p})
		} else {
			row.population = &n
		}
	}
	return row, ps
}

// apply writes the checked rows: an existing CBS code is updated, a new
// one added with a free slug made from its name.
func (s *Service) apply(ctx context.Context, tx bun.Tx, rows []importRow) (ImportResult, error) {
	var res ImportResult
	now := s.now().UTC()
	for _, r := range rows {
		upd, err := tx.NewUpdate().Model((*municipality.Neighbourhood)(nil)).
			Set("name = ?, population = ?, updated_at = ?", r.name, r.population, now).
			Where("cbs_code = ?", r.code).Exec(ctx)
		if err != nil {
			return res, err
		}
		if n, _ := upd.RowsAffected(); n > 0 {
			res.Updated++
			continue
		}
		slug, err := freeSlug(ctx, tx, initiative.Slugify(r.name))
		if err != nil {
			return res, err
		}
		code := r.code
		nb := municipality.Neighbourhood{ID: uuid.Must(uuid.NewV7()), Slug: slug, Name: r.name, CBSCode: &code,
			Population: r.population, CreatedAt: now, UpdatedAt: now}
		if _, err := tx.NewInsert().Model(&nb).Exec(ctx); err != nil {
			return res, err
		}
		res.Added++
	}
	return res, nil
}

// freeSlug returns base, or base-2, base-3, … whichever is not taken.
func freeSlug(ctx context.Context, tx bun.Tx, base string) (string, error) {
	if base == "" {
		base = "buurt"
	}
	for i := 1; ; i++ {
		slug := base
		if i > 1 {
			slug = base + "-" + strconv.Itoa(i)
		}
		taken, err := tx.NewSelect().Model((*municipality.Neighbourhood)(nil)).Where("slug = ?", slug).Exists(ctx)
		if err != nil || !taken {
			return slug, err
		}
	}
}

// Neighbourhoods lists every neighbourhood for the console.
func (s *Service) Neighbourhoods(ctx context.Context, actor account.User) ([]municipality.Neighbourhood, error) {
	if err := mustAdmin(actor); err != nil {
		return nil, err
	}
	var ns []municipality.Neighbourhood
	if err := s.db.NewSelect().Model(&ns).OrderExpr("name, id").Scan(ctx); err != nil {
		return nil, fmt.Errorf("list neighbourhoods: %w", err)
	}
	return ns, nil
}
