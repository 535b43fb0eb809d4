"""IS4A compatibility: the REST API of the original NodeJS offline-analysis service.

Existing launchers and processing workers keep working against the gateway.
Every endpoint is a thin adapter over what GraphQL calls (`JobService`, the
catalogue, `gateway.sql.items` for items and visibility), so the rules and the
validation exist once; only the wire format is here. Errors have the REST shape
of `gateway.http.rest` with stable codes (listed in docs/jobs.md); anything
unexpected is logged with the request id and answered 500 without details.
"""

from __future__ import annotations

import json
import logging
import re
from collections.abc import AsyncIterator, Awaitable, Callable, Mapping
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from starlette.exceptions import HTTPException
from starlette.middleware.exceptions import ExceptionMiddleware
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route, Router
from starlette.types import ASGIApp

from gateway.auth.http import challenge
from gateway.auth.viewer import Viewer
from gateway.errors import BadUserInput
from gateway.http import rest
from gateway.http.multipart import MultipartError, first_file, is_multipart
from gateway.http.openapi_is4a import CREATE_JOB_SCHEMA, OUTPUT_SCHEMA, document
from gateway.jobs import errors as je
from gateway.jobs import filenames
from gateway.jobs.catalogue import JobType
from gateway.jobs.model import ItemKind, Job, JobFilter, Owner, Visibility
from gateway.jobs.problems import Problem, schema_problems
from gateway.jobs.states import IllegalTransition, JobStatus, is_allowed
from gateway.outage import MESSAGE as OUTAGE
from gateway.outage import is_outage
from gateway.services import Services
from gateway.sql.items import job_visibility, proposal_ids_by_name, summaries

log = logging.getLogger("gateway.is4a")

OBJECT_ID = re.compile(r"^[0-9a-fA-F]{24}$")
#: Largest JSON body accepted (job creation, outputs); files go through /jobs/upload.
MAX_JSON_BYTES = 1024 * 1024
_ID_KEYS = {
    "dataCollectionIds": ItemKind.DATA_COLLECTION,
    "dataCollectionGroupIds": ItemKind.DATA_COLLECTION_GROUP,
    "itemIds": None,
}
#: Statuses a processing account sets with its lease; RUNNING is a heartbeat.
_WORKER_TARGETS = {JobStatus.RUNNING, JobStatus.FINISHED, JobStatus.FAILED, JobStatus.PENDING}


class ApiError(Exception):
    """Raised anywhere in a handler; becomes the error response."""

    def __init__(
        self,
        status: int,
        code: str,
        message: str,
        *,
        headers: Mapping[str, str] | None = None,
        **extra: Any,
    ) -> None:
        super().__init__(message)
        self.status, self.code, self.message = status, code, message
        self.headers = headers
        self.extra = extra


def _problems(problems: list[Problem]) -> list[dict[str, str]]:
    return [{"path": p.path, "message": p.message} for p in problems]


def _conflict(code: str, message: str, job: Job | None) -> ApiError:
    if job is None:
        return ApiError(409, code, message)
    return ApiError(409, code, message, currentStatus=job.status.value)


def _domain_error(exc: je.JobError) -> ApiError:
    """The job domain's errors as REST errors (the GraphQL codes, more precisely)."""
    if isinstance(exc, je.JobNotFound | je.FileNotFound):
        return ApiError(404, "NOT_FOUND", "no such job")
    if isinstance(exc, je.LeaseLost):
        return _conflict("LEASE_LOST", str(exc), exc.current)
    if isinstance(exc, je.Contention):
        return _conflict("CONTENTION", f"{exc}; retry later", exc.current)
    if isinstance(exc, je.JobConflict):
        return _conflict("ILLEGAL_TRANSITION", str(exc), exc.current)
    if isinstance(exc, IllegalTransition):
        return ApiError(409, "ILLEGAL_TRANSITION", str(exc))
    if isinstance(exc, je.InvalidParameters):
        return ApiError(400, "INVALID_PARAMETERS", str(exc), problems=_problems(exc.problems))
    if isinstance(exc, je.InvalidItems):
        return ApiError(400, "INVALID_ITEMS", str(exc))
    if isinstance(exc, je.UnknownJobType):
        return ApiError(400, "UNKNOWN_JOB_TYPE", str(exc))
    if isinstance(exc, je.QuotaExceeded):
        retry = {"retry-after": str(exc.retry_after)} if exc.retry_after else None
        return ApiError(429, "QUOTA_EXCEEDED", str(exc), headers=retry)
    if isinstance(exc, je.JobTypeRestricted):
        return ApiError(403, "JOB_TYPE_RESTRICTED", str(exc))
    if isinstance(exc, je.InvalidCursor):
        return ApiError(400, "INVALID_CURSOR", str(exc))
    if isinstance(exc, je.FileTooLarge):
        return ApiError(413, "PAYLOAD_TOO_LARGE", str(exc))
    return ApiError(400, "BAD_REQUEST", str(exc))


Handler = Callable[[Request], Awaitable[Response]]


def _endpoint(handler: Handler, *, public: bool = False) -> Handler:
    """Authentication, then the handler with its errors turned into responses."""

    async def endpoint(request: Request) -> Response:
        try:
            if not public and not rest.viewer(request).is_authenticated:
                raise ApiError(
                    401, "UNAUTHENTICATED", "a bearer token is required", headers=challenge(None)
                )
            return await handler(request)
        except ApiError as exc:
            return rest.error(
                request, exc.status, exc.code, exc.message, headers=exc.headers, **exc.extra
            )
        except je.JobError as exc:
            err = _domain_error(exc)
            return rest.error(request, err.status, err.code, err.message, **err.extra)
        except Exception as exc:
            if is_outage(exc):
                log.warning("backing service unavailable: %s", type(exc).__name__)
                return rest.error(
                    request, 503, "SERVICE_UNAVAILABLE", OUTAGE, headers={"retry-after": "5"}
                )
            log.exception("unexpected error (request %s)", rest.request_id(request))
            return rest.error(request, 500, "INTERNAL_SERVER_ERROR", "internal server error")

    endpoint.__name__ = handler.__name__
    endpoint.__doc__ = handler.__doc__
    return endpoint


# Wire format ------------------------------------------------------------------------------
def _at(value: datetime) -> str:
    return value.isoformat()  # what the GraphQL DateTime scalar sends


def job_json(job: Job) -> dict[str, Any]:
    """A job with the GraphQL `Job` field names, plus the legacy id lists."""
    return {
        "id": job.id,
        "jobId": job.id,
        "type": job.type,
        "status": job.status.value,
        "description": job.description,
        "items": [{"entity": i.kind.value, "itemId": i.id} for i in job.items],
        "dataCollectionIds": [i.id for i in job.items if i.kind is ItemKind.DATA_COLLECTION],
        "dataCollectionGroupIds": [
            i.id for i in job.items if i.kind is ItemKind.DATA_COLLECTION_GROUP
        ],
        "parameters": dict(job.parameters),
        "ownerLogin": job.owner.login,
        "proposalId": job.proposal_id,
        "sessionId": job.session_id,
        "beamline": job.beamline,
        "attempts": job.attempts,
        "created": _at(job.created),
        "updated": _at(job.updated),
        "history": [
            {
                "from": h.source.value if h.source is not None else None,
                "to": h.target.value,
                "at": _at(h.at),
                "by": h.by,
                "message": h.message,
            }
            for h in job.history
        ],
        "inputRequest": None
        if job.input_request is None
        else {
            "message": job.input_request.message,
            "schema": dict(job.input_request.schema),
            "at": _at(job.input_request.at),
        },
        "outputs": [
            {
                "name": o.name,
                "value": o.value,
                "fileId": o.file_id,
                "downloadUrl": None if o.file_id is None else f"/files/{o.file_id}",
                "at": _at(o.at),
            }
            for o in job.outputs
        ],
    }


def job_type_json(t: JobType) -> dict[str, Any]:
    return {
        "name": t.name,
        "title": t.title,
        "description": t.description,
        "entity": t.entity.value,
        "minItems": t.min_items,
        "maxItems": t.max_items,
        "parameters": dict(t.parameters),
        "staffOnly": t.staff_only,
        "beamlines": list(t.beamlines) if t.beamlines is not None else None,
    }


# Request parsing --------------------------------------------------------------------------
async def _json_body(request: Request) -> dict[str, Any]:
    size = request.headers.get("content-length", "")
    if size.isdigit() and int(size) > MAX_JSON_BYTES:
        raise ApiError(413, "PAYLOAD_TOO_LARGE", f"JSON bodies are limited to {MAX_JSON_BYTES}")
    raw = bytearray()
    async for chunk in rest.body_chunks(request):
        raw += chunk
        if len(raw) > MAX_JSON_BYTES:
            raise ApiError(413, "PAYLOAD_TOO_LARGE", f"JSON bodies are limited to {MAX_JSON_BYTES}")
    try:
        body = json.loads(raw)
    except (ValueError, UnicodeDecodeError, RecursionError):  # nested too deep: malformed too
        raise ApiError(400, "INVALID_JSON", "the body is not valid JSON") from None
    if not isinstance(body, dict):
        raise ApiError(400, "INVALID_BODY", "the body must be a JSON object")
    return body


def _values(request: Request, name: str) -> list[str]:
    """A repeatable query parameter whose values may also be comma-separated."""
    out: list[str] = []
    for value in request.query_params.getlist(name):
        out += [v.strip() for v in value.split(",") if v.strip()]
    return out


#: The largest id a query parameter may name.
MAX_ID = 2**31 - 1


def _ints(request: Request, name: str) -> set[int] | None:
    values = _values(request, name)
    if not values:
        return None
    try:
        ids = {int(v) for v in values}
    except ValueError:
        raise ApiError(400, "INVALID_QUERY", f"`{name}` takes whole numbers") from None
    # ISPyB ids, as the graph takes them (GraphQL Int): beyond, no row can match, and
    # MongoDB refuses integers wider than 64 bits.
    if any(not 0 <= i <= MAX_ID for i in ids):
        raise ApiError(400, "INVALID_QUERY", f"`{name}` takes ids from 0 to {MAX_ID}")
    return ids


def _statuses(request: Request) -> set[JobStatus] | None:
    values = _values(request, "status")
    if not values:
        return None
    try:
        return {JobStatus(v.upper()) for v in values}
    except ValueError:
        allowed = ", ".join(s.value for s in JobStatus)
        raise ApiError(400, "INVALID_QUERY", f"`status` takes {allowed}") from None


def _when(request: Request, name: str) -> datetime | None:
    """`from`: inclusive; `to`: exclusive for a date-time, the whole day for a date."""
    value = request.query_params.get(name)
    if not value:
        return None
    try:
        if len(value) == 10:
            day = date.fromisoformat(value)
            if name == "to":
                day += timedelta(days=1)
            return datetime.combine(day, time(), UTC)
        moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        raise ApiError(
            400, "INVALID_QUERY", f"`{name}` takes an ISO 8601 date or date-time"
        ) from None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _limit(request: Request, max_size: int) -> int:
    value = request.query_params.get("limit", "50")
    if not value.isdigit() or int(value) > max_size:
        raise ApiError(400, "INVALID_QUERY", f"`limit` must be between 0 and {max_size}")
    return int(value)


def _job_id(request: Request) -> str:
    job_id: str = request.path_params["id"]
    if not OBJECT_ID.match(job_id):
        raise ApiError(404, "NOT_FOUND", "no such job")
    return job_id.lower()


def _lease_token(request: Request) -> str:
    token = request.query_params.get("leaseToken", "")
    if not token:
        raise ApiError(400, "LEASE_TOKEN_REQUIRED", "`leaseToken` is required")
    return token


def _filename(value: str) -> str:
    """The name cleaned as every route cleans it (`gateway.jobs.filenames`)."""
    try:
        return filenames.clean(value)
    except filenames.InvalidFilename as exc:
        raise ApiError(400, "INVALID_FILENAME", str(exc)) from None


class Is4aApi:
    """The endpoints, bound to the gateway's services."""

    def __init__(self, services: Services, prefix: str) -> None:
        self.services = services
        self.jobs = services.jobs
        self.prefix = prefix

    # Helpers -------------------------------------------------------------------------
    async def _scope(self, who: Viewer) -> Visibility | None:
        """Which jobs the caller sees, as GraphQL computes it (None: all)."""
        if who.is_worker:
            return None
        return await job_visibility(self.services.engine, who, who.login)

    async def _visible_job(self, request: Request) -> tuple[Viewer, Job]:
        """The job of the path, or 404 alike for missing and invisible jobs."""
        who = rest.viewer(request)
        job = await self.jobs.get(_job_id(request))
        if not await rest.may_see(self.services, who, job):
            raise ApiError(404, "NOT_FOUND", "no such job")
        return who, job

    async def _page(self, request: Request, who: Viewer, owner: str | None) -> Response:
        proposals = _ints(request, "proposalId")
        names = _values(request, "proposal")
        if names:
            named = await proposal_ids_by_name(self.services.engine, names)
            proposals = (proposals or set()) | named
        created_from, created_to = _when(request, "from"), _when(request, "to")
        if created_from and created_to and created_from > created_to:
            raise ApiError(400, "INVALID_QUERY", "date range is inverted: `from` is after `to`")
        types = _values(request, "type")
        where = JobFilter(
            statuses=_statuses(request),
            types=set(types) if types else None,
            owner_login=owner,
            proposal_ids=proposals,
            session_ids=_ints(request, "sessionId"),
            created_from=created_from,
            created_to=created_to,
            visible_to=await self._scope(who),
        )
        first = _limit(request, self.services.settings.max_page_size)
        page = await self.jobs.store.find(
            where, first=first, after=request.query_params.get("after") or None
        )
        total = await self.jobs.store.count(where)
        return JSONResponse(
            {
                "jobs": [job_json(j) for j in page.jobs],
                "totalCount": total,
                "hasNextPage": page.has_next_page,
                "endCursor": page.end_cursor,
            }
        )

    # Endpoints -----------------------------------------------------------------------
    async def openapi(self, request: Request) -> Response:
        """This API's OpenAPI 3.1 description."""
        return JSONResponse(document(self.prefix, self.services.settings.max_page_size))

    async def list_jobs(self, request: Request) -> Response:
        """GET /jobs: the caller's jobs, with the GraphQL `jobs` rules and filters."""
        return await self._page(request, rest.viewer(request), None)

    async def user_jobs(self, request: Request) -> Response:
        """GET /jobs/{username}: yourself, or anyone for staff and processing accounts.

        Anyone else gets the empty page a user without jobs (or unknown) gets, so the
        answer says nothing about who exists."""
        who = rest.viewer(request)
        username: str = request.path_params["username"]
        if not (who.is_staff or who.is_worker or username == who.login):
            return JSONResponse(
                {"jobs": [], "totalCount": 0, "hasNextPage": False, "endCursor": None}
            )
        return await self._page(request, who, username)

    async def create_job(self, request: Request) -> Response:
        """POST /jobs: what the `createJob` mutation does, with a JSON body."""
        who = rest.viewer(request)
        if who.login is None or who.person_id is None:
            raise ApiError(403, "NOT_A_PERSON", "sign in as an ISPyB person to launch jobs")
        body = await _json_body(request)
        problems = schema_problems(CREATE_JOB_SCHEMA, body)
        given = [k for k in _ID_KEYS if k in body]
        if len(given) != 1:
            problems.append(
                Problem("$", f"give exactly one of {', '.join(_ID_KEYS)} (got {len(given)})")
            )
        if problems:
            raise ApiError(
                400, "INVALID_BODY", "the request body is invalid", problems=_problems(problems)
            )
        job_type = self.jobs.catalogue.get(body["type"])
        wanted = _ID_KEYS[given[0]]
        if wanted is not None and wanted is not job_type.entity:
            key = next(k for k, kind in _ID_KEYS.items() if kind is job_type.entity)
            raise ApiError(
                400,
                "INVALID_ITEMS",
                f"{job_type.name} runs on {job_type.entity.value}: give {key}",
            )
        self.jobs.check_item_count(len(body[given[0]]))  # before looking the ids up
        try:
            items = await summaries(self.services.engine, who, job_type.entity, body[given[0]])
        except BadUserInput as exc:  # unknown and invisible alike
            raise ApiError(404, "NOT_FOUND", exc.message) from None
        job = await self.jobs.submit(
            job_type.name,
            items,
            body.get("parameters", {}),
            Owner(person_id=who.person_id, login=who.login),
            is_staff=who.is_staff,
        )
        return JSONResponse(job_json(job), status_code=201)

    async def job_types(self, request: Request, entity: ItemKind) -> Response:
        """The `jobTypes` rule: staff-only types for staff; `beamline` narrows further."""
        who = rest.viewer(request)
        beamline = request.query_params.get("beamline")
        return JSONResponse(
            [
                job_type_json(t)
                for t in self.jobs.catalogue.types(entity)
                if (who.is_staff or not t.staff_only)
                and (beamline is None or t.allows_beamline(beamline))
            ]
        )

    async def data_collection_types(self, request: Request) -> Response:
        """GET /jobs/type/datacollection."""
        return await self.job_types(request, ItemKind.DATA_COLLECTION)

    async def data_collection_group_types(self, request: Request) -> Response:
        """GET /jobs/type/datacollectiongroup."""
        return await self.job_types(request, ItemKind.DATA_COLLECTION_GROUP)

    async def set_status(self, request: Request) -> Response:
        """GET /jobs/{id}/status/{status}: the legacy state change, mapped onto the service.

        Workers (and staff) with their lease: RUNNING extends the lease, FINISHED and
        FAILED end the job, PENDING gives it back. Owners and staff: CANCELLED. Refusals
        in the job's current state are 409 ILLEGAL_TRANSITION and change nothing."""
        raw = request.path_params["status"]
        try:
            target = JobStatus(raw.upper())
        except ValueError:
            allowed = ", ".join(s.value for s in JobStatus)
            raise ApiError(400, "INVALID_STATUS", f"unknown status {raw!r} ({allowed})") from None
        who, job = await self._visible_job(request)
        message = request.query_params.get("message", "")
        if target is JobStatus.CANCELLED:
            if not (who.is_staff or (job.owner.login == who.login and not who.is_worker)):
                raise ApiError(403, "FORBIDDEN", "only the job's owner or staff may cancel it")
            if not is_allowed(job.status, target):
                raise _conflict(
                    "ILLEGAL_TRANSITION", f"a {job.status.value} job cannot be cancelled", job
                )
            job = await self.jobs.cancel(
                job.id, who.login or "staff", message or "cancelled by user"
            )
            return JSONResponse(job_json(job))
        if target not in _WORKER_TARGETS:
            raise ApiError(
                400,
                "UNSUPPORTED_STATUS",
                f"{target.value} is not set this way (use the requestJobInput mutation)",
            )
        if not (who.is_worker or who.is_staff):
            raise ApiError(403, "FORBIDDEN", "this status is set by processing service accounts")
        token = _lease_token(request)
        if job.status is not JobStatus.RUNNING:
            raise _conflict(
                "ILLEGAL_TRANSITION",
                f"job {job.id} is {job.status.value}: only a RUNNING job can become {target.value}",
                job,
            )
        if target is JobStatus.RUNNING:
            job = await self.jobs.heartbeat(job.id, token)
        else:
            action = {
                JobStatus.FINISHED: self.jobs.finish,
                JobStatus.FAILED: self.jobs.fail,
                JobStatus.PENDING: self.jobs.release,
            }[target]
            job = await action(
                job.id, token, actor=who.login or "worker", message=message or target.value.lower()
            )
        return JSONResponse(job_json(job))

    async def add_output(self, request: Request) -> Response:
        """POST /jobs/{id}/output: named JSON results, under the worker's lease."""
        who, job = await self._visible_job(request)
        if not (who.is_worker or who.is_staff):
            raise ApiError(403, "FORBIDDEN", "outputs are recorded by processing service accounts")
        token = _lease_token(request)
        body = await _json_body(request)
        problems = schema_problems(OUTPUT_SCHEMA, body)
        if ("name" in body) == ("outputs" in body) or ("value" in body and "name" not in body):
            problems.append(Problem("$", "give either `name` (with `value`) or `outputs`"))
        if problems:
            raise ApiError(
                400, "INVALID_BODY", "the request body is invalid", problems=_problems(problems)
            )
        named = body["outputs"] if "outputs" in body else {body["name"]: body.get("value")}
        for name, value in named.items():  # each one a fenced write; re-sending is harmless
            job = await self.jobs.add_output(job.id, token, name, value)
        return JSONResponse(job_json(job))

    async def upload(self, request: Request) -> Response:
        """POST /jobs/upload?jobId=...: a file answering the job's input request.

        Multipart (the first file part) or a raw body with `filename`; streamed into
        the store under the gateway's upload limit, with the rules of
        `/jobs/{id}/inputs/{filename}` (the same function)."""
        job_id = request.query_params.get("jobId", "")
        if not job_id:
            raise ApiError(400, "INVALID_QUERY", "`jobId` is required")
        if not OBJECT_ID.match(job_id):
            raise ApiError(404, "NOT_FOUND", "no such job")
        named = request.query_params.get("filename")
        chunks: AsyncIterator[bytes]
        if is_multipart(request):
            try:
                part_name, content_type, chunks = await first_file(request)
            except MultipartError as exc:
                raise ApiError(400, "INVALID_MULTIPART", str(exc)) from None
            filename = _filename(named or part_name)
        else:
            if not named:
                raise ApiError(400, "FILENAME_REQUIRED", "`filename` is required for a raw body")
            filename = _filename(named)
            size = request.headers.get("content-length", "")
            if size.isdigit() and int(size) > self.jobs.max_file_bytes:
                raise ApiError(
                    413, "PAYLOAD_TOO_LARGE", str(je.FileTooLarge(self.jobs.max_file_bytes))
                )
            content_type = request.headers.get("content-type", "application/octet-stream")
            chunks = rest.body_chunks(request)
        try:
            return await rest.user_input_file(
                self.services, request, job_id.lower(), filename, content_type, chunks
            )
        except MultipartError as exc:  # the body broke off or went wrong mid-file
            raise ApiError(400, "INVALID_MULTIPART", str(exc)) from None

    async def _no_route(self, request: Request, exc: Exception) -> Response:
        """Unknown paths and methods under the prefix answer JSON like everything else."""
        assert isinstance(exc, HTTPException)
        code = {404: "NOT_FOUND", 405: "METHOD_NOT_ALLOWED"}.get(exc.status_code, "BAD_REQUEST")
        return rest.error(request, exc.status_code, code, exc.detail, headers=exc.headers)

    def app(self) -> ASGIApp:
        """The routes as one app to mount under the prefix."""
        return ExceptionMiddleware(
            Router(routes=self.routes()), handlers={HTTPException: self._no_route}
        )

    def routes(self) -> list[Route]:
        """Literal paths before parameters: `type/...` and `upload` are never a username."""
        e = _endpoint
        return [
            Route("/openapi.json", e(self.openapi, public=True), methods=["GET"]),
            Route("/jobs", e(self.list_jobs), methods=["GET"]),
            Route("/jobs", e(self.create_job), methods=["POST"]),
            Route("/jobs/type/datacollection", e(self.data_collection_types), methods=["GET"]),
            Route(
                "/jobs/type/datacollectiongroup",
                e(self.data_collection_group_types),
                methods=["GET"],
            ),
            Route("/jobs/upload", e(self.upload), methods=["POST"]),
            Route("/jobs/{id}/status/{status}", e(self.set_status), methods=["GET"]),
            Route("/jobs/{id}/output", e(self.add_output), methods=["POST"]),
            Route("/jobs/{username}", e(self.user_jobs), methods=["GET"]),
        ]


def app(services: Services, prefix: str) -> ASGIApp:
    return Is4aApi(services, prefix).app()
