package main

import (
	"context"
	"errors"
	"fmt"
	"text/tabwriter"

	"github.com/buurtboost/buurtboost/app/account"
	"github.com/buurtboost/buurtboost/app/apperr"
)

// admin manages roles: "admin grant --email … --role …" and "admin list".
// Roles are granted here, on the server, because no login provider may
// grant more than staff, and only the municipality's own provider that.
func (m *Main) admin(ctx context.Context, args []string) error {
	if len(args) == 0 || (args[0] != "grant" && args[0] != "list" && args[0] != "token") {
		fs := m.flags("admin", "admin grant --email ADDRESS --role resident|staff|admin\n       buurtboost admin list\n       buurtboost admin token create|list|revoke",
			"Grants a role to the user with a verified e-mail address (ending their\nsessions so it applies at once), or lists staff and administrators.")
		if len(args) > 0 && (args[0] == "-h" || args[0] == "--help" || args[0] == "-help") {
			fs.Usage()
			return errHelp
		}
		fs.Usage()
		return errUsage
	}
	if args[0] == "list" {
		return m.adminList(ctx, args[1:])
	}
	if args[0] == "token" {
		return m.adminToken(ctx, args[1:])
	}
	return m.adminGrant(ctx, args[1:])
}

func (m *Main) adminGrant(ctx context.Context, args []string) error {
	fs := m.flags("admin grant", "admin grant --email ADDRESS --role resident|staff|admin",
		"Gives the user with this verified e-mail address the role and ends their\nsessions. The user must have logged in once.")
	email := fs.String("email", "", "the user's verified e-mail address")
	roleName := fs.String("role", "", "resident, staff or admin")
	if err := parse(fs, args); err != nil {
		return err
	}
	role, ok := account.ParseRole(*roleName)
	if *email == "" || !ok {
		fs.Usage()
		return errUsage
	}
	a, err := m.open(ctx)
	if err != nil {
		return err
	}
	defer a.Close()
	u, err := a.services().Accounts.SetRoleByEmail(ctx, *email, role)
	switch {
	case apperr.Is(err, apperr.NotFound):
		return fmt.Errorf("no user has the verified e-mail address %s (they must log in once first)", *email)
	case errors.Is(err, account.ErrAmbiguous):
		return fmt.Errorf("more than one user has the e-mail address %s; nothing changed", *email)
	case err != nil:
		return err
	}
	fmt.Fprintf(m.Stdout, "%s (%s) is now %s\n", u.DisplayName, *email, u.Role)
	return nil
}

func (m *Main) adminList(ctx context.Context, args []string) error {
	fs := m.flags("admin list", "admin list", "Lists municipality staff and administrators.")
	if err := parse(fs, args); err != nil {
		return err
	}
	a, err := m.open(ctx)
	if err != nil {
		return err
	}
	defer a.Close()
	us, err := a.services().Accounts.Privileged(ctx)
	if err != nil {
		return err
	}
	w := tabwriter.NewWriter(m.Stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(w, "ROLE\tNAME\tE-MAIL")
	for _, u := range us {
		email := "-"
		if u.Email != nil {
			email = *u.Email
		}
		fmt.Fprintf(w, "%s\t%s\t%s\n", u.Role, u.DisplayName, email)
	}
	return w.Flush()
}
