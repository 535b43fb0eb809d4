"""Configuration, read once from the environment (and an optional `.env`).

Every setting is a `GATEWAY_*` variable. Validation happens at start-up so a
typo stops the process with a message naming the variable, instead of failing
on the first request that needs it.
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Annotated, Literal

from pydantic import Field, ValidationError, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

REPO_ROOT = Path(__file__).resolve().parent.parent


class SettingsError(Exception):
    """Raised with a human-readable message when the environment is invalid."""


class Settings(BaseSettings):
    model_config = SettingsConfigDict(
        env_prefix="GATEWAY_",
        env_file=".env",
        env_file_encoding="utf-8",
        extra="ignore",
    )

    # Backing services -------------------------------------------------------
    sql_url: str = Field(
        "sqlite+aiosqlite:///ispyb-gateway.sqlite",
        description=(
            "SQLAlchemy URL of the ISPyB database (mysql+asyncmy://... in production; "
            "mysql+aiomysql:// works too, with more CPU per row read)."
        ),
    )
    mongo_url: str | None = Field(
        None,
        description="MongoDB URL of the job store; unset means the in-process store (demo only).",
    )
    mongo_database: str = Field("ispyb_jobs", description="MongoDB database holding the jobs.")
    redis_url: str | None = Field(
        None, description="Redis URL for events shared between replicas; unset means in-process."
    )

    # Identity ---------------------------------------------------------------
    oidc_issuer: str | None = Field(None, description="OpenID Connect issuer URL (Keycloak realm).")
    oidc_audience: str | None = Field(None, description="Expected `aud` claim of access tokens.")
    oidc_login_claim: str = Field(
        "preferred_username", description="Token claim holding the ISPyB Person.login."
    )
    oidc_staff_role: str = Field("ispyb-staff", description="Token role that makes a user staff.")
    oidc_worker_role: str = Field(
        "ispyb-processing", description="Token role of processing service accounts (workers)."
    )
    oidc_beamline_role: str = Field(
        "ispyb-beamline",
        description="Token role of beamline service accounts (MXCuBE): they write acquisition "
        "data into sessions on the beamlines their token names.",
    )
    oidc_beamlines_claim: str = Field(
        "beamlines",
        description="Token claim naming the beamlines a beamline service account acts for.",
    )
    oidc_leeway_seconds: int = Field(30, ge=0, le=600, description="Clock skew allowed on exp/nbf.")
    oidc_jwks_min_refresh_seconds: int = Field(
        60, ge=0, description="Minimum interval between JWKS refreshes triggered by unknown keys."
    )
    oidc_jwks_max_age_seconds: int = Field(
        600, ge=1, description="Keys are refetched after this long: removed keys stop working."
    )
    refuse_unknown_persons: bool = Field(
        False,
        description="Refuse tokens whose login is not an ISPyB Person (default: empty graph).",
    )

    # GraphQL ----------------------------------------------------------------
    max_page_size: int = Field(
        500, ge=1, description="Largest `first`/`last` a connection accepts."
    )
    max_query_depth: int = Field(12, ge=1, description="Deepest GraphQL selection accepted.")
    max_tokens: int = Field(5000, ge=10, description="Largest GraphQL document, in tokens.")
    max_aliases: int = Field(30, ge=1, description="Most aliases accepted in one document.")
    max_operations: int = Field(5, ge=1, description="Most operations one document may hold.")
    query_planner: bool = Field(
        True,
        description="Run queries by their compiled plan; graphql-core runs what it does not cover.",
    )
    max_query_cost: int = Field(
        100_000,
        ge=1,
        description="Most objects a query may be estimated to return before it runs.",
    )
    heavy_query_cost: int = Field(
        10_000,
        ge=0,
        description=(
            "Queries estimated at this many objects or more run on a second event loop "
            "(its own thread and pools), so they do not hold up other requests (0: never)."
        ),
    )
    query_cost_list_size: int = Field(
        20, ge=1, description="Objects assumed per unpaginated list when estimating cost."
    )
    max_body_bytes: int = Field(
        1024**2,
        ge=1024,
        description="Largest request body but file uploads (413 PAYLOAD_TOO_LARGE).",
    )
    max_response_bytes: int = Field(
        32 * 1024**2,
        ge=1024,
        description="Largest GraphQL response body; larger ones become RESPONSE_TOO_LARGE.",
    )
    sql_statement_timeout_seconds: float = Field(
        15,
        ge=0,
        description="Server-side time limit of each ISPyB statement (0: none).",
    )
    metrics_access: Literal["public", "staff", "off"] = Field(
        "public",
        description="Who may read /metrics: anyone (a private network), staff tokens, no one.",
    )
    introspection: bool = Field(True, description="Allow schema introspection.")
    graphiql: bool = Field(True, description="Serve GraphiQL to browsers on GET /graphql.")
    ui_client_id: str = Field(
        "ispyb-gateway-ui",
        description="OIDC client id of the browser pages (public client: code flow with PKCE).",
    )
    debug: bool = Field(False, description="Show error details to clients (never in production).")

    # Process ----------------------------------------------------------------
    host: str = Field("127.0.0.1", description="Address `serve` binds to.")
    port: int = Field(8000, ge=0, le=65535, description="Port `serve` binds to.")
    log_level: Literal["debug", "info", "warning", "error"] = Field("info")
    http_keep_alive_seconds: int = Field(
        5, ge=1, description="An idle connection between requests is closed after this long."
    )
    http_header_timeout_seconds: float = Field(
        10, gt=0, description="A request's line and headers must arrive within this (408)."
    )
    http_max_header_bytes: int = Field(
        32 * 1024, ge=1024, description="Largest request line plus headers (431)."
    )
    http_max_concurrency: int = Field(
        12_000,
        ge=1,
        description=(
            "Connections and requests at once, open WebSockets included (10,000 subscribers "
            "per process and room for queries); beyond, 503 at once."
        ),
    )
    request_timeout_seconds: float = Field(
        30, ge=0, description="Overall deadline of an HTTP request, uploads excepted (0: none)."
    )
    shutdown_grace_seconds: int = Field(
        10, ge=1, description="On SIGTERM, time given to in-flight requests to finish."
    )
    memory_trim_mb: int = Field(
        8,
        ge=0,
        description="After a request, give freed heap back to the system (glibc malloc_trim) "
        "once the resident memory grew by this many MB since the last time (0: never).",
    )
    max_requests_per_process: int = Field(
        0,
        ge=0,
        description="`serve`: a process exits after this many requests (plus up to 10% "
        "jitter), gracefully, and is replaced (0: never).",
    )
    processes: int = Field(
        1, ge=1, le=64, description="`serve`: processes sharing the port (one per core)."
    )
    catalogue_dir: Path = Field(
        REPO_ROOT / "schema" / "catalogue", description="Directory of job type files."
    )
    allowed_origins: Annotated[list[str], NoDecode] = Field(
        default_factory=list,
        description="Other origins whose pages may open the GraphQL WebSocket (comma-separated).",
    )
    job_lease_seconds: float = Field(
        300, gt=0, description="How long a worker's claim lasts without a heartbeat."
    )
    job_max_attempts: int = Field(3, ge=1, description="Claims a job gets before it FAILS.")
    job_sweep_seconds: float = Field(
        30, gt=0, description="How often expired leases and over-long waits are swept."
    )
    ws_per_message_deflate: bool = Field(
        False,
        description="Compress WebSocket messages (zlib state: ~40 KiB more per socket).",
    )
    max_upload_bytes: int = Field(
        2 * 1024**3, ge=1, description="Largest file a worker or user may upload."
    )
    job_quota_per_minute: int = Field(
        30, ge=1, description="Jobs one person may launch per minute (QUOTA_EXCEEDED)."
    )
    job_quota_pending: int = Field(
        200, ge=1, description="Jobs of one person that may wait to run at once."
    )
    job_max_items: int = Field(1000, ge=1, description="Items one job may name.")
    job_retention_days: Annotated[dict[str, int], NoDecode] = Field(
        default_factory=lambda: {"*": 180},
        description="Days finished jobs are kept, per type: `180` or `reprocess=30,*=180`.",
    )
    is4a_prefix: str = Field(
        "/is4a",
        description="Where the legacy IS4A REST API is served (`/` for the root); empty: off.",
    )
    demo: bool = Field(
        False,
        description="Demo mode; only `ispyb-gateway demo` turns it on, never the environment.",
    )
    require_db_revision: bool = Field(
        True, description="Refuse to serve when the database is not at the expected revision."
    )

    @field_validator("allowed_origins", mode="before")
    @classmethod
    def _split_origins(cls, value: object) -> object:
        if isinstance(value, str):
            return [o.strip() for o in value.split(",") if o.strip()]
        return value

    @field_validator("job_retention_days", mode="before")
    @classmethod
    def _parse_retention(cls, value: object) -> object:
        if isinstance(value, int):
            return {"*": value}
        if not isinstance(value, str):
            return value
        out: dict[str, int] = {}
        for part in filter(None, (p.strip() for p in value.split(","))):
            name, _, days = part.rpartition("=")
            if not days.isdigit() or int(days) < 1:
                raise ValueError(f"{part!r}: days must be a positive whole number")
            out[name.strip() or "*"] = int(days)
        return out

    @field_validator("demo")
    @classmethod
    def _demo_not_from_environment(cls, value: bool) -> bool:
        # The demo issuer signs tokens for anyone: it must never be one variable away.
        if value and "GATEWAY_DEMO" in os.environ:
            raise ValueError("demo mode is started with `ispyb-gateway demo`, not the environment")
        return value

    @field_validator("is4a_prefix")
    @classmethod
    def _is4a_prefix(cls, value: str) -> str:
        value = value.strip()
        if value and not re.fullmatch(r"/|(/[A-Za-z0-9._~-]+)+/?", value):
            raise ValueError("must be empty or a path like /is4a")
        return value if value in ("", "/") else value.rstrip("/")

    @field_validator("sql_url")
    @classmethod
    def _sql_url_is_async(cls, value: str) -> str:
        allowed = (
            "mysql+asyncmy://",
            "mariadb+asyncmy://",
            "mysql+aiomysql://",
            "mariadb+aiomysql://",
            "sqlite+aiosqlite://",
        )
        if not value.startswith(allowed):
            raise ValueError(f"must start with one of {', '.join(allowed)}")
        return value

    @field_validator("mongo_url", "redis_url", "oidc_issuer", "oidc_audience", mode="before")
    @classmethod
    def _empty_is_unset(cls, value: object) -> object:
        return None if value == "" else value

    @field_validator("mongo_url")
    @classmethod
    def _mongo_scheme(cls, value: str | None) -> str | None:
        if value is not None and not value.startswith(("mongodb://", "mongodb+srv://")):
            raise ValueError("must start with mongodb:// or mongodb+srv://")
        return value

    @field_validator("redis_url")
    @classmethod
    def _redis_scheme(cls, value: str | None) -> str | None:
        if value is not None and not value.startswith(("redis://", "rediss://", "unix://")):
            raise ValueError("must start with redis://, rediss:// or unix://")
        return value

    @field_validator("oidc_issuer")
    @classmethod
    def _issuer_is_url(cls, value: str | None) -> str | None:
        if value is not None and not value.startswith(("http://", "https://")):
            raise ValueError("must be an http(s) URL")
        return value.rstrip("/") if value else value


def load_settings(**overrides: object) -> Settings:
    """Build settings, turning pydantic's report into one line per bad variable."""
    try:
        return Settings(**overrides)  # type: ignore[arg-type]
    except ValidationError as exc:
        lines = []
        for error in exc.errors():
            field = str(error["loc"][0]) if error["loc"] else "?"
            lines.append(f"GATEWAY_{field.upper()}: {error['msg']}")
        raise SettingsError("invalid configuration:\n  " + "\n  ".join(lines)) from None
