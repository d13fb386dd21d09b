"""Writing ``--output``: whole or not at all, and never through a trap.

A regular file, named directly or through symbolic links, is replaced atomically: the
data goes to a new temporary file beside it (``mkstemp``: an unpredictable name opened
with ``O_EXCL``, so no link planted in the folder is followed), is synced, takes the
mode of the file it replaces (or that of any new file), and is renamed over it. A link
stays a link and its target gets the content. Anything else (a device, a FIFO, and
every path in ``/dev`` or ``/proc``, such as ``/dev/stdout``) is opened and written in
place, as a shell redirection would, and never replaced by a regular file.

Every failure of the file system is an :class:`OutputError` whose text says what and
why in one line; no temporary file is left behind, whatever stops the writing.
"""

from __future__ import annotations

import contextlib
import errno
import os
import stat
import tempfile
from collections.abc import Iterable
from pathlib import Path

from .common import fail

__all__ = ["OutputError", "write_file", "write_output"]

_MAX_LINKS = 40  # as the kernel's own limit on a chain of symbolic links
_IN_PLACE_FOLDERS = (("/", "dev"), ("/", "proc"))


class OutputError(Exception):
    """The output could not be written: ``str()`` names the path and the cause."""


def write_output(path: str, chunks: Iterable[bytes]) -> None:
    """Write the chunks to ``path``: a regular file atomically, anything else in place.

    Errors raised by ``chunks`` itself pass through unchanged (and the temporary file is
    removed); only the file system's errors become :class:`OutputError`.
    """
    target = _regular_target(path)
    if target is None:
        _write_in_place(path, chunks)
    else:
        _replace(path, target, chunks)


def _regular_target(path: str) -> Path | None:
    """The regular file to replace (the path, or the end of its links); None: write in place."""
    current = Path(path)
    for _ in range(_MAX_LINKS):
        folder = Path(os.path.realpath(current.parent))
        current = folder / current.name
        if folder.parts[:2] in _IN_PLACE_FOLDERS:
            return None
        try:
            info = os.lstat(current)
        except FileNotFoundError:
            return current  # a new file (or the missing target of a link)
        except OSError as error:
            raise OutputError(_why(path, error)) from None
        if stat.S_ISLNK(info.st_mode):
            current = folder / os.readlink(current)
            continue
        if stat.S_ISDIR(info.st_mode):
            raise OutputError(f"{path}: is a directory")
        return current if stat.S_ISREG(info.st_mode) else None
    raise OutputError(f"{path}: too many levels of symbolic links")


def _why(path: str, error: OSError) -> str:
    if error.errno == errno.ENOENT and not Path(path).parent.exists():
        return f"{path}: no such folder: {Path(path).parent}"
    return f"{path}: {error.strerror or error}"


def _write_all(path: str, fd: int, chunks: Iterable[bytes]) -> None:
    for chunk in chunks:  # an error of the producer is not the output's
        view = memoryview(chunk)
        while view:
            try:
                written = os.write(fd, view)
            except InterruptedError:  # pragma: no cover - retried by Python itself since PEP 475
                continue
            except OSError as error:
                raise OutputError(_why(path, error)) from None
            view = view[written:]


def _new_file_mode() -> int:
    mask = os.umask(0)  # the only portable way to read it; the command line is one thread here
    os.umask(mask)
    return 0o666 & ~mask


def _replace(path: str, target: Path, chunks: Iterable[bytes]) -> None:
    try:
        mode = stat.S_IMODE(os.stat(target).st_mode)
    except FileNotFoundError:
        mode = _new_file_mode()
    except OSError as error:
        raise OutputError(_why(path, error)) from None
    try:
        fd, temporary = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp",
                                         dir=target.parent)
    except OSError as error:
        raise OutputError(_why(path, error)) from None
    try:
        try:
            _write_all(path, fd, chunks)
            try:
                os.fsync(fd)
                os.chmod(temporary, mode)
            except OSError as error:
                raise OutputError(_why(path, error)) from None
        finally:
            with contextlib.suppress(OSError):  # synced already: nothing is lost by a failed close
                os.close(fd)
        try:
            os.replace(temporary, target)
        except OSError as error:
            raise OutputError(_why(path, error)) from None
    finally:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temporary)  # still there unless it was renamed


def _write_in_place(path: str, chunks: Iterable[bytes]) -> None:
    try:
        # Never created here: a mistyped device name must not become a file in /dev.
        fd = os.open(path, os.O_WRONLY | os.O_TRUNC | getattr(os, "O_NOCTTY", 0))
    except OSError as error:
        raise OutputError(_why(path, error)) from None
    try:
        _write_all(path, fd, chunks)
    finally:
        with contextlib.suppress(OSError):
            os.close(fd)


def write_file(output: str, chunks: Iterable[bytes]) -> None:
    """Write ``--output`` for a command: a file system error is one line on stderr, exit 2."""
    try:
        write_output(output, chunks)
    except OutputError as error:
        fail(f"--output {error}")
