"""The commands that manage refs' own things rather than a manuscript: import into a .bib,
the cache, the styles and locales, and ``refs init``."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from ..wording import count
from .commands import EXIT_FINDINGS, EXIT_OK, _api, _rel, _report, _say

if TYPE_CHECKING:
    from .. import api as api_module


def import_(args: argparse.Namespace, caches: api_module.Caches) -> int:
    if args.into is None or args.dry_run:
        return _import(args, caches)
    with _api().locked(args.into):  # two imports into one .bib at once: the second waits
        return _import(args, caches)


def _import(args: argparse.Namespace, caches: api_module.Caches) -> int:
    api = _api()
    result = api.import_file(args.file, args.into, args.fmt, args.encoding, args.bib_encoding, caches=caches)
    new_bytes = api.import_bytes(result, args.into) if args.into is not None else b""  # before any report
    _report(result.findings)
    _say_merged(args, result)
    if args.into is None:
        sys.stdout.write(result.text)
        return EXIT_OK
    if args.dry_run:
        sys.stdout.write(api.import_diff(result, args.into, args.bib_encoding))
        return EXIT_OK
    kept = api.write_import(new_bytes, args.into, [args.file])
    if kept is None:
        _say(f"nothing to add: {_rel(args.into)} left as it was")
    else:
        _say(f"wrote {_rel(args.into)}" + (f" (the old one is {_rel(kept)})" if kept != args.into else ""))
    return EXIT_OK


def _say_merged(args: argparse.Namespace, result: api_module.ImportResult) -> None:
    for key in result.added:
        _say(f"added   {key}")
    for theirs, key in result.renamed:
        problem = _api().key_problem(theirs)
        shown = theirs if problem is None else repr(theirs)
        _say(f"renamed {shown} to {key}: {problem or 'the key is taken'}")
    for key, earlier in dict(result.twins).items():
        _say(f"note    {key} looks like the same work as {earlier} (both in {args.file}); both added")
    for ours, theirs, fields in result.merged:
        _say(f"merged  {theirs} into {ours}: {', '.join(fields)}")
    for theirs, ours in result.skipped:
        _say(f"skipped {theirs}: the same work as {ours}, nothing new")
    for theirs, ours, fields in result.differing:
        _say(f"kept    {ours}'s own {', '.join(fields)}: {theirs} has other values")
    _say(f"{len(result.added)} added, {len(result.merged)} merged, {len(result.skipped)} skipped")


def cache(args: argparse.Namespace, caches: api_module.Caches) -> int:
    if args.action == "clear":
        done = caches.clear()
        print(f"removed {done['entries']} rendered entries and {done['libraries']} parsed libraries")
        return EXIT_OK
    info = caches.info()
    print(f"{info['path']}: {info['entries']} rendered entries, {info['libraries']} parsed libraries, "
          f"{info['bytes']:,} bytes")
    return EXIT_OK


def styles(args: argparse.Namespace, caches: api_module.Caches) -> int:
    found = _api().list_styles(" ".join(args.query) or None)
    for style in found:
        print(f"{style.name:<45} {style.title}")
    _say(count(len(found), "style"))
    return EXIT_OK if found else EXIT_FINDINGS


def locales(args: argparse.Namespace, caches: api_module.Caches) -> int:
    for loc in _api().list_locales():
        print(f"{loc.tag:<10} {loc.source}")
    return EXIT_OK


def init(args: argparse.Namespace, caches: api_module.Caches) -> int:
    if args.example is not None:
        for path in _api().copy_example(args.example):
            print(f"wrote {_rel(path)}")
        _say(f"the example project is in {_rel(args.example)}: cd there and run `refs build`")
        return EXIT_OK
    path = _api().init_config(Path.cwd(), args.force)
    print(f"wrote {_rel(path)}; edit it, then run `refs build`")
    for note in _api().init_notes(Path.cwd()):
        _say(f"refs: {note}")
    return EXIT_OK
