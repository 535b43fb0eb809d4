"""Job files over HTTP: streamed downloads with byte ranges, streamed uploads with a size limit.

The same rules as the graph: a file is visible when its job is (the job's
session or proposal, or its owner; staff and processing accounts see all), and
an invisible file answers 404 exactly like a missing one. Workers upload
outputs under their lease; owners upload files that answer an input request.
"""

from __future__ import annotations

import re
from collections.abc import AsyncIterator
from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse, Response, StreamingResponse
from starlette.routing import Route

from gateway.auth.viewer import ANONYMOUS, Viewer
from gateway.jobs import errors as je
from gateway.jobs.model import FileInfo, Job
from gateway.services import Services
from gateway.sql.items import job_visibility

_RANGE = re.compile(r"^bytes=(\d*)-(\d*)$")


def _error(status: int, code: str, message: str) -> JSONResponse:
    return JSONResponse({"error": {"code": code, "message": message}}, status_code=status)


def _viewer(request: Request) -> Viewer:
    viewer: Viewer = request.scope.get("state", {}).get("viewer", ANONYMOUS)
    return viewer


async def _may_see(services: Services, viewer: Viewer, job: Job) -> bool:
    if viewer.is_worker:
        return True
    scope = await job_visibility(services.engine, viewer, viewer.login)
    return scope is None or scope.admits(job)


def _byte_range(header: str | None, size: int) -> tuple[int, int] | None:
    """A Range header as [start, end), or None for the whole file; ValueError if unsatisfiable."""
    if not header:
        return None
    match = _RANGE.match(header.strip())
    if match is None or match.groups() == ("", ""):
        raise ValueError(header)
    first, last = match.groups()
    if first == "":  # the last N bytes
        length = int(last)
        if length == 0:
            raise ValueError(header)
        return max(0, size - length), size
    start = int(first)
    end = min(size, int(last) + 1) if last else size
    if start >= size or end <= start:
        raise ValueError(header)
    return start, end


def routes(services: Services) -> list[Route]:
    jobs = services.jobs

    async def download(request: Request) -> Response:
        file_id = request.path_params["file_id"]
        try:
            info: FileInfo = await jobs.store.file_info(file_id)
            job = await jobs.get(info.job_id)
        except (je.FileNotFound, je.JobNotFound):
            return _error(404, "NOT_FOUND", "no such file")
        if not await _may_see(services, _viewer(request), job):
            return _error(404, "NOT_FOUND", "no such file")
        try:
            span = _byte_range(request.headers.get("range"), info.size)
        except ValueError:
            return Response(status_code=416, headers={"content-range": f"bytes */{info.size}"})
        start, end = span if span else (None, None)
        _, chunks = await jobs.open_file(file_id, start, end)
        headers = {
            "accept-ranges": "bytes",
            "etag": f'"{info.sha256}"',
            "content-disposition": f'attachment; filename="{info.filename}"',
            "x-content-sha256": info.sha256,
        }
        if span is None:
            headers["content-length"] = str(info.size)
            return StreamingResponse(chunks, media_type=info.content_type, headers=headers)
        headers["content-length"] = str(end - start)  # type: ignore[operator]
        headers["content-range"] = f"bytes {start}-{end - 1}/{info.size}"  # type: ignore[operator]
        return StreamingResponse(
            chunks, status_code=206, media_type=info.content_type, headers=headers
        )

    async def body(request: Request) -> AsyncIterator[bytes]:
        async for chunk in request.stream():
            if chunk:
                yield chunk

    async def upload(request: Request, store: Any) -> Response:
        try:
            info = await store()
        except je.FileTooLarge as exc:
            return _error(413, "PAYLOAD_TOO_LARGE", str(exc))
        except (je.JobNotFound, je.FileNotFound):
            return _error(404, "NOT_FOUND", "no such job")
        except je.JobConflict as exc:
            return _error(409, "CONFLICT", str(exc))
        return JSONResponse(
            {
                "fileId": info.id,
                "filename": info.filename,
                "size": info.size,
                "sha256": info.sha256,
                "url": f"/files/{info.id}",
            },
            status_code=201,
        )

    async def worker_output(request: Request) -> Response:
        viewer = _viewer(request)
        if not (viewer.is_worker or viewer.is_staff):
            return _error(403, "FORBIDDEN", "output files are uploaded by processing accounts")
        job_id, filename = request.path_params["job_id"], request.path_params["filename"]
        token = request.query_params.get("leaseToken", "")

        async def store() -> FileInfo:
            info, _ = await jobs.put_output_file(
                job_id,
                token,
                filename,
                request.headers.get("content-type", "application/octet-stream"),
                body(request),
                output_name=request.query_params.get("name"),
            )
            return info

        return await upload(request, store)

    async def user_input(request: Request) -> Response:
        viewer = _viewer(request)
        job_id, filename = request.path_params["job_id"], request.path_params["filename"]
        try:
            job = await jobs.get(job_id)
        except je.JobNotFound:
            return _error(404, "NOT_FOUND", "no such job")
        if not await _may_see(services, viewer, job) or viewer.is_worker:
            return _error(404, "NOT_FOUND", "no such job")
        if not (viewer.is_staff or job.owner.login == viewer.login):
            return _error(403, "FORBIDDEN", "only the job's owner or staff may upload its inputs")

        async def store() -> FileInfo:
            return await jobs.upload_input_file(
                job_id,
                filename,
                request.headers.get("content-type", "application/octet-stream"),
                body(request),
            )

        return await upload(request, store)

    return [
        Route("/files/{file_id}", download, methods=["GET"]),
        Route("/jobs/{job_id}/outputs/{filename}", worker_output, methods=["PUT", "POST"]),
        Route("/jobs/{job_id}/inputs/{filename}", user_input, methods=["PUT", "POST"]),
    ]
