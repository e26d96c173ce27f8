package main

import (
	"context"
	"fmt"
	"text/tabwriter"
	"time"

	"github.com/google/uuid"

	"github.com/buurtboost/buurtboost/app/apitoken"
	"github.com/buurtboost/buurtboost/app/apperr"
)

// adminToken manages the API tokens: "admin token create --name …",
// "admin token list" and "admin token revoke ID". Made here, on the server,
// the token is audited with no user as its actor.
func (m *Main) adminToken(ctx context.Context, args []string) error {
	usage := "admin token create --name NAME\n       buurtboost admin token list\n       buurtboost admin token revoke ID"
	if len(args) == 0 || (args[0] != "create" && args[0] != "list" && args[0] != "revoke") {
		fs := m.flags("admin token", usage, "Makes an API token for /api/v1/ (printed once), lists the tokens or revokes one.")
		fs.Usage()
		return errUsage
	}
	var run func(context.Context, *apitoken.Service) error
	switch args[0] {
	case "create":
		fs := m.flags("admin token create", "admin token create --name NAME",
			"Makes an API token and prints it once: only its hash is kept.")
		name := fs.String("name", "", "what the token is for, e.g. powerbi")
		if err := parse(fs, args[1:]); err != nil {
			return err
		}
		if *name == "" || fs.NArg() != 0 {
			fs.Usage()
			return errUsage
		}
		run = func(ctx context.Context, ts *apitoken.Service) error { return m.tokenCreate(ctx, ts, *name) }
	case "list":
		fs := m.flags("admin token list", "admin token list", "Lists the API tokens, revoked ones included.")
		if err := parse(fs, args[1:]); err != nil {
			return err
		}
		run = m.tokenList
	case "revoke":
		fs := m.flags("admin token revoke", "admin token revoke ID", "Revokes the API token with this id at once.")
		if err := parse(fs, args[1:]); err != nil {
			return err
		}
		id, err := uuid.Parse(fs.Arg(0))
		if fs.NArg() != 1 || err != nil {
			fs.Usage()
			return errUsage
		}
		run = func(ctx context.Context, ts *apitoken.Service) error { return m.tokenRevoke(ctx, ts, id) }
	}
	a, err := m.open(ctx)
	if err != nil {
		return err
	}
	defer a.Close()
	return run(ctx, a.services().Tokens)
}

func (m *Main) tokenCreate(ctx context.Context, ts *apitoken.Service, name string) error {
	t, secret, err := ts.Create(ctx, nil, name)
	if apperr.Is(err, apperr.Invalid) {
		return fmt.Errorf("the name must be 1 to 100 characters on one line")
	}
	if err != nil {
		return err
	}
	fmt.Fprintf(m.Stdout, "token %s (%s) made. Copy it now, it is not shown again:\n%s\n", t.ID, t.Name, secret)
	return nil
}

func (m *Main) tokenList(ctx context.Context, ts *apitoken.Service) error {
	list, err := ts.List(ctx)
	if err != nil {
		return err
	}
	when := func(t *time.Time) string {
		if t == nil {
			return "-"
		}
		return t.UTC().Format(time.RFC3339)
	}
	w := tabwriter.NewWriter(m.Stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(w, "ID\tNAME\tCREATED\tLAST USED\tREVOKED")
	for _, t := range list {
		fmt.Fprintf(w, "%s\t%s\t%s\t%s\t%s\n", t.ID, t.Name, when(&t.CreatedAt), when(t.LastUsedAt), when(t.RevokedAt))
	}
	return w.Flush()
}

func (m *Main) tokenRevoke(ctx context.Context, ts *apitoken.Service, id uuid.UUID) error {
	t, err := ts.Revoke(ctx, nil, id)
	if apperr.Is(err, apperr.NotFound) {
		return fmt.Errorf("no API token has the id %s", id)
	}
	if err != nil {
		return err
	}
	fmt.Fprintf(m.Stdout, "token %s (%s) is revoked\n", t.ID, t.Name)
	return nil
}
