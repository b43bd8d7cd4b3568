"""The façade library users and the command line call: one import for every job refs does.

Nothing is implemented here; each job lives in a module named for what it holds:

- ``project``: settings (refs.toml), the files a command works on, ``refs init``
- ``loading``: reading bibliographies and manuscripts (claims linked to references)
- ``caches``: the persistent render and parse caches of a run
- ``styled``: styles, locales, engines, bibliographies, restyling
- ``checking``: ``refs check``: rules, verdicts, ignore rules, fetching sources
- ``claimreport``: the claim map in every style with verdicts; Zotero notes
- ``build``: ``refs build``, every output of a project
- ``exporting`` and ``importing``: to and from Zotero's formats
"""

from __future__ import annotations

from .build import STEPS, BuildResult, build
from .caches import Caches, shared
from .checking import (
    Checked,
    check,
    check_loaded,
    check_verdicts,
    date_mentions,
    fetch_sources,
    render_findings,
    source_snapshots,
)
from .claimreport import claim_notes, claim_report, render_claims, schema
from .config import Project
from .errors import InputError, UsageError
from .exporting import EXPORT_FORMATS, export, export_printed_list, printed_list
from .formats import export_losses
from .importing import (
    ImportResult,
    import_bytes,
    import_diff,
    import_file,
    merge_into,
    read_import,
    write_import,
)
from .io import (
    bundled_dir,
    check_output_path,
    decode_bytes,
    display_path,
    locked,
    read_bytes,
    write_atomic,
    write_bytes_atomic,
)
from .loading import analyse_claims, cited_keys, is_bibliography, load_library
from .model import ClaimMap, Library, Location, Reference, key_problem
from .project import (
    Inputs,
    copy_example,
    init_config,
    init_notes,
    load_project,
    resolve_inputs,
    shown_path,
    with_overrides,
)
from .styled import Engines, find_locale, find_style, list_locales, list_styles, render_bibliography, restyle

__all__ = [
    "BuildResult", "Caches", "Checked", "ClaimMap", "EXPORT_FORMATS", "Engines", "ImportResult",
    "InputError", "Inputs", "Library", "Location", "Project", "Reference", "STEPS", "UsageError",
    "analyse_claims", "build", "bundled_dir", "check", "check_loaded", "check_output_path",
    "check_verdicts", "cited_keys", "claim_notes", "claim_report", "copy_example", "date_mentions",
    "decode_bytes", "display_path", "export", "export_losses", "export_printed_list", "fetch_sources",
    "find_locale", "find_style", "import_bytes", "import_diff", "import_file", "init_config", "init_notes",
    "is_bibliography", "key_problem", "list_locales", "list_styles", "load_library", "load_project",
    "locked", "merge_into", "printed_list", "read_bytes", "read_import", "render_bibliography",
    "render_claims", "render_findings", "resolve_inputs", "restyle", "schema", "shared", "shown_path",
    "source_snapshots", "with_overrides", "write_atomic", "write_bytes_atomic", "write_import",
]
