"""A real Keycloak for the tests: the pinned distribution, the reference realm, its admin API.

scripts/services.sh fetches and unpacks the distribution (GATEWAY_TEST_KEYCLOAK_HOME);
`KeycloakProcess.launch` starts it once per run, in the background, with the
realm file of deploy/keycloak imported into an in-memory database, so every run
starts from the reference configuration and no realm state outlives it.
"""

from __future__ import annotations

import asyncio
import base64
import json
import os
import secrets
import shutil
import signal
import subprocess
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx

from gateway.app import create_app
from gateway.settings import REPO_ROOT, Settings
from tests.server import free_port, serve

REALM_FILE = REPO_ROOT / "deploy" / "keycloak" / "ispyb-realm.json"
REALM = "ispyb"
UI_CLIENT = "ispyb-ui"
WORKER = ("ispyb-worker", "change-me-worker")
BEAMLINE = ("mxcube-id30a-3", "change-me-beamline")
ADMIN = "admin"
AUDIENCE = "ispyb-gateway"


def _part(token: str, index: int) -> dict[str, Any]:
    segment = token.split(".")[index]
    return json.loads(base64.urlsafe_b64decode(segment + "=" * (-len(segment) % 4)))  # type: ignore[no-any-return]


def claims_of(token: str) -> dict[str, Any]:
    """The payload of a JWT, unverified: to look at what Keycloak put in it."""
    return _part(token, 1)


def header_of(token: str) -> dict[str, Any]:
    return _part(token, 0)


def audience_mapper(audience: str) -> dict[str, Any]:
    """A protocol mapper that adds `audience` to a client's access tokens."""
    return {
        "name": f"audience {audience}",
        "protocol": "openid-connect",
        "protocolMapper": "oidc-audience-mapper",
        "config": {"included.custom.audience": audience, "access.token.claim": "true"},
    }


@dataclass
class KeycloakProcess:
    """`kc.sh start-dev` on a free loopback port, in its own process group."""

    process: subprocess.Popen[bytes]
    base: str
    admin_password: str
    log: Path
    launched_at: float

    @classmethod
    def launch(cls, home: Path) -> KeycloakProcess:
        imports = home / "data" / "import"
        imports.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(REALM_FILE, imports / REALM_FILE.name)
        port = free_port()
        password = secrets.token_urlsafe(16)
        log = home.parent / "keycloak.log"
        env = {
            **os.environ,
            "KC_BOOTSTRAP_ADMIN_USERNAME": ADMIN,
            "KC_BOOTSTRAP_ADMIN_PASSWORD": password,
        }
        with log.open("wb") as out:
            process = subprocess.Popen(
                [
                    str(home / "bin" / "kc.sh"),
                    "start-dev",
                    "--import-realm",
                    "--db=dev-mem",
                    "--http-host=127.0.0.1",
                    f"--http-port={port}",
                ],
                stdin=subprocess.DEVNULL,
                stdout=out,
                stderr=subprocess.STDOUT,
                env=env,
                start_new_session=True,
            )
        return cls(process, f"http://127.0.0.1:{port}", password, log, time.monotonic())

    def stop(self) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(30)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait()

    def log_tail(self, lines: int = 30) -> str:
        return "\n".join(self.log.read_text(errors="replace").splitlines()[-lines:])

    async def wait_ready(self, within: float) -> float:
        """Seconds from launch until the realm's discovery document answered."""
        url = f"{self.base}/realms/{REALM}/.well-known/openid-configuration"
        async with httpx.AsyncClient(timeout=5) as http:
            while time.monotonic() - self.launched_at < within:
                if self.process.poll() is not None:
                    raise RuntimeError(f"Keycloak exited early:\n{self.log_tail()}")
                try:
                    if (await http.get(url)).status_code == 200:
                        return time.monotonic() - self.launched_at
                except httpx.TransportError:
                    pass
                await asyncio.sleep(0.5)
        raise RuntimeError(f"Keycloak did not answer within {within:.0f} s:\n{self.log_tail()}")


class Keycloak:
    """Tokens from a realm's endpoints, and changes through the admin REST API."""

    def __init__(self, base: str, admin_password: str) -> None:
        self.base = base
        self.admin_password = admin_password
        self.http = httpx.AsyncClient(base_url=base, timeout=60)

    async def aclose(self) -> None:
        await self.http.aclose()

    @property
    def issuer(self) -> str:
        return f"{self.base}/realms/{REALM}"

    async def _token(self, realm: str, **form: str) -> str:
        r = await self.http.post(f"/realms/{realm}/protocol/openid-connect/token", data=form)
        r.raise_for_status()
        return r.json()["access_token"]  # type: ignore[no-any-return]

    async def user_token(self, login: str, client: str = UI_CLIENT) -> str:
        """A user's access token by direct grant (the demo passwords equal the logins)."""
        return await self._token(
            REALM, grant_type="password", client_id=client, username=login, password=login
        )

    async def client_token(self, client: tuple[str, str]) -> str:
        """A service account's access token (client credentials)."""
        return await self._token(
            REALM, grant_type="client_credentials", client_id=client[0], client_secret=client[1]
        )

    async def admin(self, method: str, path: str, body: object = None) -> httpx.Response:
        """Call the admin REST API of the realm as the bootstrap admin; errors fail."""
        token = await self._token(
            "master",
            grant_type="password",
            client_id="admin-cli",
            username=ADMIN,
            password=self.admin_password,
        )
        r = await self.http.request(
            method,
            f"/admin/realms/{REALM}{path}",
            json=body,
            headers={"authorization": f"Bearer {token}"},
        )
        r.raise_for_status()
        return r

    async def client(self, client_id: str) -> dict[str, Any]:
        return (await self.admin("GET", f"/clients?clientId={client_id}")).json()[0]  # type: ignore[no-any-return]

    async def allow_direct_grant(self) -> None:
        """Password grants for tests only: the reference realm keeps them off."""
        client = await self.client(UI_CLIENT)
        client["directAccessGrantsEnabled"] = True
        await self.admin("PUT", f"/clients/{client['id']}", client)

    @asynccontextmanager
    async def ui_redirect(self, uri: str) -> AsyncIterator[None]:
        """`uri` accepted as a redirect of the UI client for one test, then forgotten.

        The realm lists port 8000 only; a test's gateway listens on another port.
        """
        client = await self.client(UI_CLIENT)
        listed = list(client["redirectUris"])
        client["redirectUris"] = [*listed, uri]
        await self.admin("PUT", f"/clients/{client['id']}", client)
        try:
            yield
        finally:
            client = await self.client(UI_CLIENT)
            client["redirectUris"] = listed
            await self.admin("PUT", f"/clients/{client['id']}", client)

    @asynccontextmanager
    async def temporary_client(self, client: dict[str, Any]) -> AsyncIterator[dict[str, Any]]:
        """A client added to the realm for one test, removed after it."""
        await self.admin("POST", "/clients", client)
        created = await self.client(client["clientId"])
        try:
            yield created
        finally:
            await self.admin("DELETE", f"/clients/{created['id']}")

    async def user_id(self, login: str) -> str:
        found = (await self.admin("GET", f"/users?username={login}&exact=true")).json()
        return found[0]["id"]  # type: ignore[no-any-return]

    async def set_realm_role(self, user_id: str, role: str, granted: bool) -> None:
        rep = (await self.admin("GET", f"/roles/{role}")).json()
        path = f"/users/{user_id}/role-mappings/realm"
        await self.admin("POST" if granted else "DELETE", path, [rep])


@asynccontextmanager
async def gateway_on(issuer: str, sql_url: str, **settings: Any) -> AsyncIterator[str]:
    """A real gateway (uvicorn on loopback) that trusts `issuer`; yields its base URL."""
    app = create_app(
        Settings(sql_url=sql_url, oidc_issuer=issuer, oidc_audience=AUDIENCE, **settings)
    )
    async with serve(app) as base:
        yield base


async def graphql(base: str, token: str, query: str, **variables: Any) -> httpx.Response:
    async with httpx.AsyncClient(base_url=base, timeout=30) as http:
        return await http.post(
            "/graphql",
            json={"query": query, "variables": variables},
            headers={"authorization": f"Bearer {token}"},
        )
