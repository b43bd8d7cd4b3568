"""Rendering: styles and locales by name, collation, rich text, refs' own CSL processor
(``cslproc``) and the adapter the rest of refs uses (``csl``). ``render`` is the public entry
point: a bibliography and citation clusters in every output format."""

from .rendered import Rendered, RenderedText, render

__all__ = ["render", "Rendered", "RenderedText"]
