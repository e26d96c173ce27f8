// Package demo fills an empty database with "Gemeente Voorbeeld": a
// municipality with neighbourhoods and the usual themes, demo users to log
// in as and, with SeedParticipation, a year of residents' participation,
// so that a newcomer sees a living site on the first run. The same
// generator, at a larger size, feeds the load generator. Seeding is
// idempotent: running it again adds only what is missing and changes
// nothing that exists.
package demo

import (
	"context"
	"time"

	"github.com/uptrace/bun"

	"github.com/buurtboost/buurtboost/app/account"
	"github.com/buurtboost/buurtboost/app/municipality"
)

// Result counts what one Seed or SeedAll call added.
type Result struct {
	Settings       bool
	Neighbourhoods int
	Themes         int
	Users          int
	// Participation is only filled by SeedAll.
	Participation ParticipationResult
}

// SeedAll is Seed followed by SeedParticipation at DemoSize: the complete
// demo municipality of `seed --demo` and of the first start on localhost.
// Store and web tests use Seed alone and start without participation.
func SeedAll(ctx context.Context, bdb *bun.DB, m *municipality.Service, a *account.Service, now time.Time) (Result, error) {
	r, err := Seed(ctx, m, a)
	if err != nil {
		return r, err
	}
	r.Participation, err = SeedParticipation(ctx, bdb, DemoSize, now)
	return r, err
}

// Seed adds the demo municipality, its neighbourhoods, themes and demo
// users where they are missing.
func Seed(ctx context.Context, m *municipality.Service, a *account.Service) (Result, error) {
	var r Result
	added, err := m.EnsureSettings(ctx, municipality.Settings{
		Name: "Gemeente Voorbeeld", PrimaryColor: "#00665a", AccentColor: "#f5b400",
	})
	if err != nil {
		return r, err
	}
	r.Settings = added
	for _, n := range neighbourhoods() {
		added, err := m.EnsureNeighbourhood(ctx, n)
		if err != nil {
			return r, err
		}
		r.Neighbourhoods += count(added)
	}
	for _, t := range Themes() {
		added, err := m.EnsureTheme(ctx, t)
		if err != nil {
			return r, err
		}
		r.Themes += count(added)
	}
	n, err := seedUsers(ctx, m, a)
	r.Users = n
	return r, err
}

// DemoProvider is the login provider name of the demo users; the demo
// login form (localhost only) lists the users of this provider.
const DemoProvider = "demo"

// demoUser is a fictional person to log in as on a development machine.
type demoUser struct {
	subject, name, neighbourhood string
	role                         account.Role
}

func users() []demoUser {
	return []demoUser{
		{"bewoner", "Anouk de Vries (bewoner)", "bolwijk", account.Resident},
		{organiserSubject, "Youssef Amrani (initiatiefnemer)", "havenkwartier", account.Resident},
		{"medewerker", "Els Bakker (gemeente)", "", account.Staff},
		{"beheerder", "Sam Jansen (beheerder)", "", account.Admin},
	}
}

func seedUsers(ctx context.Context, m *municipality.Service, a *account.Service) (int, error) {
	added := 0
	for _, u := range users() {
		ok, err := a.EnsureUser(ctx, account.Profile{Provider: DemoProvider, Subject: u.subject, Name: u.name}, u.role)
		if err != nil || !ok {
			if err != nil {
				return added, err
			}
			continue
		}
		added++
		if err := setHome(ctx, m, a, u); err != nil {
			return added, err
		}
	}
	return added, nil
}

// setHome gives a new demo user their neighbourhood, so that they skip the
// question new residents get.
func setHome(ctx context.Context, m *municipality.Service, a *account.Service, u demoUser) error {
	users, err := a.UsersOfProvider(ctx, DemoProvider)
	if err != nil {
		return err
	}
	for _, du := range users {
		if du.DisplayName != u.name {
			continue
		}
		if u.neighbourhood == "" {
			return a.SetNeighbourhood(ctx, du.ID, nil)
		}
		n, err := m.NeighbourhoodBySlug(ctx, u.neighbourhood)
		if err != nil {
			return err
		}
		return a.SetNeighbourhood(ctx, du.ID, &n.ID)
	}
	return nil
}

func count(added bool) int {
	if added {
		return 1
	}
	return 0
}

// neighbourhoods are fictional; the CBS codes use 9999, a municipality code
// that does not exist, so they can never clash with real data.
func neighbourhoods() []municipality.Neighbourhood {
	type nb struct {
		slug, name, cbs string
		population      int
	}
	list := []nb{
		{"bolwijk", "Bolwijk", "BU99990001", 4210},
		{"havenkwartier", "Havenkwartier", "BU99990002", 3180},
		{"molenbuurt", "Molenbuurt", "BU99990003", 2560},
		{"oosterpark", "Oosterpark", "BU99990004", 5030},
		{"rietveld", "Rietveld", "BU99990005", 1890},
		{"schildersbuurt", "Schildersbuurt", "BU99990006", 3740},
		{"tuindorp", "Tuindorp", "BU99990007", 2270},
		{"vogelbuurt", "Vogelbuurt", "BU99990008", 3320},
	}
	out := make([]municipality.Neighbourhood, 0, len(list))
	for _, n := range list {
		cbs, pop := n.cbs, n.population
		out = append(out, municipality.Neighbourhood{Slug: n.slug, Name: n.name, CBSCode: &cbs, Population: &pop})
	}
	return out
}

// Themes are the usual themes of Dutch neighbourhood participation.
func Themes() []municipality.Theme {
	return []municipality.Theme{
		{Slug: "groen", LabelNL: "Groen", LabelEN: "Green spaces"},
		{Slug: "verkeer", LabelNL: "Verkeer", LabelEN: "Traffic"},
		{Slug: "veiligheid", LabelNL: "Veiligheid", LabelEN: "Safety"},
		{Slug: "jongeren", LabelNL: "Jongeren", LabelEN: "Young people"},
		{Slug: "ouderen", LabelNL: "Ouderen", LabelEN: "Older people"},
		{Slug: "cultuur", LabelNL: "Cultuur", LabelEN: "Culture"},
		{Slug: "sport", LabelNL: "Sport", LabelEN: "Sport"},
		{Slug: "duurzaamheid", LabelNL: "Duurzaamheid", LabelEN: "Sustainability"},
		{Slug: "spelen", LabelNL: "Spelen", LabelEN: "Play"},
		{Slug: "buurtgevoel", LabelNL: "Buurtgevoel", LabelEN: "Community spirit"},
	}
}
