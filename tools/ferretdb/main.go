// Command ferretdb-launcher serves the MongoDB wire protocol on loopback for
// the test suite, using FerretDB's embeddable package with its SQLite backend
// (or its PostgreSQL backend, given -postgresql-url: the benchmarks' large job
// stores, where FerretDB pushes simple equality filters down to SQL).
//
// FerretDB's own cmd/ferretdb panics at start-up when built with `go install`
// (its version file is generated at release time), hence this launcher.
package main

import (
	"context"
	"flag"
	"fmt"
	"log/slog"
	"os"
	"os/signal"
	"syscall"

	"github.com/FerretDB/FerretDB/ferretdb"
)

func main() {
	addr := flag.String("listen", "127.0.0.1:27017", "TCP address to listen on")
	dir := flag.String("data", "/tmp/ferretdb-data", "directory for the SQLite files")
	pg := flag.String("postgresql-url", "", "PostgreSQL URL: its backend instead of SQLite")
	flag.Parse()

	if err := os.MkdirAll(*dir, 0o755); err != nil {
		fmt.Fprintln(os.Stderr, "cannot create data directory:", err)
		os.Exit(1)
	}

	config := ferretdb.Config{Handler: "sqlite", SQLiteURL: "file:" + *dir + "/"}
	if *pg != "" {
		config = ferretdb.Config{Handler: "postgresql", PostgreSQLURL: *pg}
	}

	logger := slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelWarn}))
	config.Listener = ferretdb.ListenerConfig{TCP: *addr}
	config.Logger = logger
	f, err := ferretdb.New(&config)
	if err != nil {
		fmt.Fprintln(os.Stderr, "cannot start FerretDB:", err)
		os.Exit(1)
	}

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()

	fmt.Println("ferretdb listening on", f.MongoDBURI())
	if err := f.Run(ctx); err != nil {
		fmt.Fprintln(os.Stderr, "FerretDB stopped:", err)
		os.Exit(1)
	}
}
