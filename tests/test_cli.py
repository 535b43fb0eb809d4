"""The command line: help everywhere, schema file in sync, clear start-up failures."""

from __future__ import annotations

import subprocess
import sys

import pytest

from gateway.cli import SCHEMA_FILE, build_parser, main
from gateway.graphql.schema import build_schema
from gateway.settings import Settings

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

    monkeypatch.setenv(
        "GATEWAY_SQL_URL", f"mysql+aiomysql://u:secret@127.0.0.1:{free_port()}/ispyb"
    )
    assert main(["serve", "--wait", "0"]) == 1
    err = capsys.readouterr().err
    assert "cannot reach the ISPyB database at mysql+aiomysql://u:***@127.0.0.1" in err
    assert "secret" not in err and "Traceback" not in err


def test_bad_setting_stops_serve(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("GATEWAY_MONGO_URL", "http://nope")
    assert main(["serve"]) == 1
    assert "GATEWAY_MONGO_URL" in capsys.readouterr().err
