"""What the REST endpoints share: the viewer, error bodies, job visibility, streamed uploads.

One module so the file endpoints and the IS4A compatibility API answer alike:
errors are `{"error": {"code", "message", "requestId"}}`, a job the caller may
not see is a 404 exactly like a missing one, and user uploads go through one
permission check and one size limit (`JobService.max_file_bytes`, enforced while
the bytes stream into the store, never by buffering a whole file).
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable, Mapping
from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from gateway.auth.viewer import ANONYMOUS, Viewer
from gateway.jobs import errors as je
from gateway.jobs.filenames import InvalidFilename
from gateway.jobs.model import FileInfo, Job
from gateway.services import Services
from gateway.sql.items import job_visibility


def request_id(request: Request) -> str | None:
    rid: str | None = request.scope.get("state", {}).get("request_id")
    return rid


def error(
    request: Request,
    status: int,
    code: str,
    message: str,
    *,
    headers: Mapping[str, str] | None = None,
    **extra: Any,
) -> JSONResponse:
    """The one error shape of the REST endpoints; `extra` adds fields (e.g. `problems`)."""
    body: dict[str, Any] = {"code": code, "message": message, **extra}
    body["requestId"] = request_id(request)
    return JSONResponse({"error": body}, status_code=status, headers=headers)


def viewer(request: Request) -> Viewer:
    who: Viewer = request.scope.get("state", {}).get("viewer", ANONYMOUS)
    return who


async def may_see(services: Services, who: Viewer, job: Job) -> bool:
    """The graph's rule: processing accounts and staff see every job, people theirs."""
    if who.is_worker:
        return True
    scope = await job_visibility(services.engine, who, who.login)
    return scope is None or scope.admits(job)


async def body_chunks(request: Request) -> AsyncIterator[bytes]:
    """The request body as it arrives (never read whole into memory)."""
    async for chunk in request.stream():
        if chunk:
            yield chunk


def file_json(info: FileInfo) -> dict[str, Any]:
    return {
        "fileId": info.id,
        "filename": info.filename,
        "size": info.size,
        "sha256": info.sha256,
        "url": f"/files/{info.id}",
    }


async def stored_file(request: Request, store: Callable[[], Awaitable[FileInfo]]) -> Response:
    """Run an upload and answer 201 with the file, or the error the store raised."""
    try:
        info = await store()
    except je.FileTooLarge as exc:
        return error(request, 413, "PAYLOAD_TOO_LARGE", str(exc))
    except InvalidFilename as exc:
        return error(request, 400, "INVALID_FILENAME", str(exc))
    except (je.JobNotFound, je.FileNotFound):
        return error(request, 404, "NOT_FOUND", "no such job")
    except je.JobConflict as exc:
        return error(request, 409, "CONFLICT", str(exc))
    return JSONResponse(file_json(info), status_code=201)


async def user_input_file(
    services: Services,
    request: Request,
    job_id: str,
    filename: str,
    content_type: str,
    chunks: AsyncIterator[bytes],
) -> Response:
    """A file the job's owner (or staff) uploads to answer its input request.

    Invisible jobs and processing accounts get the answer of a missing job."""
    who = viewer(request)
    try:
        job = await services.jobs.get(job_id)
    except je.JobNotFound:
        return error(request, 404, "NOT_FOUND", "no such job")
    if who.is_worker or not await may_see(services, who, job):
        return error(request, 404, "NOT_FOUND", "no such job")
    if not (who.is_staff or job.owner.login == who.login):
        return error(
            request, 403, "FORBIDDEN", "only the job's owner or staff may upload its inputs"
        )
    return await stored_file(
        request,
        lambda: services.jobs.upload_input_file(job_id, filename, content_type, chunks),
    )
