package db

import (
	"context"
	"database/sql/driver"
	"errors"
	"sync"
	"time"
)

// SQLite has one writer at a time. A transaction that finds the write lock
// taken is put to sleep by SQLite's busy handler for 1, 2, 5, 10, … ms
// before it tries again, however soon the lock is free: under a burst of
// support clicks most of the time went to those sleeps. The gate makes
// write transactions queue in Go instead, where the next one starts the
// moment the last one ends. (Every transaction writes: they all begin with
// BEGIN IMMEDIATE.)

// gateWait bounds the wait for the gate, as the busy timeout bounds the
// wait for the lock: a transaction that opens another one on a second
// connection fails instead of waiting for itself forever.
const gateWait = 30 * time.Second

var errGateTimeout = errors.New("sqlite: gave up waiting for the write transaction in progress (30 s)")

// gatedConnector opens SQLite connections whose transactions share a gate.
type gatedConnector struct {
	dsn  string
	drv  driver.Driver
	gate chan struct{}
}

func newGatedConnector(dsn string, drv driver.Driver) *gatedConnector {
	return &gatedConnector{dsn: dsn, drv: drv, gate: make(chan struct{}, 1)}
}

func (c *gatedConnector) Connect(context.Context) (driver.Conn, error) {
	conn, err := c.drv.Open(c.dsn)
	if err != nil {
		return nil, err
	}
	if _, ok := conn.(sqliteConn); !ok {
		_ = conn.Close()
		return nil, errors.New("sqlite: the driver's connections lack an interface the write gate passes on")
	}
	return &gatedConn{Conn: conn, gate: c.gate}, nil
}

func (c *gatedConnector) Driver() driver.Driver { return c.drv }

// gatedConn passes everything on to the SQLite connection, and takes the
// gate for the length of a transaction.
type gatedConn struct {
	driver.Conn
	gate chan struct{}
}

func (c *gatedConn) Begin() (driver.Tx, error) {
	return c.BeginTx(context.Background(), driver.TxOptions{})
}

func (c *gatedConn) BeginTx(ctx context.Context, opts driver.TxOptions) (driver.Tx, error) {
	wait := time.NewTimer(gateWait)
	defer wait.Stop()
	select {
	case c.gate <- struct{}{}:
	case <-ctx.Done():
		return nil, ctx.Err()
	case <-wait.C:
		return nil, errGateTimeout
	}
	release := sync.OnceFunc(func() { <-c.gate })
	tx, err := c.Conn.(driver.ConnBeginTx).BeginTx(ctx, opts)
	if err != nil {
		release()
		return nil, err
	}
	return &gatedTx{Tx: tx, release: release}, nil
}

func (c *gatedConn) PrepareContext(ctx context.Context, query string) (driver.Stmt, error) {
	return c.Conn.(driver.ConnPrepareContext).PrepareContext(ctx, query)
}

func (c *gatedConn) ExecContext(ctx context.Context, query string, args []driver.NamedValue) (driver.Result, error) {
	return c.Conn.(driver.ExecerContext).ExecContext(ctx, query, args)
}

func (c *gatedConn) QueryContext(ctx context.Context, query string, args []driver.NamedValue) (driver.Rows, error) {
	return c.Conn.(driver.QueryerContext).QueryContext(ctx, query, args)
}

func (c *gatedConn) Ping(ctx context.Context) error {
	return c.Conn.(driver.Pinger).Ping(ctx)
}

func (c *gatedConn) ResetSession(ctx context.Context) error {
	return c.Conn.(driver.SessionResetter).ResetSession(ctx)
}

func (c *gatedConn) IsValid() bool { return c.Conn.(driver.Validator).IsValid() }

// gatedTx opens the gate when the transaction ends, either way.
type gatedTx struct {
	driver.Tx
	release func()
}

func (t *gatedTx) Commit() error {
	defer t.release()
	return t.Tx.Commit()
}

func (t *gatedTx) Rollback() error {
	defer t.release()
	return t.Tx.Rollback()
}

// sqliteConn is what the SQLite driver's connections do besides
// driver.Conn, and what database/sql looks for; gatedConn passes it on.
type sqliteConn interface {
	driver.ConnBeginTx
	driver.ConnPrepareContext
	driver.ExecerContext
	driver.QueryerContext
	driver.Pinger
	driver.SessionResetter
	driver.Validator
}

var _ sqliteConn = (*gatedConn)(nil)
