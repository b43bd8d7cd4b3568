"""Verification: small pure rules, each returning findings (never raising for bad data).

``assess(library, claim_map, options)`` runs every rule in a fixed order and scores each
claim against the sources it cites."""

from __future__ import annotations

from .run import Assessment, Options, assess, check

__all__ = ["Assessment", "Options", "assess", "check"]
