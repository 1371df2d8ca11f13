"""Shared test set-up: Qt off screen, paths to the shared benchmark and real data."""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# evaluate's disk cache (and anything else per user) goes to a folder of this run, never ~/.cache
_CACHE = tempfile.mkdtemp(prefix="gisdesk-test-cache-")
os.environ["XDG_CACHE_HOME"] = _CACHE


def pytest_unconfigure(config) -> None:
    shutil.rmtree(_CACHE, ignore_errors=True)

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    """``../shared`` beside the repository; tests needing it skip when it is absent."""
    if not SHARED.is_dir():
        pytest.skip("../shared is not beside the repository")
    return SHARED
