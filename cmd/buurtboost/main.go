// Command buurtboost is the whole Buurtboost application in one binary: the
// web server, database migrations, demo data and the background worker.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	m := &Main{Getenv: os.Getenv, Stdout: os.Stdout, Stderr: os.Stderr}
	err := m.Run(ctx, os.Args[1:])
	switch {
	case err == nil, errors.Is(err, flag.ErrHelp):
	case errors.Is(err, errUsage):
		os.Exit(2)
	default:
		fmt.Fprintln(os.Stderr, "buurtboost:", err)
		os.Exit(1)
	}
}

// errHelp is returned after --help printed a command's usage.
var errHelp = flag.ErrHelp

// errUsage marks a command line that was wrong; the usage has been printed.
var errUsage = errors.New("usage")

// Main holds what the commands share: the environment and output streams,
// so that tests can run commands in-process.
type Main struct {
	Getenv func(string) string
	Stdout io.Writer
	Stderr io.Writer
}

// command is one subcommand.
type command struct {
	name, summary string
	run           func(m *Main, ctx context.Context, args []string) error
}

func commands() []command {
	return []command{
		{"serve", "run the web server (the default)", (*Main).serve},
		{"migrate", "apply, roll back or list database migrations", (*Main).migrate},
		{"seed", "fill the database with demo data", (*Main).seed},
		{"worker", "run the background worker", (*Main).worker},
		{"reindex", "rebuild the search index and swap it in", (*Main).reindex},
		{"admin", "grant roles and list staff and administrators", (*Main).admin},
		{"version", "print the version", (*Main).version},
	}
}

// Run runs the subcommand named by args[0], or serve when there is none.
func (m *Main) Run(ctx context.Context, args []string) error {
	if len(args) == 0 {
		return m.serve(ctx, nil)
	}
	switch args[0] {
	case "-h", "--help", "-help", "help":
		m.usage()
		return flag.ErrHelp
	}
	for _, c := range commands() {
		if c.name == args[0] {
			return c.run(m, ctx, args[1:])
		}
	}
	fmt.Fprintf(m.Stderr, "buurtboost: unknown command %q\n\n", args[0])
	m.usage()
	return errUsage
}

func (m *Main) usage() {
	fmt.Fprintln(m.Stderr, "Buurtboost — a neighbourhood participation platform.")
	fmt.Fprintln(m.Stderr, "\nUsage: buurtboost [command] [flags]\n\nCommands:")
	for _, c := range commands() {
		fmt.Fprintf(m.Stderr, "  %-8s %s\n", c.name, c.summary)
	}
	fmt.Fprintln(m.Stderr, "\nRun 'buurtboost <command> --help' for a command's flags.")
	fmt.Fprintln(m.Stderr, "Configuration comes from environment variables; see README.md.")
}

// flags returns a FlagSet for a subcommand whose --help prints usage and
// summary.
func (m *Main) flags(name, usage, summary string) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(m.Stderr)
	fs.Usage = func() {
		fmt.Fprintf(m.Stderr, "Usage: buurtboost %s\n\n%s\n", usage, summary)
		var hasFlags bool
		fs.VisitAll(func(*flag.Flag) { hasFlags = true })
		if hasFlags {
			fmt.Fprintln(m.Stderr, "\nFlags:")
			fs.PrintDefaults()
		}
	}
	return fs
}

// parse parses args, turning a bad flag into errUsage.
func parse(fs *flag.FlagSet, args []string) error {
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return err
		}
		return errUsage
	}
	return nil
}
