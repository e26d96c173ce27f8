package search_test

import (
	"context"
	"io"
	"log/slog"
	"runtime"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/uptrace/bun"

	"github.com/buurtboost/buurtboost/app/account"
	"github.com/buurtboost/buurtboost/app/db/dbtest"
	"github.com/buurtboost/buurtboost/app/idea"
	"github.com/buurtboost/buurtboost/app/initiative"
	"github.com/buurtboost/buurtboost/app/markdown"
	"github.com/buurtboost/buurtboost/app/moderation"
	"github.com/buurtboost/buurtboost/app/municipality"
	"github.com/buurtboost/buurtboost/app/outbox"
	"github.com/buurtboost/buurtboost/app/search"
	"github.com/buurtboost/buurtboost/app/search/embedded"
	"github.com/buurtboost/buurtboost/app/volunteer"
)

var t0 = time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)

// world is a database with a neighbourhood, a theme, a resident, the
// services, an outbox with the indexer registered, and a clock.
type world struct {
	t        *testing.T
	ctx      context.Context
	db       *bun.DB
	now      time.Time
	ideas    *idea.Service
	inis     *initiative.Service
	engine   *embedded.Engine
	src      *search.Source
	box      *outbox.Outbox
	resident account.User
	nb       uuid.UUID
	theme    uuid.UUID
}

func newWorld(t *testing.T, bdb *bun.DB) *world {
	ctx := context.Background()
	w := &world{t: t, ctx: ctx, db: bdb, now: t0}
	clock := func() time.Time { return w.now }
	w.ideas, w.inis = idea.NewService(bdb, clock), initiative.NewService(bdb, clock)
	m := municipality.NewService(bdb, clock)
	if _, err := m.EnsureNeighbourhood(ctx, municipality.Neighbourhood{Slug: "noord", Name: "Noord"}); err != nil {
		t.Fatal(err)
	}
	nb, err := m.NeighbourhoodBySlug(ctx, "noord")
	if err != nil {
		t.Fatal(err)
	}
	w.nb = nb.ID
	if _, err := m.EnsureTheme(ctx, municipality.Theme{Slug: "groen", LabelNL: "Groen", LabelEN: "Green"}); err != nil {
		t.Fatal(err)
	}
	ts, err := m.ListThemes(ctx)
	if err != nil {
		t.Fatal(err)
	}
	w.theme = ts[0].ID
	u, err := account.NewService(bdb, clock, account.Options{}).Login(ctx,
		account.Profile{Provider: "test", Subject: "u1", Name: "Anna", Email: "anna@example.nl"})
	if err != nil {
		t.Fatal(err)
	}
	w.resident = u
	w.engine = embedded.New(bdb)
	w.src = search.NewSource(bdb, markdown.New())
	w.box = w.newOutbox(w.engine)
	return w
}

func (w *world) newOutbox(e search.Engine) *outbox.Outbox {
	box := outbox.New(w.db, func() time.Time { return w.now }, slog.New(slog.NewTextHandler(io.Discard, nil)))
	box.Register(search.Topic, search.NewIndexer(w.src, e, slog.New(slog.NewTextHandler(io.Discard, nil))).Handler())
	return box
}

func (w *world) drain() {
	w.t.Helper()
	if _, err := w.box.Drain(w.ctx); err != nil {
		w.t.Fatalf("drain: %v", err)
	}
}

func (w *world) initiative(title string) initiative.Initiative {
	w.t.Helper()
	ini, err := w.inis.Create(w.ctx, w.resident, initiative.Input{Title: title, Summary: "Samen voor de buurt",
		Description: "Wij willen **samen** iets moois maken.", NeighbourhoodID: w.nb.String(),
		ThemeIDs: []string{w.theme.String()}})
	if err != nil {
		w.t.Fatalf("create initiative: %v", err)
	}
	return ini
}

func (w *world) propose(iniID uuid.UUID, title string) idea.Idea {
	w.t.Helper()
	w.now = w.now.Add(2 * time.Minute)
	it, err := w.ideas.Propose(w.ctx, w.resident, iniID, idea.Input{Title: title, Description: "Omschrijving van " + title})
	if err != nil {
		w.t.Fatalf("propose: %v", err)
	}
	return it
}

func (w *world) titles(text string) []string {
	w.t.Helper()
	res, err := w.engine.Search(w.ctx, search.Query{Text: text})
	if err != nil {
		w.t.Fatal(err)
	}
	var out []string
	for _, h := range res.Hits {
		out = append(out, h.Title)
	}
	slices.Sort(out)
	return out
}

func (w *world) want(text string, want ...string) {
	w.t.Helper()
	if got := w.titles(text); !slices.Equal(got, want) {
		w.t.Errorf("search %q = %q, want %q", text, got, want)
	}
}

// indexed returns every document in the index.
func (w *world) indexed() []search.Document {
	w.t.Helper()
	var out []search.Document
	for page := 1; ; page++ {
		res, err := w.engine.Search(w.ctx, search.Query{Page: page, PerPage: search.MaxPerPage})
		if err != nil {
			w.t.Fatal(err)
		}
		for _, h := range res.Hits {
			out = append(out, h.Document)
		}
		if len(res.Hits) < search.MaxPerPage {
			return out
		}
	}
}

// inDatabase returns every public document the database holds.
func (w *world) inDatabase() []search.Document {
	w.t.Helper()
	var out []search.Document
	err := w.src.All(w.ctx, 7, func(docs []search.Document, _ int) error {
		out = append(out, docs...)
		return nil
	})
	if err != nil {
		w.t.Fatal(err)
	}
	return out
}

// sameIndex checks that the index holds exactly the database's public
// documents with the same fields.
func (w *world) sameIndex() {
	w.t.Helper()
	norm := func(ds []search.Document) []search.Document {
		for i := range ds {
			ds[i].CreatedAt = ds[i].CreatedAt.UTC().Truncate(time.Second)
		}
		slices.SortFunc(ds, func(a, b search.Document) int { return strings.Compare(a.Key(), b.Key()) })
		return ds
	}
	got, want := norm(w.indexed()), norm(w.inDatabase())
	if len(got) != len(want) {
		w.t.Fatalf("index holds %d documents, database %d", len(got), len(want))
	}
	for i := range got {
		if !equalDocs(got[i], want[i]) {
			w.t.Errorf("index has %+v, database %+v", got[i], want[i])
		}
	}
}

func equalDocs(a, b search.Document) bool {
	return a.Key() == b.Key() && a.Title == b.Title && a.Body == b.Body && a.URL == b.URL && a.Status == b.Status &&
		a.NeighbourhoodID == b.NeighbourhoodID && slices.Equal(a.ThemeIDs, b.ThemeIDs) && a.Supports == b.Supports &&
		a.InitiativeID == b.InitiativeID && a.InitiativeTitle == b.InitiativeTitle && a.CreatedAt.Equal(b.CreatedAt)
}

func TestIndexFollowsChanges(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, bdb *bun.DB) {
		w := newWorld(t, bdb)
		ini := w.initiative("Speeltuin Bolplein")
		moes := w.propose(ini.ID, "Moestuin achter de school")
		w.propose(ini.ID, "Bankjes bij de vijver")
		w.want("moestuin")
		w.drain()
		w.want("moestuin", "Moestuin achter de school")
		w.want("speeltuin", "Speeltuin Bolplein")
		w.sameIndex()

		if _, err := w.ideas.Edit(w.ctx, w.resident, moes.ID, idea.Input{Title: "Kruidentuin achter de school", Description: "x"}); err != nil {
			t.Fatal(err)
		}
		w.drain()
		w.want("moestuin")
		w.want("kruidentuin", "Kruidentuin achter de school")

		other, err := account.NewService(bdb, func() time.Time { return w.now }, account.Options{}).Login(w.ctx,
			account.Profile{Provider: "test", Subject: "u2", Name: "Bob"})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := w.ideas.Support(w.ctx, other, moes.ID); err != nil {
			t.Fatal(err)
		}
		w.drain()
		w.sameIndex()

		in := ini.Input()
		in.Title, in.Status = "Speelplek Bolplein", string(initiative.Archived)
		if _, err := w.inis.Update(w.ctx, w.resident, ini.ID, in); err != nil {
			t.Fatal(err)
		}
		w.drain()
		w.want("speelplek")
		w.want("kruidentuin")
		w.want("bankjes")
		w.sameIndex()
	})
}

func TestIndexNeverHoldsPrivateOrRemovedContent(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, bdb *bun.DB) {
		w := newWorld(t, bdb)
		ini := w.initiative("Buurtcafé Noord")
		it := w.propose(ini.ID, "Koffieochtend op dinsdag")
		w.drain()
		w.want("koffieochtend", "Koffieochtend op dinsdag")
		for _, d := range w.indexed() {
			for _, s := range []string{d.Title, d.Body, d.URL, d.InitiativeTitle} {
				if containsAny(s, "anna@example.nl", "Anna") {
					t.Errorf("document %s shows the resident: %q", d.Key(), s)
				}
			}
		}
		// Moderation removes the idea and records the change in its transaction.
		err := bdb.RunInTx(w.ctx, nil, func(ctx context.Context, tx bun.Tx) error {
			if _, err := tx.NewUpdate().Table("ideas").Set("removed_at = ?", w.now).Where("id = ?", it.ID).Exec(ctx); err != nil {
				return err
			}
			return search.Enqueue(ctx, tx, search.KindIdea, it.ID.String())
		})
		if err != nil {
			t.Fatal(err)
		}
		w.drain()
		w.want("koffieochtend")
		w.want("buurtcafe", "Buurtcafé Noord")
		w.sameIndex()
	})
}

// Hiding by moderation takes an idea, or an initiative with its ideas,
// out of the index; restoring brings them back.
func TestIndexFollowsModeration(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, bdb *bun.DB) {
		w := newWorld(t, bdb)
		ini := w.initiative("Buurtcafé Noord")
		it := w.propose(ini.ID, "Koffieochtend op dinsdag")
		w.drain()
		moderate := func(kind string, id uuid.UUID, hide bool) {
			t.Helper()
			err := bdb.RunInTx(w.ctx, nil, func(ctx context.Context, tx bun.Tx) error {
				var err error
				if hide {
					_, err = moderation.Hide(ctx, tx, kind, id, "Reclame", nil, w.now)
				} else {
					_, err = moderation.Restore(ctx, tx, kind, id, false)
				}
				return err
			})
			if err != nil {
				t.Fatal(err)
			}
			w.drain()
		}
		moderate("idea", it.ID, true)
		w.want("koffieochtend")
		moderate("idea", it.ID, false)
		w.want("koffieochtend", "Koffieochtend op dinsdag")
		moderate("initiative", ini.ID, true)
		w.want("koffieochtend")
		w.want("buurtcafe")
		moderate("initiative", ini.ID, false)
		w.want("buurtcafe", "Buurtcafé Noord")
		w.want("koffieochtend", "Koffieochtend op dinsdag")
		w.sameIndex()
	})
}

func containsAny(s string, subs ...string) bool {
	for _, sub := range subs {
		if strings.Contains(s, sub) {
			return true
		}
	}
	return false
}

// killing makes the engine index part of a batch and then end its
// goroutine as a killed process would: no error, no settling.
type killing struct {
	search.Engine
	once sync.Once
	died bool
}

func (k *killing) Index(ctx context.Context, docs []search.Document) error {
	kill := false
	k.once.Do(func() { kill = true })
	if !kill {
		return k.Engine.Index(ctx, docs)
	}
	if err := k.Engine.Index(ctx, docs[:len(docs)/2]); err != nil {
		return err
	}
	k.died = true
	runtime.Goexit()
	return nil
}

// down fails every call, as an unreachable Meilisearch does.
type down struct{ search.Engine }

func (down) Index(context.Context, []search.Document) error { return search.ErrUnavailable }
func (down) Delete(context.Context, []string) error         { return search.ErrUnavailable }

func TestWorkerKilledMidBatchLosesNothing(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, bdb *bun.DB) {
		w := newWorld(t, bdb)
		ini := w.initiative("Opschoondag Noord")
		for _, title := range []string{"Afval prikken", "Vuilniszakken uitdelen", "Koffie na afloop", "Grofvuil ophalen"} {
			w.propose(ini.ID, title)
		}
		k := &killing{Engine: w.engine}
		crashed := w.newOutbox(k)
		done := make(chan struct{})
		go func() {
			defer close(done)
			_, _ = crashed.Drain(w.ctx)
		}()
		<-done
		if !k.died {
			t.Fatal("the worker did not die mid-batch")
		}
		if n := len(w.indexed()); n == 0 || n >= 5 {
			t.Fatalf("after the crash the index holds %d documents, want part of the 5", n)
		}
		// The engine is down for a while after the restart: nothing is lost.
		w.now = w.now.Add(outbox.Lease + time.Second)
		w.box = w.newOutbox(down{w.engine})
		w.drain()
		if n, err := w.box.Backlog(w.ctx, search.Topic); err != nil || n == 0 {
			t.Fatalf("backlog while the engine is down = %d, %v", n, err)
		}
		w.now = w.now.Add(outbox.MaxRetry + time.Second)
		w.box = w.newOutbox(w.engine)
		w.drain()
		if n, err := w.box.Backlog(w.ctx, search.Topic); err != nil || n != 0 {
			t.Fatalf("backlog after catching up = %d, %v", n, err)
		}
		w.sameIndex()
	})
}

func TestReindexRebuildsEverything(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, bdb *bun.DB) {
		w := newWorld(t, bdb)
		ini := w.initiative("Straatdiner Noord")
		for _, title := range []string{"Lange tafel", "Lampionnen", "Muziek"} {
			w.propose(ini.ID, title)
		}
		// Nothing drained: the index is empty until the rebuild.
		var steps []int
		ix := search.NewIndexer(w.src, w.engine, slog.New(slog.NewTextHandler(io.Discard, nil)))
		if err := ix.Reindex(w.ctx, func(done, total int) {
			if total != 4 {
				t.Errorf("total = %d, want 4", total)
			}
			steps = append(steps, done)
		}); err != nil {
			t.Fatal(err)
		}
		if len(steps) == 0 || steps[len(steps)-1] != 4 {
			t.Errorf("progress = %v, want to end at 4", steps)
		}
		w.sameIndex()
	})
}

func TestActivitiesAndTasksAreIndexed(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, bdb *bun.DB) {
		w := newWorld(t, bdb)
		ini := w.initiative("Straatfeest Noord")
		vol := volunteer.NewService(bdb, func() time.Time { return w.now })
		day := func(hhmm string) string {
			return w.now.In(volunteer.Zone).AddDate(0, 0, 7).Format("2006-01-02") + "T" + hhmm
		}
		a, err := vol.CreateActivity(w.ctx, w.resident, ini.ID, volunteer.ActivityInput{Title: "Buurtbarbecue",
			Description: "Iedereen neemt iets mee.", Start: day("17:00"), End: day("21:00"), Place: "Bolplein"})
		if err != nil {
			t.Fatal(err)
		}
		_, err = vol.CreateTask(w.ctx, w.resident, ini.ID, volunteer.TaskInput{Title: "Tafels klaarzetten",
			Description: "Uit de schuur halen.", Bring: "Handschoenen", Start: day("15:00"), End: day("17:00"),
			Capacity: "3", ActivityID: a.ID.String()})
		if err != nil {
			t.Fatal(err)
		}
		w.drain()
		w.want("buurtbarbecue", "Buurtbarbecue")
		w.want("tafels", "Tafels klaarzetten")
		res, err := w.engine.Search(w.ctx, search.Query{Kinds: []search.Kind{search.KindTask}, Statuses: []string{search.TaskOpen}})
		if err != nil || res.Total != 1 || res.Hits[0].URL == "" || res.Facets[search.FacetTheme][w.theme.String()] != 1 {
			t.Errorf("open tasks = %+v, %v", res, err)
		}
		w.sameIndex()

		if err := vol.CancelActivity(w.ctx, w.resident, a.ID, "Het regent"); err != nil {
			t.Fatal(err)
		}
		w.drain()
		w.want("buurtbarbecue")
		w.want("tafels")
		w.sameIndex()
	})
}
