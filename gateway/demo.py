"""The embedded demo: an SQLite ISPyB built by the real migrations, with demo rows."""

from __future__ import annotations

import logging
from pathlib import Path

from sqlalchemy import create_engine

from gateway.sql.migrate import upgrade

log = logging.getLogger("gateway.demo")

DEMO_FILE = "ispyb-demo.sqlite"


def prepare_demo_database(data_dir: Path, reset: bool = False) -> str:
    """Create (or reuse) the demo database and return its async URL."""
    from gateway.sql.demo_data import load_demo_data

    data_dir.mkdir(parents=True, exist_ok=True)
    path = data_dir / DEMO_FILE
    if reset and path.exists():
        path.unlink()
    fresh = not path.exists()
    url = f"sqlite+aiosqlite:///{path}"
    upgrade(url)
    if fresh:
        engine = create_engine(f"sqlite:///{path}")
        with engine.begin() as conn:
            load_demo_data(conn)
        engine.dispose()
        log.info("demo database created at %s", path)
    return url
