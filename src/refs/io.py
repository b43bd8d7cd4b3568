"""Reading text files of unknown encoding and writing outputs atomically.

This is the only module that touches files for reading or writing data.
"""

from __future__ import annotations

import codecs
import contextlib
import glob
import os
import re
import stat
import tempfile
import time
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from .errors import EncodingError, InputError, OutputError
from .model import Finding, Location, Severity

if TYPE_CHECKING:
    from charset_normalizer import CharsetMatch  # imported when needed, off the UTF-8 path

__all__ = ["Text", "read_text", "read_bytes", "decode_bytes", "write_atomic", "write_bytes_atomic", "check_output_path",
           "MIXED", "decoding_findings", "locked"]

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_CONTROL = {c for c in range(32) if c not in (9, 10, 12, 13)}
MIXED = "utf-8, with some bytes in cp1252"  # the encoding refs reports for a mixed file
_UTF8_SEQUENCE = re.compile(rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}")
_HIGH = re.compile(rb"[\x80-\xff]")


def _cp1252_bytes(error: UnicodeError) -> tuple[str, int]:
    """A byte that is not UTF-8 in a file that mostly is: read as cp1252 (latin-1 where cp1252
    has no character), as editors that saved one entry in Latin-1 meant it."""
    if not isinstance(error, UnicodeDecodeError):  # codecs passes any UnicodeError; refs only decodes with it
        raise error
    bad = error.object[error.start : error.end]
    return "".join(bytes([b]).decode("cp1252", errors="ignore") or chr(b) for b in bad), error.end


codecs.register_error("refs-cp1252", _cp1252_bytes)  # our own handler, under our own name


def _mostly_utf8(data: bytes) -> bool:
    """UTF-8 with a few stray bytes of another encoding: far more well-formed UTF-8 sequences
    than bytes outside them."""
    sequences = _UTF8_SEQUENCE.findall(data)
    covered = sum(len(x) for x in sequences)
    stray = len(_HIGH.findall(data)) - covered
    return len(sequences) >= 1 and 0 < stray <= len(sequences)


@dataclass(frozen=True)
class Text:
    text: str
    encoding: str
    path: str
    # in a file that is UTF-8 but for a few bytes: where each of those bytes stood (line, column)
    # and the byte
    stray: tuple[tuple[int, int, int], ...] = ()


def _stray_bytes(data: bytes) -> tuple[tuple[int, int, int], ...]:
    """(line, column, byte) of each byte that is not part of well-formed UTF-8."""
    out: list[tuple[int, int, int]] = []
    pos = 0
    while True:
        try:
            data[pos:].decode("utf-8")
            return tuple(out)
        except UnicodeDecodeError as error:
            at = pos + error.start
            line_start = data.rfind(b"\n", 0, at) + 1
            col = len(data[line_start:at].decode("utf-8", errors="replace")) + 1
            out.append((data.count(b"\n", 0, at) + 1, col, data[at]))
            pos = at + 1


def decoding_findings(decoded: Text, shown: str) -> list[Finding]:
    """What the user must hear about how a file was decoded, when refs chose: each byte of a
    UTF-8 file that was not UTF-8 (located; read as cp1252), or the legacy encoding detected."""
    if decoded.encoding == MIXED:
        out = [Finding(Severity.WARNING, "stray-byte",
                       f"byte 0x{byte:02x} is not UTF-8 in a file that otherwise is: read as "
                       f"\"{bytes([byte]).decode('cp1252', errors='ignore') or chr(byte)}\" (cp1252); check the "
                       "letter here, or give the encoding", Location(shown, line, col))
               for line, col, byte in decoded.stray[:20]]
        if len(decoded.stray) > 20:
            out.append(Finding(Severity.WARNING, "stray-byte", f"{len(decoded.stray) - 20} more bytes that are not "
                               "UTF-8, read the same way", Location(shown)))
        return out
    if not decoded.encoding.startswith("utf"):
        return [Finding(Severity.INFO, "detected-encoding",
                        f"the file is not UTF-8: read as {decoded.encoding} (detected, every byte consistent with "
                        "it); if letters look wrong, give the encoding (--encoding / --bib-encoding, or the "
                        "project settings)", Location(shown))]
    return []


MAX_INPUT_BYTES = 64 * 1024 * 1024
"""The largest input refs reads (``REFS_MAX_BYTES`` overrides it): a bound on time and memory."""


def max_input_bytes() -> int:
    value = os.environ.get("REFS_MAX_BYTES", "").strip()
    if value.isdigit() and int(value) > 0:
        return int(value)
    return MAX_INPUT_BYTES


def _megabytes(n: int) -> str:
    return f"{n / (1024 * 1024):.1f} MB" if n >= 1024 * 1024 else f"{n} bytes"


def read_bytes(path: str | os.PathLike[str]) -> bytes:
    """A file's bytes, with a clear error when it cannot be read."""
    return _read_bytes(Path(path))


def _read_bytes(path: Path) -> bytes:
    limit = max_input_bytes()
    try:
        with path.open("rb") as fh:
            size = os.fstat(fh.fileno()).st_size
            # refuse a file known to be too large before reading any of it; read at most one
            # byte past the limit from one whose size is unknown (a pipe) or changing
            data = b"" if size > limit else fh.read(limit + 1)
    except FileNotFoundError:
        raise InputError("no such file", Location(str(path))) from None
    except IsADirectoryError:
        raise InputError("is a folder, not a file", Location(str(path))) from None
    except PermissionError:
        raise InputError("permission denied", Location(str(path))) from None
    except OSError as error:
        raise InputError(error.strerror or str(error), Location(str(path))) from None
    if size > limit or len(data) > limit:
        shown = _megabytes(size) if size > limit else "more than " + _megabytes(limit)
        raise InputError(
            f"the file is {shown}; refs reads files up to {_megabytes(limit)} "
            "(set REFS_MAX_BYTES to a number of bytes to raise the limit)",
            Location(str(path)),
        )
    return data


def _looks_binary(text: str) -> bool:
    """NUL bytes, or control characters all through the text. Text extracted from a PDF may
    hold a region of them (a font without a Unicode map prints its glyph numbers): that is
    text with a damaged part, which the manuscript reader leaves out and says so."""
    if "\x00" in text:
        return True
    sample = text[:65536]
    bad = sum(1 for ch in sample if ord(ch) in _CONTROL)
    if not sample or bad / len(sample) <= 0.01:
        return False
    lines = [ln for ln in sample.split("\n") if ln.strip()]
    damaged = sum(1 for ln in lines if any(ord(ch) in _CONTROL for ch in ln))
    return bad / len(sample) > 0.3 or damaged * 2 > len(lines)


def _where(data: bytes, offset: int, path: str) -> Location:
    before = data[:offset]
    line = before.count(b"\n") + 1
    col = offset - (before.rfind(b"\n") + 1) + 1
    return Location(path, line, col)


def decode_bytes(data: bytes, path: str, encoding: str | None = None) -> Text:
    """Decode with the given encoding, a BOM, UTF-8, or the best detected legacy encoding."""
    if encoding:
        return _decode_as(data, path, encoding)
    with_bom = _decode_by_bom(data, path)
    if with_bom is not None:
        return with_bom
    try:
        text = data.decode("utf-8")
        if _looks_binary(text):
            raise EncodingError("looks like binary data, not text", Location(path))
        return Text(text, "utf-8", path)
    except UnicodeDecodeError as error:
        first_bad = error.start
    if _mostly_utf8(data):
        text = data.decode("utf-8", errors="refs-cp1252")
        if not _looks_binary(text):
            return Text(text, MIXED, path, _stray_bytes(data))
    return _decode_legacy(data, path, first_bad)


def _decode_as(data: bytes, path: str, encoding: str) -> Text:
    """Decode with the encoding the user gave; an error names a byte it cannot read."""
    try:
        codec = codecs.lookup(encoding)
    except LookupError:
        raise EncodingError(f'unknown encoding "{encoding}"', Location(path)) from None
    if not getattr(codec, "_is_text_encoding", True):  # rot13, base64, zlib: codecs, not encodings
        raise EncodingError(f'"{encoding}" is not a text encoding (such as utf-8, cp1251, koi8-r)',
                            Location(path))
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError as error:
        raise EncodingError(
            f"byte 0x{data[error.start]:02x} is not valid {encoding}", _where(data, error.start, path)
        ) from None
    return Text(text.lstrip("\ufeff"), encoding, path)


def _decode_by_bom(data: bytes, path: str) -> Text | None:
    """Decode by the byte-order mark the data opens with; None when there is none."""
    for bom, name in _BOMS:
        if data.startswith(bom):
            try:
                return Text(data.decode(name).lstrip("\ufeff"), name, path)
            except UnicodeDecodeError as error:
                raise EncodingError(
                    f"the file starts with a {name} byte-order mark but is not valid {name}",
                    _where(data, error.start, path),
                ) from None
    return None


def _decode_legacy(data: bytes, path: str, first_bad: int) -> Text:
    """Decode data that is not UTF-8 (``first_bad``: its first byte that is not) with the
    encoding a detector finds, or one of the single-byte encodings refs' users write in."""
    from charset_normalizer import from_bytes  # a well-kept detector; only needed off the UTF-8 path

    best = _most_coherent([m for m in from_bytes(data) if _keeps_syntax(str(m), data)])
    if best is not None and best.coherence >= 0.1 and not _looks_binary(str(best)):
        return Text(str(best), best.encoding, path)
    # the detector recognised no language in what it read (a few Cyrillic letters in a short
    # file, read as Big5 or Shift-JIS), or its guesses swallow ASCII (GBK eats the "}" after a
    # title): the single-byte encodings refs' users write in, the one whose words read as words
    score, name = _most_plausible_single_byte(data)
    if score >= 1.0 or (score > 0 and best is None):
        text = data.decode(name)
        if not _looks_binary(text):
            return Text(text, name, path)
    if best is not None and not _looks_binary(str(best)):
        return Text(str(best), best.encoding, path)
    raise EncodingError(
        f"cannot read as text: byte 0x{data[first_bad]:02x} is not UTF-8 and no other encoding fits "
        "(binary file? give --encoding)",
        _where(data, first_bad, path),
    )


def _most_plausible_single_byte(data: bytes) -> tuple[float, str]:
    """(how plausible, the name) of the single-byte encoding whose reading of the data is the
    most plausible; (0.0, "") when none reads it."""
    fits = []
    for name in _SINGLE_BYTE:
        try:
            fits.append((_plausible(data.decode(name)), name))
        except UnicodeDecodeError:
            continue
    return max(fits, key=lambda f: f[0]) if fits else (0.0, "")  # the first of equals: in order of use


_SYNTAX = tuple(b'{}[]@=,"\n')
_SINGLE_BYTE = ("cp1251", "cp1252", "cp1254", "koi8_r", "iso8859_9", "cp866", "mac_cyrillic", "iso8859_2")


def _keeps_syntax(text: str, data: bytes) -> bool:
    """Whether a decoding keeps every byte of the ASCII syntax refs reads ({ } [ ] @ = , " and
    line ends) as itself: multi-byte encodings can swallow one as the second byte of a character,
    and BibTeX, which reads bytes, would not have."""
    return all(text.count(chr(b)) == data.count(bytes([b])) for b in _SYNTAX)


def _plausible(text: str) -> float:
    """The share of words with non-ASCII letters that look like words: letters of one script, and
    in the Latin script some unaccented letters too ("Êíèãà" is cp1252's reading of "Книга")."""
    words = [w for w in re.findall(r"[^\W\d_]+", text) if any(ord(c) > 127 for c in w)]
    if not words:
        return 0.0

    def script(c: str) -> str:
        name = unicodedata.name(c, "")
        return name.split()[0] if name else "?"

    good = 0
    for w in words:
        scripts = {script(c) for c in w}
        if len(scripts) == 1 and (scripts != {"LATIN"} or any(c.isascii() for c in w)):
            good += 1
    return good / len(words)


def _most_coherent(matches: list[CharsetMatch]) -> CharsetMatch | None:
    """Of the encodings that decode the bytes with about as little noise as the best, the one
    whose text reads most like a language (a GBK file is Chinese, not the Korean that the same
    bytes also decode to)."""
    if not matches:
        return None
    least = min(m.chaos for m in matches)
    close = [m for m in matches if m.chaos <= least + 0.05]
    return max(close, key=lambda m: (_letters(str(m)), m.coherence, -m.chaos))


def _letters(text: str) -> float:
    """The share of a text's non-ASCII characters that are letters: bytes of a legacy encoding
    stand for letters, and a wrong guess turns some into symbols (cp1251's "И" read as Mac
    Cyrillic is "»")."""
    high = [c for c in text if ord(c) > 127]
    return round(sum(1 for c in high if c.isalpha()) / len(high), 2) if high else 1.0


def display_path(path: Path) -> str:
    """A path as messages show it: relative to the working folder when it lies inside it."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


def read_text(path: str | os.PathLike[str], encoding: str | None = None) -> Text:
    p = Path(path)
    return decode_bytes(_read_bytes(p), str(path), encoding)


def check_output_path(
    path: Path, root: Path, inputs: Iterable[Path] = (), explicit: bool = False, follow_links: bool = False
) -> Path:
    """Refuse to write over an input, or outside ``root`` unless the user named the path. The
    path returned is the one to write: an output that is a symbolic link is replaced, link and
    all, never written through (a link planted in ``out/`` cannot make refs write elsewhere), so
    where it may go is judged by its folder; ``follow_links`` writes through to the link's
    target instead (``import --into`` a .bib that is a link to the user's library)."""
    if path.is_dir():
        raise OutputError("is a folder, not a file: name a file to write", Location(str(path)))
    where = path.resolve() if follow_links else path.parent.resolve() / path.name
    for inp in inputs:
        if inp.exists() and where == inp.resolve():
            raise OutputError("refusing to write over an input file", Location(str(path)))
    if not explicit:
        try:
            where.relative_to(root.resolve())
        except ValueError:
            raise OutputError(
                f"refusing to write outside the working folder {root} (name the path on the command line to allow it)",
                Location(str(path)),
            ) from None
    return where


STALE_TEMP_SECONDS = 600


def _sweep_stale_temps(path: Path) -> None:
    """Remove the temporary files an earlier run killed mid-write (SIGKILL, power loss) left
    beside ``path``; those of runs still writing (younger than ten minutes) stay."""
    now = time.time()
    for leftover in path.parent.glob(f".{glob.escape(path.name)}.*.tmp"):
        try:
            if now - leftover.stat().st_mtime > STALE_TEMP_SECONDS:
                leftover.unlink()
        except OSError:
            pass


def encode_text(text: str, encoding: str) -> bytes:
    """``text`` in the encoding a file was read in (UTF-8 for a mixed file), so that a file refs
    adds to keeps its encoding. Raises ``UnicodeEncodeError`` for a character it cannot hold."""
    return text.encode("utf-8" if encoding == MIXED else encoding)


def write_atomic(path: Path, text: str) -> None:
    """Write ``text`` as UTF-8 through a temporary file and a rename: never half a file."""
    write_bytes_atomic(path, text.encode("utf-8") if isinstance(text, str) else text)


def write_bytes_atomic(path: Path, data: bytes) -> None:
    """Write ``data`` through a temporary file and a rename: never half a file. A folder refs
    cannot write in, a full disk or a read-only file system is an OutputError (exit 2) naming
    the path, and the old file is left as it was."""
    try:
        _write_bytes_atomic(path, data)
    except OutputError:
        raise
    except OSError as error:
        why = error.strerror or str(error)
        raise OutputError(f"cannot write: {why}", Location(str(path))) from None


def _write_bytes_atomic(path: Path, data: bytes) -> None:
    if not isinstance(data, bytes):
        raise TypeError(f"write_bytes_atomic needs bytes, not {type(data).__name__}")
    if os.path.lexists(path) and not path.is_symlink():
        mode = path.stat().st_mode
        if stat.S_ISFIFO(mode) or stat.S_ISCHR(mode):  # a pipe or /dev/null: a stream, written to
            with open(path, "wb") as fh:
                fh.write(data)
            return
        if not stat.S_ISREG(mode):
            kind = "a folder" if stat.S_ISDIR(mode) else "not a regular file"
            raise OutputError(f"is {kind}: refs writes files", Location(str(path)))
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)  # what a plain open() would give, not mkstemp's 0600
        os.replace(tmp, path)
        _sweep_stale_temps(path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise


def bundled_dir(name: str) -> Path:
    """``bib`` or ``styles``: inside the installed package, or beside ``src/`` in a checkout."""
    from importlib import resources

    packaged = resources.files("refs") / "data" / name
    if packaged.is_dir():
        return Path(str(packaged))
    checkout = Path(__file__).resolve().parents[2] / name
    if checkout.is_dir():
        return checkout
    raise InputError(f"the bundled {name}/ folder is missing from this installation of refs")


@contextlib.contextmanager
def locked(path: Path, wait: float = 60.0):
    """Hold an exclusive lock on ``path`` (through ``.NAME.lock`` beside it) for a read, change and
    write that must not interleave with another refs doing the same; waits up to ``wait`` seconds."""
    import fcntl

    lock_path = path.parent / f".{path.name}.lock"
    try:
        fh = open(lock_path, "a+b")  # noqa: SIM115 - held for the block below
    except OSError as error:
        raise OutputError(f"cannot lock: {error.strerror or error}", Location(str(path))) from None
    try:
        deadline = time.monotonic() + wait
        while True:
            try:
                fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() > deadline:
                    raise OutputError(f"another refs has held this file for over {wait:g} s; try again",
                                      Location(str(path))) from None
                time.sleep(0.05)
        yield
    finally:
        fh.close()  # releases the lock; the empty lock file stays (removing it would race)

