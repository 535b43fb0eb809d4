"""`ispyb-gateway`: serve, demo, database administration and schema export."""

from __future__ import annotations

import argparse
import logging
import socket
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path

from gateway.jobs.errors import CatalogueError
from gateway.settings import REPO_ROOT, Settings, SettingsError, load_settings

log = logging.getLogger("gateway")

SCHEMA_FILE = REPO_ROOT / "schema" / "schema.graphql"


class CommandError(Exception):
    """A failure the operator can act on: printed as one message, exit code 1."""


def _configure_logging(level: str) -> None:
    logging.basicConfig(
        level=level.upper(),
        format="%(asctime)s %(levelname)-7s %(name)s: %(message)s",
    )


def _wait_for_database(settings: Settings, timeout: float) -> None:
    """Fail start-up with a readable reason instead of a traceback on the first request."""
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    from gateway.sql.engine import sync_url

    target = make_url(settings.sql_url).render_as_string(hide_password=True)
    engine = create_engine(sync_url(settings.sql_url), pool_pre_ping=True)
    deadline = time.monotonic() + timeout
    try:
        while True:
            try:
                with engine.connect() as conn:
                    conn.execute(text("SELECT 1"))
                return
            except Exception as exc:
                if time.monotonic() >= deadline:
                    reason = str(getattr(exc, "orig", exc)).splitlines()[0]
                    raise CommandError(
                        f"cannot reach the ISPyB database at {target}: {reason}"
                    ) from None
                time.sleep(1)
    finally:
        engine.dispose()


def _check_revision(settings: Settings) -> None:
    from gateway.sql.migrate import current_revision, head_revision

    current, head = current_revision(settings.sql_url), head_revision()
    if current != head:
        raise CommandError(
            f"the database is at revision {current or 'none'}, this gateway expects {head}; "
            "run: ispyb-gateway db upgrade (or `db adopt` on an existing ISPyB database)"
        )


def _check_live_schema(settings: Settings) -> None:
    from gateway.sql.adapt import head_tables
    from gateway.sql.adopt import check_live_schema

    fatal = check_live_schema(settings.sql_url, head_tables()).fatal
    if fatal:
        raise CommandError(
            "the live ISPyB schema lacks what the gateway needs:\n  "
            + "\n  ".join(d.line() for d in fatal)
        )


def _serve(settings: Settings, host: str, port: int, sock: socket.socket | None = None) -> None:
    """uvicorn with the per-connection limits and the graceful shutdown of docs/reliability.md;
    on `sock` when a supervisor bound it (gateway/http/supervisor.py)."""
    import random

    import uvicorn

    from gateway.app import create_app
    from gateway.http.connections import guarded_protocol
    from gateway.http.drain import GracefulServer
    from gateway.http.websocket_protocol import LeanWebSocketProtocol

    app = create_app(settings)
    config = uvicorn.Config(
        app,
        host=host,
        port=port,
        log_level=settings.log_level,
        proxy_headers=True,
        http=guarded_protocol(settings.http_header_timeout_seconds, settings.http_max_header_bytes),
        timeout_keep_alive=settings.http_keep_alive_seconds,
        limit_concurrency=settings.http_max_concurrency,
        timeout_graceful_shutdown=settings.shutdown_grace_seconds,
        ws_per_message_deflate=settings.ws_per_message_deflate,
        ws=LeanWebSocketProtocol,
    )
    if settings.max_requests_per_process:
        # Up to 10% more, drawn per process, so that processes started together do not
        # all recycle at once.
        limit = settings.max_requests_per_process
        config.limit_max_requests = limit + random.randint(0, limit // 10)
    GracefulServer(config, app.state.drain).run(sockets=[sock] if sock else None)


def cmd_serve(args: argparse.Namespace) -> None:
    settings = load_settings()
    _configure_logging(settings.log_level)
    if settings.mongo_url is None:
        raise CommandError(
            "GATEWAY_MONGO_URL is required: "
            "the in-process job store is for `ispyb-gateway demo` only"
        )
    if args.listen_fd is not None:  # a child of the supervisor, which checked the database
        _serve(settings, "", 0, socket.socket(fileno=args.listen_fd))
        return
    host, port = args.host or settings.host, args.port or settings.port
    if not args.check and (settings.processes > 1 or settings.max_requests_per_process):
        import subprocess

        from gateway.http.supervisor import Supervisor, listening_socket

        # The checks load SQLAlchemy, Alembic and the models: in a child, so that the
        # supervisor, alive as long as the service, stays small.
        check = [sys.executable, "-m", "gateway.cli", "serve", "--check", "--wait", str(args.wait)]
        if subprocess.run(check, check=False).returncode:
            raise CommandError("the database is not ready to be served (above)")
        if Supervisor(listening_socket(host, port), settings.processes).run():
            raise CommandError("a serving process could not start (its log says why)")
        return
    _wait_for_database(settings, args.wait)
    if settings.require_db_revision:
        _check_revision(settings)
        _check_live_schema(settings)
    if args.check:
        print("the database is ready to be served")
        return
    _serve(settings, host, port)


def cmd_demo(args: argparse.Namespace) -> None:
    from gateway.demo import prepare_demo_database

    data_dir = Path(args.data_dir).resolve()
    url = prepare_demo_database(data_dir, reset=args.reset)
    base = f"http://{args.host}:{args.port}"
    settings = load_settings(
        sql_url=url,
        demo=True,
        mongo_url=None,
        redis_url=None,
        oidc_issuer=f"{base}/demo-issuer",
        oidc_audience="ispyb-gateway-demo",
    )
    _configure_logging(settings.log_level)
    log.warning("DEMO MODE: data in %s, in-process jobs, demo sign-in enabled", data_dir)
    print(
        f"\n  ispyb-gateway demo\n"
        f"  GraphiQL:  {base}/graphql\n"
        f"  Token:     curl -s -X POST {base}/demo-issuer/token -d login=alice\n"
        f"             (demo logins: alice, bob, carol (staff), dave)\n"
        f"  Use it:    Authorization: Bearer <access_token>\n",
        flush=True,
    )
    _serve(settings, args.host, args.port)


def cmd_export_schema(args: argparse.Namespace) -> None:
    from gateway.graphql.schema import build_schema

    sdl = build_schema(Settings()).as_str() + "\n"
    if args.output == "-":
        sys.stdout.write(sdl)
        return
    Path(args.output).write_text(sdl, encoding="utf-8")
    print(f"wrote {args.output}")


def _db_url(args: argparse.Namespace) -> str:
    return str(args.url or load_settings().sql_url)


def cmd_db_upgrade(args: argparse.Namespace) -> None:
    from gateway.sql.change.preflight import PreflightFailed
    from gateway.sql.change.screening import RANKING_EXPORT
    from gateway.sql.migrate import MigrateError, upgrade

    options = {RANKING_EXPORT: args.ranking_export} if args.ranking_export else {}
    try:
        upgrade(_db_url(args), args.revision, args.sql, options, args.server)
    except PreflightFailed as exc:
        raise CommandError(exc.report()) from None
    except MigrateError as exc:
        raise CommandError(str(exc)) from None


def cmd_db_check(args: argparse.Namespace) -> None:
    """The preflight of every pending revision, read-only: what `db upgrade` would refuse."""
    from gateway.sql.change.preflight import PreflightFailed
    from gateway.sql.migrate import pending_preflight

    results = pending_preflight(_db_url(args))
    if not results:
        print("no pending revision has a preflight")
    reports = []
    for revision, found in results:
        if found:
            reports.append(PreflightFailed(revision, found).report())
        else:
            print(f"{revision}: every check passed")
    if reports:
        raise CommandError("\n".join(reports))


def cmd_db_downgrade(args: argparse.Namespace) -> None:
    from gateway.sql.change.preflight import PreflightFailed
    from gateway.sql.migrate import MigrateError, downgrade

    try:
        downgrade(_db_url(args), args.revision, args.sql, args.server)
    except PreflightFailed as exc:
        raise CommandError(exc.report()) from None
    except MigrateError as exc:
        raise CommandError(str(exc)) from None


def cmd_db_current(args: argparse.Namespace) -> None:
    from gateway.sql.migrate import current_revision, head_revision

    print(f"current: {current_revision(_db_url(args)) or 'none'}\nhead:    {head_revision()}")


def cmd_db_history(args: argparse.Namespace) -> None:
    from alembic import command

    from gateway.sql.migrate import alembic_config

    command.history(alembic_config(_db_url(args)), verbose=args.verbose)


def cmd_db_adopt(args: argparse.Namespace) -> None:
    import json

    from gateway.sql.adopt import adopt

    report = adopt(_db_url(args))
    print(json.dumps(report.as_json(), indent=2) if args.json else report.text())
    if not report.stamped:
        raise CommandError("this database cannot be served as it is; nothing was stamped")


def cmd_jobs_purge(args: argparse.Namespace) -> None:
    """Delete jobs past their retention, with their files; print what went (or would go)."""
    import asyncio
    from datetime import timedelta

    from gateway.app import build_services

    settings = load_settings()
    if settings.mongo_url is None:
        raise CommandError("GATEWAY_MONGO_URL is required to purge the job store")
    retention = dict(settings.job_retention_days)
    if args.days is not None:
        retention = {"*": args.days}
    services = build_services(settings)

    async def run() -> None:
        try:
            types = [t.name for t in services.jobs.catalogue.types()]
            keep = {
                name: timedelta(days=retention.get(name, retention.get("*", 180))) for name in types
            }
            report = await services.jobs.purge(keep, dry_run=args.dry_run)
        finally:
            await services.close()
        verb = "would delete" if args.dry_run else "deleted"
        print(f"{verb} {len(report.job_ids)} job(s), {report.files} file(s), {report.bytes} bytes")
        for job_id in report.job_ids:
            print(f"  {job_id}")

    asyncio.run(run())


def cmd_worker(args: argparse.Namespace) -> None:
    import asyncio
    import os

    from gateway.worker.client import GatewayClient, TokenSource
    from gateway.worker.runner import WorkerOptions, work

    logging.basicConfig(level="INFO", format="%(asctime)s %(levelname)-7s %(name)s: %(message)s")
    try:
        tokens = TokenSource(
            args.token or os.environ.get("GATEWAY_WORKER_TOKEN"),
            token_url=args.token_url,
            client_id=args.client_id,
            client_secret=os.environ.get("GATEWAY_WORKER_CLIENT_SECRET"),
        )
    except ValueError as exc:
        raise CommandError(str(exc)) from None
    options = WorkerOptions(
        types=args.types.split(",") if args.types else None,
        command=args.command,
        poll_seconds=args.poll,
        heartbeat_seconds=args.heartbeat,
        once=args.once,
    )

    async def run() -> None:
        client = GatewayClient(args.url, tokens)
        try:
            await work(client, options)
        finally:
            await client.close()

    asyncio.run(run())


def _sql_options(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--sql",
        action="store_true",
        help="print the SQL instead of running it: from the database's revision (read, "
        "read-only), or from FROM in a FROM:TO range",
    )
    p.add_argument(
        "--server",
        choices=("mariadb", "mysql"),  # gateway.sql.change.plan.SERVERS, without importing it
        help="with --sql: the server the script is for (default: the database's, else mariadb)",
    )


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="ispyb-gateway",
        description="One GraphQL API over ISPyB and the offline-analysis job store.",
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    def add(
        name: str,
        func: Callable[[argparse.Namespace], None],
        help_: str,
        parent: argparse._SubParsersAction[argparse.ArgumentParser] = sub,
    ) -> argparse.ArgumentParser:
        p = parent.add_parser(name, help=help_, description=help_)
        p.set_defaults(func=func)
        return p

    p = add(
        "serve", cmd_serve, "Serve the gateway (production; configured by GATEWAY_* variables)."
    )
    p.add_argument("--host", help="bind address (default: GATEWAY_HOST)")
    p.add_argument("--port", type=int, help="port (default: GATEWAY_PORT)")
    p.add_argument(
        "--wait",
        type=float,
        default=30.0,
        help="seconds to wait for the database at start-up (default: 30)",
    )
    p.add_argument(
        "--check",
        action="store_true",
        help="only wait for the database and check its revision and schema, then exit "
        "(0: ready; e.g. an init container)",
    )
    p.add_argument("--listen-fd", type=int, help=argparse.SUPPRESS)  # the supervisor's children

    p = add("demo", cmd_demo, "Run the whole gateway on this machine with demo data, no servers.")
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, default=8000)
    p.add_argument("--data-dir", default=".demo", help="where the demo SQLite file lives")
    p.add_argument("--reset", action="store_true", help="recreate the demo database")

    p = add("export-schema", cmd_export_schema, "Write the GraphQL SDL the code builds.")
    p.add_argument("--output", default=str(SCHEMA_FILE), help="file, or - for stdout")

    p = add(
        "worker",
        cmd_worker,
        "Reference worker: claim jobs, run a command for each, upload its log, report back.",
    )
    p.add_argument("--url", default="http://127.0.0.1:8000", help="the gateway's base URL")
    p.add_argument("--types", help="job types to claim, comma-separated (default: any)")
    p.add_argument(
        "--command",
        required=True,
        help="shell command; gets JOB_ID, JOB_TYPE, JOB_PARAMETERS, JOB_ITEMS",
    )
    p.add_argument("--token", help="bearer token (or GATEWAY_WORKER_TOKEN)")
    p.add_argument("--token-url", help="OIDC token endpoint for client credentials")
    p.add_argument("--client-id", help="client id (secret in GATEWAY_WORKER_CLIENT_SECRET)")
    p.add_argument("--poll", type=float, default=5.0, help="seconds between empty claims")
    p.add_argument("--heartbeat", type=float, default=30.0, help="seconds between heartbeats")
    p.add_argument("--once", action="store_true", help="run at most one job, then exit")

    jobs = add("jobs", lambda a: jobs.print_help(), "Job store housekeeping.")
    jobsub = jobs.add_subparsers(dest="jobs_command", metavar="JOBS_COMMAND")
    p = add(
        "purge",
        cmd_jobs_purge,
        "Delete finished, failed and cancelled jobs past their retention "
        "(GATEWAY_JOB_RETENTION_DAYS), with their files and chunks, in batches.",
        jobsub,
    )
    p.add_argument("--days", type=int, help="one retention for every type, overriding the setting")
    p.add_argument(
        "--dry-run", action="store_true", help="list what would be deleted, delete nothing"
    )

    db = add("db", lambda a: db.print_help(), "Database migrations for DBAs (Alembic).")
    dbsub = db.add_subparsers(dest="db_command", metavar="DB_COMMAND")
    url_help = "database URL (default: GATEWAY_SQL_URL)"

    p = add("upgrade", cmd_db_upgrade, "Apply revisions up to REVISION (default head).", dbsub)
    p.add_argument("revision", nargs="?", default="head")
    _sql_options(p)
    p.add_argument("--url", help=url_help)
    p.add_argument(
        "--ranking-export",
        metavar="FILE",
        help="revision 0002 only: write non-empty ScreeningRank/ScreeningRankSet rows to FILE "
        "as INSERTs, then drop the tables (docs/migrations.md)",
    )
    p = add(
        "check",
        cmd_db_check,
        "Run the preflight checks of the pending revisions, read-only; exit 1 if one fails.",
        dbsub,
    )
    p.add_argument("--url", help=url_help)
    p = add("downgrade", cmd_db_downgrade, "Revert revisions down to REVISION.", dbsub)
    p.add_argument("revision")
    _sql_options(p)
    p.add_argument("--url", help=url_help)
    p = add("current", cmd_db_current, "Show the database's revision and the head.", dbsub)
    p.add_argument("--url", help=url_help)
    p = add("history", cmd_db_history, "List the revisions.", dbsub)
    p.add_argument("--verbose", action="store_true")
    p.add_argument("--url", help=url_help)
    p = add(
        "adopt",
        cmd_db_adopt,
        "Compare an existing ISPyB database with what the gateway maps, report every "
        "difference as fatal or tolerated (with why), and stamp the baseline when "
        "nothing is fatal.",
        dbsub,
    )
    p.add_argument("--url", help=url_help)
    p.add_argument("--json", action="store_true", help="print the report as JSON")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        args.func(args)
    except (SettingsError, CommandError, CatalogueError) as exc:
        print(f"ispyb-gateway: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130
    return 0


if __name__ == "__main__":
    sys.exit(main())
