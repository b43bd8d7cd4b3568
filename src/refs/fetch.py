"""Downloading the sources for ``refs fetch``: each reference's URL, bounded in time and size.

This module only downloads. What a page says (its main text, title, date and language) is read
from the download by ``refs.snapshots``, which also writes the snapshot files.

Bounds: one deadline for the whole page (connecting, headers, body, redirects), not per read;
a size limit; a header line over 64 KiB or more than 100 headers is a failed fetch of that URL
(the run goes on); a redirect from a public address to a private, loopback or link-local one is
refused; distinct keys get distinct file names (``snapshot_names``)."""

from __future__ import annotations

import datetime as dt
import hashlib
import http.client
import ipaddress
import re
import socket
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from . import __version__
from .model import Library

__all__ = ["Download", "FetchError", "Fetched", "download", "fetch_all", "snapshot_names", "safe_name",
           "MAX_BYTES", "TIMEOUT", "private_address"]

MAX_BYTES = 5 * 1024 * 1024
TIMEOUT = 20.0
MAX_REDIRECTS = 5
_CHUNK = 64 * 1024


class FetchError(Exception):
    """A URL that could not be fetched, with the reason in words."""


@dataclass(frozen=True)
class Download:
    """What a URL answered: the final address after redirects, the content type and charset the
    server named, the body, and when it was fetched (UTC, ISO 8601)."""

    url: str
    final_url: str
    content_type: str
    charset: str | None
    data: bytes
    fetched_at: str
    headers: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Fetched:
    key: str
    url: str
    ok: bool
    message: str
    path: Path | None = None


def private_address(host: str) -> bool:
    """Does ``host`` name (or resolve to) a private, loopback, link-local or reserved address?"""
    host = host.strip("[]")
    try:
        addresses = [ipaddress.ip_address(host)]
    except ValueError:
        try:
            infos = socket.getaddrinfo(host, None)
        except (OSError, UnicodeError):
            return False  # an address that does not resolve cannot be reached either
        # an internet address is a str (typeshed's sockaddr also allows the int of other families)
        addresses = [ipaddress.ip_address(str(info[4][0]).split("%")[0]) for info in infos]
    return any(a.is_private or a.is_loopback or a.is_link_local or a.is_reserved or a.is_unspecified
               or a.is_multicast for a in addresses)


class _Redirects(urllib.request.HTTPRedirectHandler):
    max_redirections = MAX_REDIRECTS

    def __init__(self, inside: bool) -> None:
        super().__init__()
        self.inside = inside  # the original URL was itself a private address

    def redirect_request(self, req, fp, code, msg, headers, newurl):  # noqa: D401 - urllib's signature
        if not newurl.lower().startswith(("http://", "https://")):
            raise urllib.error.URLError(f"redirect to a non-HTTP address: {newurl}")
        host = urllib.parse.urlsplit(newurl).hostname or ""
        if not self.inside and private_address(host):
            raise urllib.error.URLError(f"redirect to a private or local address refused: {newurl}")
        return super().redirect_request(req, fp, code, msg, headers, newurl)


def _get(url: str, timeout: float, max_bytes: int, deadline: float, out: dict) -> None:
    host = urllib.parse.urlsplit(url).hostname or ""
    opener = urllib.request.build_opener(_Redirects(inside=private_address(host)))
    request = urllib.request.Request(url, headers={"User-Agent": f"refs/{__version__} (source snapshots)"})
    try:
        with opener.open(request, timeout=timeout) as response:
            chunks: list[bytes] = []
            size = 0
            while size <= max_bytes:
                if time.monotonic() > deadline:
                    raise FetchError(f"still sending after {timeout:g} s; not saved")
                chunk = response.read(_CHUNK)
                if not chunk:
                    break
                chunks.append(chunk)
                size += len(chunk)
            out["download"] = Download(
                url, response.geturl(), response.headers.get_content_type() or "",
                response.headers.get_content_charset(), b"".join(chunks),
                dt.datetime.now(dt.timezone.utc).replace(microsecond=0).isoformat(),
                {k.lower(): v for k, v in response.headers.items()})
    except FetchError as error:
        out["error"] = str(error)
    except urllib.error.HTTPError as error:
        out["error"] = f"HTTP {error.code} {error.reason}"
    except urllib.error.URLError as error:
        reason = error.reason
        if isinstance(reason, (socket.timeout, TimeoutError)):
            out["error"] = f"no answer within {timeout:g} s"
        elif isinstance(reason, str):
            out["error"] = reason
        else:
            out["error"] = f"cannot reach it: {reason}"
    except http.client.LineTooLong:
        out["error"] = "the server sent a header line longer than 64 KiB"
    except http.client.HTTPException as error:
        text = str(error)
        if "more than 100 headers" in text:
            out["error"] = "the server sent more than 100 headers"
        else:
            out["error"] = f"the server's answer is not valid HTTP: {type(error).__name__} {text[:100]}"
    except TimeoutError:
        out["error"] = f"no answer within {timeout:g} s"
    except (OSError, ValueError) as error:
        out["error"] = f"cannot fetch it: {error}"


def download(url: str, timeout: float = TIMEOUT, max_bytes: int = MAX_BYTES) -> Download:
    """The body of ``url``, within ``timeout`` seconds in all and ``max_bytes`` bytes."""
    if not url.lower().startswith(("http://", "https://")):
        raise FetchError("not an http or https URL")
    out: dict = {}
    deadline = time.monotonic() + timeout
    worker = threading.Thread(target=_get, args=(url, timeout, max_bytes, deadline, out), daemon=True)
    worker.start()
    worker.join(timeout + 0.5)
    if worker.is_alive():  # a server that drips: the page's time is up, whatever each read took
        raise FetchError(f"no complete answer within {timeout:g} s")
    if "error" in out:
        raise FetchError(out["error"])
    got: Download = out["download"]
    if len(got.data) > max_bytes:
        raise FetchError(f"larger than {max_bytes:,} bytes; not saved")
    return got


def safe_name(key: str) -> str:
    """A key as a file name that stays in its folder: ``../../x`` becomes ``_.._x``."""
    return (re.sub(r"[^\w.+-]", "_", key).lstrip(".") or "_")[:150]


def snapshot_names(keys: Iterable[str]) -> dict[str, str]:
    """A file name (without extension) for each key, distinct for distinct keys, also where the
    file system ignores case: a key that had to be changed, or that would meet another key,
    gets a short hash of itself."""
    keys = list(dict.fromkeys(keys))
    names = {}
    for key in keys:
        name = safe_name(key)
        if name != key:
            name = f"{name[:140]}~{hashlib.sha1(key.encode('utf-8')).hexdigest()[:8]}"
        names[key] = name
    seen: dict[str, list[str]] = {}
    for key, name in names.items():
        seen.setdefault(name.lower(), []).append(key)
    for same in seen.values():
        if len(same) > 1:
            for key in same:
                names[key] = f"{names[key][:140]}~{hashlib.sha1(key.encode('utf-8')).hexdigest()[:8]}"
    return names


Saver = Callable[[str, str, Download], tuple[Path, str]]  # (file name stem, key, download) -> (path, what)


def fetch_all(library: Library, into: Path, save: Saver, timeout: float = TIMEOUT,
              max_bytes: int = MAX_BYTES) -> list[Fetched]:
    """Fetch every reference's URL and hand each download to ``save``; a failure is reported for
    its key and the run goes on."""
    into.mkdir(parents=True, exist_ok=True)
    names = snapshot_names(ref.key for ref in library)
    out = []
    for ref in library:
        url = ref.get("URL")
        if not url:
            out.append(Fetched(ref.key, "", False, "has no URL"))
            continue
        try:
            got = download(url, timeout, max_bytes)
            path, what = save(names[ref.key], ref.key, got)
        except FetchError as error:
            out.append(Fetched(ref.key, url, False, str(error)))
            continue
        moved = f", redirected to {got.final_url}" if got.final_url != url else ""
        out.append(Fetched(ref.key, url, True, f"{len(got.data):,} bytes, {what}{moved}", path))
    return out
