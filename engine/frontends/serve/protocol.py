"""uvicorn's HTTP/1.1 protocol (h11), with a deadline for each request to arrive whole.

uvicorn closes an idle kept-alive connection, but waits as long as it takes for a
request that has begun: half a header, or a body shorter than its ``Content-Length``,
holds a connection (and a file descriptor) for good, and a thousand of them lock every
other client out. Here a connection gets :data:`REQUEST_TIMEOUT` seconds (or
``$FOLLOWUP_SERVE_REQUEST_TIMEOUT``), from when it opens or its last answer was sent,
for the next request's headers and body to arrive; otherwise it is closed. Planning
and sending the answer are not timed.
"""

from __future__ import annotations

import asyncio
import os
from typing import Any

import h11
from uvicorn.protocols.http.h11_impl import H11Protocol

__all__ = ["ENV_REQUEST_TIMEOUT", "REQUEST_TIMEOUT", "GuardedH11Protocol"]

ENV_REQUEST_TIMEOUT = "FOLLOWUP_SERVE_REQUEST_TIMEOUT"
# seconds: a request of at most 64 KB arrives in far less on any working link
REQUEST_TIMEOUT = 10.0


def request_timeout() -> float:
    """The deadline in seconds: $FOLLOWUP_SERVE_REQUEST_TIMEOUT
    (set by ``followup serve``), else the default."""
    try:
        seconds = float(os.environ.get(ENV_REQUEST_TIMEOUT, REQUEST_TIMEOUT))
    except ValueError:
        return REQUEST_TIMEOUT
    return seconds if seconds > 0 else REQUEST_TIMEOUT


class GuardedH11Protocol(H11Protocol):
    """An h11 connection whose every request must arrive, headers and body, within the deadline."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._timeout = request_timeout()
        self._deadline: asyncio.TimerHandle | None = None

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        self._rearm()

    def data_received(self, data: bytes) -> None:
        super().data_received(data)
        # the request is all here (or refused)
        if self.conn.their_state not in (h11.IDLE, h11.SEND_BODY):
            self._disarm()

    def on_response_complete(self) -> None:
        super().on_response_complete()
        self._rearm()

    def connection_lost(self, exc: Exception | None) -> None:
        self._disarm()
        super().connection_lost(exc)

    def _rearm(self) -> None:
        """A new deadline, if a request is awaited on an open connection."""
        self._disarm()
        if not self.transport.is_closing() and self.conn.their_state in (h11.IDLE, h11.SEND_BODY):
            self._deadline = self.loop.call_later(self._timeout, self._too_slow)

    def _disarm(self) -> None:
        if self._deadline is not None:
            self._deadline.cancel()
            self._deadline = None

    def _too_slow(self) -> None:
        self._deadline = None
        if not self.transport.is_closing() and self.conn.their_state in (h11.IDLE, h11.SEND_BODY):
            self.transport.close()
