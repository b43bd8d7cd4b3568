from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import settings

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "tests" / "fixtures"
EXAMPLE = ROOT / "bib"


@pytest.fixture
def fixtures() -> Path:
    return FIXTURES


@pytest.fixture
def example() -> Path:
    return EXAMPLE


# The tests (and the refs processes they start) keep their render cache out of the user's.
os.environ.setdefault("REFS_CACHE_DIR", str(Path(__import__("tempfile").mkdtemp(prefix="refs-test-cache-"))))

# `HYPOTHESIS_PROFILE=deep pytest` runs the property tests with many more examples.
settings.register_profile("default", deadline=None)
settings.register_profile("deep", max_examples=3000, deadline=None)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "default"))
