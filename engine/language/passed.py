"""Profile documents that passed the schema check, remembered between processes when asked.

Checking a profile against its JSON Schema means importing ``jsonschema`` and walking
the document: most of what a cold ``followup advise`` spends after its own imports. A
:class:`PassCache` remembers a document that passed by a digest of its data, the shipped
profile schema and the code that applies it; the same data under the same schema passes
again, so a later process skips the check. A file edited in place has another digest and
is checked. Only passes are remembered: a problem is found and reported afresh every time.

Nothing is remembered unless asked: the library writes nothing to disk by itself
(``Catalog(cache=FOLDER)`` asks); the command line asks for :func:`user_cache_dir`.

A remembered pass is a file named by the digest whose content is an HMAC of that digest
under a key of 32 random bytes kept in the same folder, readable by its owner only. A
pass cannot be planted: without the key, no one can write a marker that is accepted,
whatever the folder's permissions. The folder itself is used only if it is a folder (not
a link) owned by the user and writable by no one else, and the key only if it is a
regular file of the user's that no one else can read or write; otherwise nothing is
remembered and the check simply runs, as it does when the folder cannot be made or written.

The same cache remembers, in a folder of its own, the id (and country) that a profile
file's bytes were read to: a catalog that finds a file's bytes there knows its id
without parsing it, and parses it only when one of its profiles is needed (a cold
``followup advise`` of one industry reads its chain, not every profile in sight). Such a
marker is named by a digest of the bytes and of the code that reads them, and holds the
id and country sealed with the folder's own key, as a pass is.
"""

from __future__ import annotations

import contextlib
import hashlib
import hmac
import json
import os
import secrets
import stat
import tempfile
from pathlib import Path

from ..caches import memo
from ..errors import Diagnostic
from ..resources import schema_path
from . import schema
from .schema import check_document
from .yaml_source import Document

__all__ = ["ENV_CACHE", "FOLDER", "IDS_FOLDER", "KEY_FILE", "PassCache", "check_remembered",
           "user_cache_dir"]

ENV_CACHE = "FOLLOWUP_CACHE_DIR"
FOLDER = "schema-passed"
IDS_FOLDER = "profile-ids"
KEY_FILE = "key"
_KEY_BYTES = 32
_NO_FOLLOW = getattr(os, "O_NOFOLLOW", 0)


def user_cache_dir() -> Path | None:
    """The cache folder of the command line: ``$FOLLOWUP_CACHE_DIR``, else
    ``$XDG_CACHE_HOME/followup-etiquette``, else ``~/.cache/followup-etiquette``
    (``%LOCALAPPDATA%`` on Windows); None when ``FOLLOWUP_CACHE_DIR`` is empty or ``off``."""
    given = os.environ.get(ENV_CACHE)
    if given is not None:
        return None if given.strip() in ("", "off") else Path(given)
    base = os.environ.get("LOCALAPPDATA" if os.name == "nt" else "XDG_CACHE_HOME", "")
    if not os.path.isabs(base):  # unset, or relative (which the XDG specification says to ignore)
        try:
            base = str(Path.home() / ("AppData/Local" if os.name == "nt" else ".cache"))
        except RuntimeError:  # no home folder to be found
            return None
    return Path(base) / "followup-etiquette"


@memo("language.passed.salt")
def _salt() -> bytes | None:
    """What a pass depends on besides the document: the shipped schema, and the code that applies
    it.

    None where that code cannot be read as a file (a frozen or zipped installation): then
    nothing is remembered.
    """
    try:
        return hashlib.sha256(schema_path("profile").read_bytes() + b"\0"
                              + Path(schema.__file__).read_bytes()).digest()
    except (OSError, TypeError):
        return None


@memo("language.passed.read_salt")
def _read_salt() -> bytes | None:
    """What the id read from a file's bytes depends on besides them: the code that reads the file
    (:mod:`.yaml_source`) and the code that takes its id and country (:mod:`.catalog`)."""
    try:
        here = Path(__file__)
        return hashlib.sha256(here.with_name("yaml_source.py").read_bytes() + b"\0"
                              + here.with_name("catalog.py").read_bytes()).digest()
    except (OSError, TypeError):
        return None


def _digest(document: Document) -> str | None:
    salt = _salt()
    if salt is None:
        return None
    try:
        # repr tells 1, 1.0, True and "1" apart, as the schema does; a key order or a set
        # spelled differently gives another digest, which only costs a check.
        text = repr(document.data)
    except (RecursionError, ValueError):  # data too deep to spell (or a number too long): check it
        return None
    return hashlib.sha256(salt + text.encode("utf-8", "surrogatepass")).hexdigest()


def _private(info: os.stat_result, kind: int, others: int) -> bool:
    """Of ``kind`` (a file type), owned by this user, and no permission of ``others`` granted."""
    if stat.S_IFMT(info.st_mode) != kind or info.st_mode & others:
        return False
    return not hasattr(os, "getuid") or info.st_uid == os.getuid()


class PassCache:
    """Schema passes remembered in ``base/schema-passed``
    (see the module's text); :meth:`check` uses them."""

    def __init__(self, base: str | os.PathLike[str], *, folder: str = FOLDER) -> None:
        self.folder = Path(base) / folder
        self._key: bytes | None = None
        self._opened = False
        self._ids: PassCache | None = None  # the ids read from files' bytes, in their own folder

    def __repr__(self) -> str:
        return f"PassCache({str(self.folder.parent)!r})"

    def _open(self) -> bytes | None:
        """The key, once: None when the folder or the key
        cannot be trusted (nothing is remembered)."""
        if not self._opened:
            self._opened = True
            with contextlib.suppress(OSError):
                self._key = self._read_key()
        return self._key

    def _read_key(self) -> bytes | None:
        self.folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        if not _private(os.lstat(self.folder), stat.S_IFDIR, stat.S_IWGRP | stat.S_IWOTH):
            return None
        key_path = self.folder / KEY_FILE
        try:
            fd = os.open(key_path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | _NO_FOLLOW, 0o600)
        except FileExistsError:
            pass
        else:
            try:
                os.write(fd, secrets.token_bytes(_KEY_BYTES))
            finally:
                os.close(fd)
        fd = os.open(key_path, os.O_RDONLY | _NO_FOLLOW)
        try:
            if not _private(os.fstat(fd), stat.S_IFREG, 0o077):
                return None
            key = os.read(fd, _KEY_BYTES + 1)
        finally:
            os.close(fd)
        return key if len(key) == _KEY_BYTES else None

    def _seal(self, key: bytes, digest: str) -> bytes:
        return hmac.new(key, digest.encode(), hashlib.sha256).hexdigest().encode()

    def passed(self, digest: str) -> bool:
        """Whether the data of ``digest`` passed before (its marker holds the right seal)."""
        key = self._open()
        found = None if key is None else self._marker(digest, 100)
        if key is None or found is None:
            return False
        return hmac.compare_digest(found, self._seal(key, digest))

    def _marker(self, digest: str, most: int) -> bytes | None:
        """The first ``most`` bytes of the marker of ``digest`` (not through a link), if any."""
        try:
            fd = os.open(self.folder / digest, os.O_RDONLY | _NO_FOLLOW)
        except OSError:
            return None
        try:
            return os.read(fd, most)
        except OSError:
            return None
        finally:
            os.close(fd)

    def remember(self, digest: str) -> None:
        """Mark the data of ``digest`` as passed (quietly nothing when it cannot be written)."""
        key = self._open()
        if key is None:
            return
        self._write(digest, self._seal(key, digest))

    def _id_markers(self) -> PassCache:
        if self._ids is None:
            self._ids = PassCache(self.folder.parent, folder=IDS_FOLDER)
        return self._ids

    @staticmethod
    def _raw_digest(raw: bytes) -> str | None:
        salt = _read_salt()
        return None if salt is None else hashlib.sha256(salt + raw).hexdigest()

    def known_id(self, raw: bytes) -> tuple[str, str | None] | None:
        """The profile id and country (if any) that a file of
        these bytes was read to before, if remembered."""
        digest = self._raw_digest(raw)
        markers = self._id_markers()
        key = markers._open() if digest is not None else None
        found = None if key is None or digest is None else markers._marker(digest, 1000)
        if key is None or digest is None or found is None:
            return None
        seal, _, payload = found.partition(b"\n")
        if not hmac.compare_digest(seal, self._seal(key, f"{digest} "
                                                         f"{payload.decode('utf-8', 'replace')}")):
            return None
        try:
            profile_id, country = json.loads(payload)
        except ValueError:
            return None
        if not isinstance(profile_id, str) or not (country is None or isinstance(country, str)):
            return None
        return profile_id, country

    def remember_id(self, raw: bytes, profile_id: str, country: str | None) -> None:
        """Remember that a file of these bytes reads to a profile of this id and country."""
        digest = self._raw_digest(raw)
        markers = self._id_markers()
        key = markers._open() if digest is not None else None
        if key is None or digest is None:
            return
        payload = json.dumps([profile_id, country], ensure_ascii=True)
        markers._write(digest, self._seal(key, f"{digest} {payload}") + b"\n" + payload.encode())

    def _write(self, name: str, content: bytes) -> None:
        """Write a marker atomically (quietly nothing when it cannot be written)."""
        with contextlib.suppress(OSError):
            fd, temporary = tempfile.mkstemp(prefix=".", suffix=".tmp", dir=self.folder)
            try:
                with os.fdopen(fd, "wb") as handle:
                    handle.write(content)
                os.replace(temporary, self.folder / name)
            finally:
                with contextlib.suppress(FileNotFoundError):
                    os.unlink(temporary)

    def check(self, document: Document) -> list[Diagnostic]:
        """:func:`check_document`, skipped for data that passed before under the same schema."""
        digest = _digest(document)
        if digest is None:
            return check_document(document)
        if self.passed(digest):
            return []
        problems = check_document(document)
        if not problems:
            self.remember(digest)
        return problems


def check_remembered(document: Document, cache: PassCache | None) -> list[Diagnostic]:
    """The schema check of ``document``, through ``cache`` when there is one."""
    return check_document(document) if cache is None else cache.check(document)
