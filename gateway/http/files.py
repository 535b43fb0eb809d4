"""Job files over HTTP: streamed downloads with byte ranges, streamed uploads with a size limit.

The same rules as the graph: a file is visible when its job is (the job's
session or proposal, or its owner; staff and processing accounts see all), and
an invisible file answers 404 exactly like a missing one. Workers upload
outputs under their lease; owners upload files that answer an input request.
"""

from __future__ import annotations

import re

from starlette.requests import Request
from starlette.responses import Response, StreamingResponse
from starlette.routing import Route

from gateway.http.rest import body_chunks, error, may_see, stored_file, user_input_file, viewer
from gateway.jobs import errors as je
from gateway.jobs.filenames import content_disposition
from gateway.jobs.model import FileInfo
from gateway.services import Services

_RANGE = re.compile(r"^bytes=(\d*)-(\d*)$")


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


# Downloads never carry the uploader's type: nothing a browser would render or run.
DOWNLOAD_TYPE = "application/octet-stream"


def routes(services: Services) -> list[Route]:
    jobs = services.jobs

    async def download(request: Request) -> Response:
        file_id = request.path_params["file_id"]
        try:
            info: FileInfo = await jobs.store.file_info(file_id)
            job = await jobs.get(info.job_id)
        except (je.FileNotFound, je.JobNotFound):
            return error(request, 404, "NOT_FOUND", "no such file")
        if not await may_see(services, viewer(request), job):
            return error(request, 404, "NOT_FOUND", "no such file")
        try:
            span = _byte_range(request.headers.get("range"), info.size)
        except ValueError:
            return Response(status_code=416, headers={"content-range": f"bytes */{info.size}"})
        start, end = span if span else (None, None)
        _, chunks = await jobs.open_file(file_id, start, end)
        headers = {
            "accept-ranges": "bytes",
            "etag": f'"{info.sha256}"',
            "content-disposition": content_disposition(info.filename),
            "x-content-sha256": info.sha256,
            # The uploader chose the type; served as is, text/html would run in our origin.
            "x-content-type-options": "nosniff",
        }
        if span is None:
            headers["content-length"] = str(info.size)
            return StreamingResponse(chunks, media_type=DOWNLOAD_TYPE, headers=headers)
        headers["content-length"] = str(end - start)  # type: ignore[operator]
        headers["content-range"] = f"bytes {start}-{end - 1}/{info.size}"  # type: ignore[operator]
        return StreamingResponse(chunks, status_code=206, media_type=DOWNLOAD_TYPE, headers=headers)

    async def worker_output(request: Request) -> Response:
        who = viewer(request)
        if not (who.is_worker or who.is_staff):
            return error(
                request, 403, "FORBIDDEN", "output files are uploaded by processing accounts"
            )
        job_id, filename = request.path_params["job_id"], request.path_params["filename"]
        token = request.query_params.get("leaseToken", "")

        async def store() -> FileInfo:
            info, _ = await jobs.put_output_file(
                job_id,
                token,
                filename,
                request.headers.get("content-type", "application/octet-stream"),
                body_chunks(request),
                output_name=request.query_params.get("name"),
            )
            return info

        return await stored_file(request, store)

    async def user_input(request: Request) -> Response:
        return await user_input_file(
            services,
            request,
            request.path_params["job_id"],
            request.path_params["filename"],
            request.headers.get("content-type", "application/octet-stream"),
            body_chunks(request),
        )

    return [
        Route("/files/{file_id}", download, methods=["GET"]),
        Route("/jobs/{job_id}/outputs/{filename}", worker_output, methods=["PUT", "POST"]),
        Route("/jobs/{job_id}/inputs/{filename}", user_input, methods=["PUT", "POST"]),
    ]
