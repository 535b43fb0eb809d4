"""strawberry's extension runner, with the per-event work of subscriptions resolved once.

For every message of a subscription strawberry asks each of the schema's
extensions for its results (`get_results`) and looks up, wraps and enters each
one's `on_stream_result` hook. Only one of ours has such a hook (`ErrorCodes`)
and none has results, yet with a thousand watchers of one job that was a tenth
of the time each of them waited. Here the extensions that define either hook
are found once per operation; per event only they are called, and an event
with no stream hook to run enters none. What the hooks see and return is
strawberry's, unchanged.
"""

from __future__ import annotations

from contextlib import nullcontext
from types import TracebackType
from typing import Any

from strawberry.extensions import SchemaExtension
from strawberry.extensions.context import StreamResultContextManager
from strawberry.extensions.runner import SchemaExtensionsRunner
from strawberry.types import ExecutionContext
from strawberry.utils.await_maybe import await_maybe

# What an event with no stream hook to run enters: nothing (reusable).
_NOTHING = nullcontext()


class _StreamHooks(StreamResultContextManager):
    """strawberry's stream-result hooks of the extensions that have one; when all are
    synchronous (ours are), entered through strawberry's own synchronous path, which
    skips an `AsyncExitStack` and its coroutines per event."""

    def __init__(self, extensions: list[SchemaExtension], result: Any) -> None:
        super().__init__(extensions, result)
        self.synchronous = not any(hook.is_async for hook in self.hooks)

    async def __aenter__(self) -> None:
        if self.synchronous:
            self.__enter__()
        else:
            await super().__aenter__()

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc_val: BaseException | None,
        exc_tb: TracebackType | None,
    ) -> None:
        if self.synchronous:
            self.__exit__(exc_type, exc_val, exc_tb)
        else:
            await super().__aexit__(exc_type, exc_val, exc_tb)


def _overrides(extension: SchemaExtension, hook: str) -> bool:
    return getattr(type(extension), hook) is not getattr(SchemaExtension, hook)


class GatewayExtensionsRunner(SchemaExtensionsRunner):
    def __init__(
        self, execution_context: ExecutionContext, extensions: list[SchemaExtension] | None = None
    ) -> None:
        super().__init__(execution_context, extensions)
        # Tuples: an empty one costs a subscription nothing (tens of thousands are open).
        self._with_results = tuple(e for e in self.extensions if _overrides(e, "get_results"))
        self._streaming = tuple(e for e in self.extensions if _overrides(e, "on_stream_result"))

    async def get_extensions_results(self, ctx: ExecutionContext) -> dict[str, Any]:
        data: dict[str, Any] = {}
        for extension in self._with_results:
            data.update(await await_maybe(extension.get_results()))
        data.update(ctx.extensions_results)
        return data

    def on_stream_result(self, result: Any) -> Any:
        if not self._streaming:
            return _NOTHING
        return _StreamHooks(list(self._streaming), result)
