"""Snapshots of the sources: ``refs fetch`` saves each reference's URL as text, so that
``refs check --sources`` can judge claims against what the sources say."""

from __future__ import annotations

import re
import socket
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

from . import __version__
from .errors import EncodingError
from .io import decode_bytes, write_atomic
from .model import Library

__all__ = ["Fetched", "fetch_all", "MAX_BYTES", "TIMEOUT"]

MAX_BYTES = 5 * 1024 * 1024
TIMEOUT = 20.0
MAX_REDIRECTS = 5
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?([\w-]+)""", re.I)


@dataclass(frozen=True)
class Fetched:
    key: str
    url: str
    ok: bool
    message: str
    path: Path | None = None


class _Redirects(urllib.request.HTTPRedirectHandler):
    max_redirections = MAX_REDIRECTS

    def redirect_request(self, req, fp, code, msg, headers, newurl):  # noqa: D401 - urllib's signature
        if not newurl.lower().startswith(("http://", "https://")):
            raise urllib.error.URLError(f"redirect to a non-HTTP address: {newurl}")
        return super().redirect_request(req, fp, code, msg, headers, newurl)


def _opener() -> urllib.request.OpenerDirector:
    return urllib.request.build_opener(_Redirects())


def safe_name(key: str) -> str:
    """A key as a file name that stays in its folder: ``../../x`` becomes ``.._.._x``."""
    return (re.sub(r"[^\w.+-]", "_", key).lstrip(".") or "_")[:150]


def fetch_one(key: str, url: str, into: Path, timeout: float, max_bytes: int) -> Fetched:
    if not url.lower().startswith(("http://", "https://")):
        return Fetched(key, url, False, "not an http or https URL")
    request = urllib.request.Request(url, headers={"User-Agent": f"refs/{__version__} (source snapshots)"})
    try:
        with _opener().open(request, timeout=timeout) as response:
            ctype = response.headers.get_content_type() or ""
            charset = response.headers.get_content_charset()
            data = response.read(max_bytes + 1)
            final = response.geturl()
    except urllib.error.HTTPError as error:
        return Fetched(key, url, False, f"HTTP {error.code} {error.reason}")
    except urllib.error.URLError as error:
        reason = error.reason
        if isinstance(reason, (socket.timeout, TimeoutError)):
            return Fetched(key, url, False, f"no answer within {timeout:g} s")
        return Fetched(key, url, False, f"cannot reach it: {reason}")
    except TimeoutError:
        return Fetched(key, url, False, f"no answer within {timeout:g} s")
    except (OSError, ValueError) as error:
        return Fetched(key, url, False, f"cannot fetch it: {error}")
    if len(data) > max_bytes:
        return Fetched(key, url, False, f"larger than {max_bytes:,} bytes; not saved")
    if not (ctype.startswith("text/") or ctype in ("application/xhtml+xml", "application/xml")):
        return Fetched(key, url, False, f"not text but {ctype or 'an unknown type'}; not saved")
    if charset is None:
        m = _META_CHARSET.search(data[:4096])
        charset = m.group(1).decode("ascii", "replace") if m else None
    try:
        text = decode_bytes(data, url, charset).text
    except EncodingError:
        try:
            text = decode_bytes(data, url, None).text
        except EncodingError as error:
            return Fetched(key, url, False, f"cannot read its text: {error.message}")
    suffix = ".html" if "html" in ctype or "xml" in ctype else ".txt"
    path = into / f"{safe_name(key)}{suffix}"
    write_atomic(path, text)
    moved = f", redirected to {final}" if final != url else ""
    return Fetched(key, url, True, f"{len(data):,} bytes, {charset or 'detected encoding'}{moved}", path)


def fetch_all(library: Library, into: Path, timeout: float = TIMEOUT, max_bytes: int = MAX_BYTES) -> list[Fetched]:
    into.mkdir(parents=True, exist_ok=True)
    out = []
    for ref in library:
        url = ref.get("URL")
        if not url:
            out.append(Fetched(ref.key, "", False, "has no URL"))
            continue
        out.append(fetch_one(ref.key, url, into, timeout, max_bytes))
    return out
