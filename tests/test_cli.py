"""The command line: help everywhere, schema file in sync, clear start-up failures."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from gateway.app import build_services
from gateway.cli import SCHEMA_FILE, build_parser, main
from gateway.graphql.schema import build_schema
from gateway.settings import Settings, load_settings

COMMANDS = [
    ["serve"],
    ["demo"],
    ["export-schema"],
    ["db"],
    ["db", "upgrade"],
    ["db", "downgrade"],
    ["db", "current"],
    ["db", "history"],
    ["db", "adopt"],
    ["db", "check"],
    ["jobs"],
    ["jobs", "purge"],
    ["worker"],
]


@pytest.mark.parametrize("command", COMMANDS, ids=" ".join)
def test_every_command_has_help(command: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_:
        build_parser().parse_args([*command, "--help"])
    assert exit_.value.code == 0
    assert "usage: ispyb-gateway" in capsys.readouterr().out


def test_console_script_runs() -> None:
    out = subprocess.run(
        [sys.executable, "-m", "gateway.cli", "--help"], capture_output=True, text=True, check=True
    )
    assert "serve" in out.stdout and "export-schema" in out.stdout


def test_schema_file_matches_code() -> None:
    built = build_schema(Settings()).as_str() + "\n"
    assert SCHEMA_FILE.read_text() == built, (
        "schema/schema.graphql is stale: run ispyb-gateway export-schema"
    )


def test_unreachable_database_is_one_clear_line(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from tests.server import free_port

    monkeypatch.setenv("GATEWAY_SQL_URL", f"mysql+asyncmy://u:secret@127.0.0.1:{free_port()}/ispyb")
    monkeypatch.setenv("GATEWAY_MONGO_URL", "mongodb://127.0.0.1:1/")
    assert main(["serve", "--wait", "0"]) == 1
    err = capsys.readouterr().err
    assert "cannot reach the ISPyB database at mysql+asyncmy://u:***@127.0.0.1" in err
    assert "secret" not in err and "Traceback" not in err


def test_bad_setting_stops_serve(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("GATEWAY_MONGO_URL", "http://nope")
    assert main(["serve"]) == 1
    assert "GATEWAY_MONGO_URL" in capsys.readouterr().err


def test_serve_needs_a_job_store(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.delenv("GATEWAY_MONGO_URL", raising=False)
    assert main(["serve"]) == 1
    assert "GATEWAY_MONGO_URL is required" in capsys.readouterr().err


def test_broken_catalogue_stops_start_up(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "reprocess.json").write_text('{"name": "reprocess", "title": ')
    monkeypatch.setenv("GATEWAY_CATALOGUE_DIR", str(tmp_path))
    monkeypatch.setenv("GATEWAY_SQL_URL", "sqlite+aiosqlite:///:memory:")
    monkeypatch.setenv("GATEWAY_MONGO_URL", "mongodb://127.0.0.1:1/")
    monkeypatch.setenv("GATEWAY_REQUIRE_DB_REVISION", "false")
    monkeypatch.setattr("gateway.cli._serve", lambda *a: build_services(load_settings()))
    assert main(["serve", "--wait", "0"]) == 1
    err = capsys.readouterr().err
    assert "reprocess.json" in err and "Traceback" not in err


async def test_jobs_purge_cli(
    mongo_url: str, mongo_database: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Old finished jobs go (with a dry run first), recent and running ones stay."""
    import asyncio
    from datetime import timedelta

    from bson import ObjectId

    from gateway.jobs.description import ItemSummary
    from gateway.jobs.model import ItemKind, Owner
    from gateway.jobs.states import JobStatus

    monkeypatch.setenv("GATEWAY_MONGO_URL", mongo_url)
    monkeypatch.setenv("GATEWAY_MONGO_DATABASE", mongo_database)
    monkeypatch.setenv("GATEWAY_JOB_RETENTION_DAYS", "reprocess=30,*=180")
    services = build_services(load_settings())
    item = ItemSummary(id=1, kind=ItemKind.DATA_COLLECTION, label="x", images=1, proposal_id=1)
    old = await services.jobs.submit(
        "reprocess", [item], {"pipeline": "autoPROC"}, Owner(1, "alice")
    )
    recent = await services.jobs.submit(
        "reprocess", [item], {"pipeline": "autoPROC"}, Owner(1, "alice")
    )
    for job in (old, recent):
        await services.jobs.cancel(job.id, "alice")
    # Age the first job: rewrite its last update 60 days back, as time would.
    await services.jobs.store.jobs.update_one(  # type: ignore[attr-defined]
        {"_id": ObjectId(old.id)},
        {"$set": {"updated": (old.updated - timedelta(days=60))}},
    )
    await services.close()

    def run(*extra: str) -> str:
        import contextlib
        import io

        out = io.StringIO()
        with contextlib.redirect_stdout(out):
            assert main(["jobs", "purge", *extra]) == 0
        return out.getvalue()

    dry = await asyncio.to_thread(run, "--dry-run")
    assert dry.startswith("would delete 1 job(s)") and old.id in dry and recent.id not in dry
    done = await asyncio.to_thread(run)
    assert done.startswith("deleted 1 job(s)")
    services = build_services(load_settings())
    remaining = {j.id: j.status for j in (await services.jobs.store.find()).jobs}
    assert remaining == {recent.id: JobStatus.CANCELLED}
    await services.close()
