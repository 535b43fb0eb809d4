"""Job files in GridFS (`fs.files` / `fs.chunks` of the jobs database).

Our fields live in the file document's `metadata`: `job_id`, `role`,
`content_type` and `sha256`. The file document is only written when the upload
completes (GridFS writes it on close), after `sha256` is known; an upload that
fails or passes the size limit is aborted, which deletes the chunks already
written, so no partial file is ever visible.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Collection
from typing import Any

from bson import ObjectId
from bson.errors import InvalidId
from gridfs import AsyncGridFSBucket, NoFile
from pymongo.asynchronous.database import AsyncDatabase

from gateway.jobs.errors import FileNotFound
from gateway.jobs.files import CHUNK_SIZE, consume, resolve_range
from gateway.jobs.model import FileInfo, FileRole
from gateway.jobs.mongo_codec import decode_file

Document = dict[str, Any]
log = logging.getLogger(__name__)


def _file_oid(file_id: str) -> ObjectId:
    try:
        return ObjectId(file_id)
    except (InvalidId, TypeError):
        raise FileNotFound(file_id) from None


class GridFiles:
    def __init__(self, db: AsyncDatabase[Document], bucket_name: str = "fs") -> None:
        self._bucket = AsyncGridFSBucket(db, bucket_name=bucket_name, chunk_size_bytes=CHUNK_SIZE)
        self.files = db[f"{bucket_name}.files"]
        self.chunks = db[f"{bucket_name}.chunks"]

    async def put(
        self,
        job_id: str,
        filename: str,
        content_type: str,
        stream: AsyncIterator[bytes],
        max_bytes: int,
        role: FileRole,
    ) -> FileInfo:
        file_id = ObjectId()
        metadata = {"job_id": job_id, "role": role.value, "content_type": content_type}
        upload = self._bucket.open_upload_stream_with_id(file_id, filename, metadata=metadata)
        try:
            digest = await consume(stream, max_bytes, upload.write)
            await upload.set("metadata", {**metadata, "sha256": digest.sha256})
            await upload.close()
        except BaseException:
            try:
                await upload.abort()  # deletes the chunks written so far
            except Exception:
                log.exception("could not abort the upload of file %s", file_id)
            raise
        return await self.info(str(file_id))

    async def info(self, file_id: str) -> FileInfo:
        doc = await self.files.find_one({"_id": _file_oid(file_id)})
        if doc is None:
            raise FileNotFound(file_id)
        return decode_file(doc)

    async def for_job(self, job_id: str) -> list[FileInfo]:
        cursor = self.files.find({"metadata.job_id": job_id}).sort([("uploadDate", 1), ("_id", 1)])
        return [decode_file(doc) async for doc in cursor]

    async def open(
        self, file_id: str, start: int | None, end: int | None
    ) -> tuple[FileInfo, AsyncIterator[bytes]]:
        info = await self.info(file_id)
        lo, hi = resolve_range(info.size, start, end)
        try:
            download = await self._bucket.open_download_stream(ObjectId(file_id))
        except NoFile:
            raise FileNotFound(file_id) from None

        async def pieces() -> AsyncIterator[bytes]:
            try:
                await download.seek(lo)
                remaining = hi - lo
                while remaining > 0:
                    piece = await download.read(min(CHUNK_SIZE, remaining))
                    if not piece:
                        break
                    remaining -= len(piece)
                    yield piece
            finally:
                await download.close()

        return info, pieces()

    async def summarise(self, job_ids: Collection[str]) -> list[tuple[ObjectId, int]]:
        """(file id, size) of every file of these jobs."""
        cursor = self.files.find(
            {"metadata.job_id": {"$in": list(job_ids)}}, {"_id": 1, "length": 1}
        )
        return [(doc["_id"], int(doc.get("length", 0))) async for doc in cursor]

    async def delete(self, file_ids: Collection[ObjectId]) -> None:
        """Chunks first: a crash in between leaves a file document to retry, not orphan chunks."""
        if not file_ids:
            return
        await self.chunks.delete_many({"files_id": {"$in": list(file_ids)}})
        await self.files.delete_many({"_id": {"$in": list(file_ids)}})

    async def ensure_indexes(self) -> None:
        await self.files.create_index([("metadata.job_id", 1)])
        await self.files.create_index([("filename", 1), ("uploadDate", 1)])
        await self.chunks.create_index([("files_id", 1), ("n", 1)], unique=True)
