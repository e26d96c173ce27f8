package idea_test

import (
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/uptrace/bun"

	"github.com/buurtboost/buurtboost/app/account"
	"github.com/buurtboost/buurtboost/app/apperr"
	"github.com/buurtboost/buurtboost/app/db/dbtest"
	"github.com/buurtboost/buurtboost/app/idea"
)

func TestCommentsAreThreadedOneLevelDeep(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, bdb *bun.DB) {
		f := setup(t, bdb)
		anna, bob, cas := f.resident("Anna"), f.resident("Bob"), f.resident("Cas")
		it := f.propose(anna, f.initiative("speeltuin"), "Een bankje")
		first := f.comment(bob, it.ID, nil, " Goed plan! ")
		f.clock.Advance(time.Minute)
		second := f.comment(cas, it.ID, nil, "Waar precies?")
		f.clock.Advance(time.Minute)
		reply := f.comment(anna, it.ID, &first.ID, "Dank je!")
		f.clock.Advance(time.Minute)
		deeper := f.comment(cas, it.ID, &reply.ID, "Eens met\nAnna.")
		if first.Body != "Goed plan!" || first.AuthorName != "Bob" || reply.ParentID == nil || *reply.ParentID != first.ID {
			t.Errorf("returned comments: %+v, %+v", first, reply)
		}
		if deeper.ParentID == nil || *deeper.ParentID != first.ID {
			t.Errorf("a reply to a reply has parent %v, want the top-level comment %s", deeper.ParentID, first.ID)
		}
		cs, err := f.svc.Comments(f.ctx, it.ID)
		if err != nil || len(cs) != 2 {
			t.Fatalf("Comments = %+v, %v; want two top-level comments", cs, err)
		}
		if cs[0].ID != first.ID || cs[1].ID != second.ID || cs[0].AuthorName != "Bob" || cs[1].AuthorName != "Cas" {
			t.Errorf("top level = %s (%s), %s (%s); want Bob's then Cas's", cs[0].ID, cs[0].AuthorName, cs[1].ID, cs[1].AuthorName)
		}
		if r := cs[0].Replies; len(r) != 2 || r[0].ID != reply.ID || r[1].ID != deeper.ID || r[1].Body != "Eens met\nAnna." ||
			r[0].AuthorName != "Anna" || len(cs[1].Replies) != 0 {
			t.Errorf("replies = %+v / %+v", cs[0].Replies, cs[1].Replies)
		}
		if n := f.stored(it.ID).CommentsCount; n != 4 {
			t.Errorf("comments_count = %d, want 4", n)
		}
		if n := f.activities("comment_posted", it.ID); n != 4 {
			t.Errorf("%d comment_posted rows, want 4", n)
		}
	})
}

func TestCommentRefusals(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, bdb *bun.DB) {
		f := setup(t, bdb)
		anna := f.resident("Anna")
		ini := f.initiative("speeltuin")
		it, other := f.propose(anna, ini, "Een bankje"), f.propose(anna, ini, "Een boom")
		elsewhere := f.comment(anna, other.ID, nil, "Onder het andere idee")
		removed := f.propose(anna, ini, "Een vijver")
		f.remove(removed.ID)
		for _, role := range []account.Role{account.Staff, account.Admin} {
			_, err := f.svc.Comment(f.ctx, f.withRole(string(role), role), it.ID, nil, "Hallo")
			wantErr(t, string(role)+" comments", err, apperr.Forbidden, "idea.comment.staff")
		}
		_, err := f.svc.Comment(f.ctx, anna, it.ID, nil, " \n ")
		wantFields(t, "empty comment", err, map[string]string{"body": "idea.comment.body.required"})
		_, err = f.svc.Comment(f.ctx, anna, it.ID, nil, strings.Repeat("ö", 2001))
		wantFields(t, "comment of 2001 characters", err, map[string]string{"body": "idea.comment.body.too_long"})
		_, err = f.svc.Comment(f.ctx, anna, it.ID, nil, "nul\x00byte")
		wantFields(t, "comment with a NUL", err, map[string]string{"body": "idea.text.control"})
		_, err = f.svc.Comment(f.ctx, anna, it.ID, &elsewhere.ID, "Antwoord")
		wantErr(t, "reply to a comment on another idea", err, apperr.NotFound, "error.not_found")
		_, err = f.svc.Comment(f.ctx, anna, it.ID, ptr(uuid.New()), "Antwoord")
		wantErr(t, "reply to an unknown comment", err, apperr.NotFound, "error.not_found")
		_, err = f.svc.Comment(f.ctx, anna, removed.ID, nil, "Hallo")
		wantErr(t, "comment on a removed idea", err, apperr.NotFound, "error.not_found")
		if n := f.count("comments", ""); n != 1 || f.stored(it.ID).CommentsCount != 0 {
			t.Errorf("%d comments stored; want only the setup's one", n)
		}
		if _, err := f.svc.Comment(f.ctx, anna, it.ID, nil, strings.Repeat("ö", 2000)); err != nil {
			t.Errorf("comment of 2000 characters: %v", err)
		}
	})
}

func TestEditCommentWithinAQuarterHour(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, bdb *bun.DB) {
		f := setup(t, bdb)
		anna, bob := f.resident("Anna"), f.resident("Bob")
		it := f.propose(anna, f.initiative("speeltuin"), "Een bankje")
		c := f.comment(bob, it.ID, nil, "Goed plna")
		f.clock.Advance(14 * time.Minute)
		if err := f.svc.EditComment(f.ctx, bob, c.ID, "Goed plan"); err != nil {
			t.Fatal(err)
		}
		err := f.svc.EditComment(f.ctx, anna, c.ID, "Slecht plan")
		wantErr(t, "someone else edits", err, apperr.Forbidden, "idea.comment.not_author")
		err = f.svc.EditComment(f.ctx, bob, c.ID, "")
		wantFields(t, "empty edit", err, map[string]string{"body": "idea.comment.body.required"})
		f.clock.Advance(time.Minute)
		err = f.svc.EditComment(f.ctx, bob, c.ID, "Heel goed plan")
		wantErr(t, "edit after 15 minutes", err, apperr.Forbidden, "idea.comment.edit_closed")
		cs, err := f.svc.Comments(f.ctx, it.ID)
		if err != nil || len(cs) != 1 || cs[0].Body != "Goed plan" || !cs[0].UpdatedAt.Equal(t0.Add(14*time.Minute)) {
			t.Errorf("comments = %+v, %v; want the edit of minute 14", cs, err)
		}
		err = f.svc.EditComment(f.ctx, bob, uuid.New(), "x")
		wantErr(t, "edit an unknown comment", err, apperr.NotFound, "error.not_found")
	})
}

func TestDeletingAndHidingKeepTheCountExact(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, bdb *bun.DB) {
		f := setup(t, bdb)
		anna, bob, olga := f.resident("Anna"), f.resident("Bob"), f.resident("Olga")
		ini := f.initiative("speeltuin", olga)
		it := f.propose(anna, ini, "Een bankje")
		a := f.comment(bob, it.ID, nil, "A")
		b := f.comment(bob, it.ID, nil, "B")
		reply := f.comment(anna, it.ID, &b.ID, "Antwoord op B")
		f.comment(anna, it.ID, nil, "C")
		visible := func() int {
			return f.count("comments", "idea_id = ? AND deleted_at IS NULL AND hidden_reason = ''", it.ID)
		}
		checkCount := func(step string, want int) {
			t.Helper()
			if got := f.stored(it.ID).CommentsCount; got != want || visible() != want {
				t.Errorf("%s: comments_count %d, visible rows %d; want %d", step, got, visible(), want)
			}
		}
		checkCount("start", 4)
		wantErr(t, "someone else deletes", f.svc.DeleteComment(f.ctx, anna, a.ID), apperr.Forbidden, "idea.comment.not_author")
		wantErr(t, "an organiser deletes", f.svc.DeleteComment(f.ctx, olga, a.ID), apperr.Forbidden, "idea.comment.not_author")
		steps := []struct {
			name string
			do   func() error
			want int
		}{
			{"Bob deletes A", func() error { return f.svc.DeleteComment(f.ctx, bob, a.ID) }, 3},
			{"Bob deletes A again", func() error { return f.svc.DeleteComment(f.ctx, bob, a.ID) }, 3},
			{"Olga hides B", func() error { return f.svc.HideComment(f.ctx, olga, b.ID, "Niet aardig") }, 2},
			{"Olga hides B again", func() error { return f.svc.HideComment(f.ctx, olga, b.ID, "Nog steeds") }, 2},
			{"Olga hides the deleted A", func() error { return f.svc.HideComment(f.ctx, olga, a.ID, "Weg") }, 2},
			{"Bob deletes the hidden B", func() error { return f.svc.DeleteComment(f.ctx, bob, b.ID) }, 2},
			{"Anna deletes her reply", func() error { return f.svc.DeleteComment(f.ctx, anna, reply.ID) }, 1},
		}
		for _, s := range steps {
			if err := s.do(); err != nil {
				t.Fatalf("%s: %v", s.name, err)
			}
			checkCount(s.name, s.want)
		}
		cs, err := f.svc.Comments(f.ctx, it.ID)
		if err != nil || len(cs) != 3 {
			t.Fatalf("comments = %+v, %v; want A, B and C still in place", cs, err)
		}
		if !cs[0].Deleted() || cs[0].Body != "" || cs[0].Hidden() {
			t.Errorf("A = %+v; want deleted, without text, not hidden", cs[0])
		}
		if !cs[1].Hidden() || cs[1].HiddenReason != "Niet aardig" || cs[1].Body != "" || cs[1].HiddenBy == nil || *cs[1].HiddenBy != olga.ID {
			t.Errorf("B = %+v; want hidden by Olga with her first reason, without text", cs[1])
		}
		if len(cs[1].Replies) != 1 || cs[1].Replies[0].Body != "" || !cs[1].Replies[0].Deleted() {
			t.Errorf("reply under B = %+v; want deleted, without text", cs[1].Replies)
		}
		if !cs[2].Visible() || cs[2].Body != "C" {
			t.Errorf("C = %+v; want visible", cs[2])
		}
		// A reply to a comment that is gone is refused.
		_, err = f.svc.Comment(f.ctx, anna, it.ID, &a.ID, "Antwoord op A")
		wantErr(t, "reply to a deleted comment", err, apperr.NotFound, "error.not_found")
		err = f.svc.EditComment(f.ctx, bob, b.ID, "Toch aardig")
		wantErr(t, "edit a hidden comment", err, apperr.Forbidden, "idea.comment.edit_closed")
	})
}

func TestHideCommentRefusals(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, bdb *bun.DB) {
		f := setup(t, bdb)
		anna, olga, otto := f.resident("Anna"), f.resident("Olga"), f.resident("Otto")
		ini := f.initiative("speeltuin", olga)
		f.initiative("markt", otto)
		it := f.propose(anna, ini, "Een bankje")
		c := f.comment(anna, it.ID, nil, "Hallo")
		for name, u := range map[string]account.User{"the author": anna, "an organiser elsewhere": otto,
			"staff": f.withRole("Sanne", account.Staff)} {
			wantErr(t, name+" hides", f.svc.HideComment(f.ctx, u, c.ID, "weg"), apperr.Forbidden, "idea.not_organiser")
		}
		wantFields(t, "hide without reason", f.svc.HideComment(f.ctx, olga, c.ID, ""),
			map[string]string{"reason": "idea.reason.required"})
		wantFields(t, "hide with a long reason", f.svc.HideComment(f.ctx, olga, c.ID, strings.Repeat("x", 281)),
			map[string]string{"reason": "idea.reason.too_long"})
		wantErr(t, "hide an unknown comment", f.svc.HideComment(f.ctx, olga, uuid.New(), "weg"), apperr.NotFound, "error.not_found")
		f.remove(it.ID)
		wantErr(t, "hide under a removed idea", f.svc.HideComment(f.ctx, olga, c.ID, "weg"), apperr.NotFound, "error.not_found")
		_, err := f.svc.Comments(f.ctx, it.ID)
		wantErr(t, "comments of a removed idea", err, apperr.NotFound, "error.not_found")
		var got idea.Comment
		if err := bdb.NewSelect().Model(&got).Where("id = ?", c.ID).Scan(f.ctx); err != nil || !got.Visible() {
			t.Errorf("comment after refused hides = %+v, %v; want visible", got, err)
		}
	})
}
