"""A project: its settings (``refs.toml``, ``[tool.refs]`` in ``pyproject.toml``, or the bundled
example), the files a command works on, and ``refs init``.

``resolve_inputs`` is the one rule every command follows to fill in what its command line
leaves out (see there)."""

from __future__ import annotations

import sys
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from .config import TEMPLATE, Project, parse_config
from .errors import ConfigError, UsageError
from .io import bundled_dir, check_output_path, display_path, read_text, write_atomic, write_bytes_atomic
from .model import Location

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    import tomli as tomllib

__all__ = ["Inputs", "Project", "copy_example", "init_config", "init_notes", "load_project", "resolve_inputs",
           "shown_path"]


def shown_path(project: Project, path: Path) -> str:
    """How outputs name a project's file: ``bib/NAME`` for the bundled example."""
    return f"bib/{path.name}" if project.bundled else display_path(path)


def load_project(cwd: Path, config: Path | None = None) -> tuple[Project, str | None]:
    """The project in ``cwd``: ``refs.toml``, else ``[tool.refs]`` in ``pyproject.toml``,
    else the bundled example (and a one-line note saying so). Every file the settings name
    lies inside the project folder, or in a place ``read_outside`` lists."""
    cwd = cwd.resolve()
    project = _named_config(config, cwd) if config is not None else _config_here(cwd)
    if project is None:
        return _bundled_example(cwd)
    _inside_project(project)
    return project, None


def _named_config(config: Path, cwd: Path) -> Project:
    table = "tool.refs" if config.name == "pyproject.toml" else None
    project = parse_config(read_text(config).text, config, cwd, table)
    if project is None:
        raise ConfigError("has no [tool.refs] table", Location(str(config)))
    return project


def _config_here(cwd: Path) -> Project | None:
    for name, table in (("refs.toml", None), ("pyproject.toml", "tool.refs")):
        candidate = cwd / name
        if candidate.is_file():
            shown = Path(display_path(candidate))
            project = parse_config(read_text(shown).text, shown, cwd, table)
            if project is not None:
                return project
    return None


def _bundled_example(cwd: Path) -> tuple[Project, str]:
    example = bundled_dir("bib") / "refs.toml"
    project = parse_config(read_text(example).text, example, cwd)
    assert project is not None
    note = (
        "no refs.toml or [tool.refs] here: using the bundled example "
        "(Shukurlu, Kazakhstan–Azerbaijan cooperation, 16 references; its files, named bib/… below, are in "
        f"{example.parent}); `refs init --example DIR` copies it out to open and edit, `refs init` starts a project"
    )
    return replace(project, bundled=True), note


def _inside_project(project: Project) -> None:
    """A project someone else wrote (a cloned repository) must not make refs read, and copy into
    its outputs, a file elsewhere on the machine: ``manuscript = "/etc/shadow"``."""
    if project.config_file is None:
        return
    home = project.config_file.parent.resolve()
    allowed = [p.resolve() for p in project.read_outside]
    named = [("bibliography", project.bibliography), ("manuscript", project.manuscript), ("work", project.work),
             ("sources", project.sources)]
    named += [("styles", project.config_file.parent / s) for s in project.styles if s.endswith(".csl")]
    for key, path in named:
        if path is None:
            continue
        real = path.resolve()
        if real == home or home in real.parents or any(real == a or a in real.parents for a in allowed):
            continue
        raise ConfigError(f'setting "{key}" names {real}, outside the project folder {home}: refs reads files '
                          "outside a project only when they are named on the command line, or listed in the "
                          f'setting read_outside = ["{real}"]', Location(str(project.config_file)))


# -- what a command works on ------------------------------------------------------------------


@dataclass(frozen=True)
class Inputs:
    """The files and settings one command works on."""

    project: Project | None  # the project the files come from, None when the command line named them
    note: str | None  # a note to print: the bundled example is in use
    bibliography: Path | None
    manuscript: Path | None = None
    work: Path | None = None
    sources: Path | None = None
    encoding: str | None = None  # the manuscript's
    bib_encoding: str | None = None

    @property
    def ignore(self) -> tuple[dict[str, Any], ...]:
        return self.project.ignore if self.project is not None else ()

    @property
    def tolerance_days(self) -> int:
        return self.project.tolerance_days if self.project is not None else 7

    def shown(self, path: Path) -> str:
        """The name messages and outputs use for ``path`` (``bib/NAME`` for the example's files)."""
        ours = self.project is not None and path in (self.project.bibliography, self.project.manuscript)
        return shown_path(self.project, path) if ours and self.project is not None else display_path(path)

    def names(self) -> dict[Path, str]:
        return {p: self.shown(p) for p in (self.bibliography, self.manuscript) if p is not None}

    def files(self) -> list[Path]:
        """Every file read: an output must not replace any of them."""
        return [p for p in (self.bibliography, self.manuscript, self.work) if p is not None]


def resolve_inputs(cwd: Path, bibliography: Path | None = None, manuscript: Path | None = None,
                   work: Path | None = None, sources: Path | None = None, encoding: str | None = None,
                   bib_encoding: str | None = None) -> Inputs:
    """What the command line names wins. When it names no bibliography, the project's is used
    (``refs.toml``, else the bundled example), and with it the project's manuscript, work,
    sources and encodings fill in what the command line leaves out: a project's files go
    together with its bibliography, never with one named on the command line. The bundled
    example's files never pair with a manuscript the user names: then there is no bibliography
    (``refs claims`` reads the manuscript's own printed list; other commands ask for one)."""
    if bibliography is not None:
        return Inputs(None, None, bibliography, manuscript, work, sources, encoding, bib_encoding)
    project, note = load_project(cwd)
    if project.bundled and manuscript is not None:
        return Inputs(None, None, None, manuscript, work, sources, encoding, bib_encoding)
    return Inputs(project, note, project.bibliography, manuscript or project.manuscript, work or project.work,
                  sources or project.sources, encoding or project.encoding, bib_encoding or project.bib_encoding)


def with_overrides(project: Project, **given: Any) -> Project:
    """The project with the settings the command line gives (those not None) in place of its own."""
    return replace(project, **{k: v for k, v in given.items() if v is not None})


# -- refs init --------------------------------------------------------------------------------


def init_config(cwd: Path, force: bool = False) -> Path:
    """Write a commented refs.toml, guessing the manuscript and bibliography from the folder."""
    target = cwd / "refs.toml"
    if target.exists() and not force:
        raise UsageError(f"{target} exists already (use --force to replace it)")
    bibs = sorted(p.name for p in cwd.glob("*.bib"))
    manuscripts = sorted(p.name for s in ("*.txt", "*.md", "*.docx", "*.html", "*.pdf") for p in cwd.glob(s)
                         if p.name.lower() != "readme.md")
    text = TEMPLATE.format(
        manuscript=manuscripts[0] if manuscripts else "manuscript.txt",
        bibliography=bibs[0] if bibs else "references.bib",
    )
    check_output_path(target, cwd)
    write_atomic(target, text)
    return target


def copy_example(into: Path) -> list[Path]:
    """Copy the bundled example project (refs.toml, its manuscript and .bib files) into ``into``,
    a new or empty folder; the files written."""
    source = bundled_dir("bib")
    if into.exists() and (not into.is_dir() or any(into.iterdir())):
        raise UsageError(f"{into} exists and is not an empty folder: name a new folder for the example")
    written = []
    for path in sorted(source.iterdir()):
        if path.is_file() and path.suffix in (".toml", ".bib", ".txt"):
            write_bytes_atomic(into / path.name, path.read_bytes())
            written.append(into / path.name)
    return written


def init_notes(cwd: Path) -> list[str]:
    """What `refs init` should tell: the files its refs.toml names that are not in the folder."""
    data = tomllib.loads(read_text(cwd / "refs.toml").text)
    return [f'{data[k]} ({k}) is not here yet: put your {k} there, or write its name into refs.toml'
            for k in ("manuscript", "bibliography") if k in data and not (cwd / data[k]).exists()]
