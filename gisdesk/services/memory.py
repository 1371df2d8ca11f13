"""Giving memory freed by a large build back to the system.

Building a province's road network makes and drops millions of small objects; glibc's
allocator keeps the freed pages for reuse, so the process stays at its peak for the rest
of the run (about a third of the city's road-network memory after its build). Asking the
allocator to trim returns them, so the stations' solving and the plan layers start from
what is really in use. Elsewhere than glibc this does nothing.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import functools


@functools.cache
def _trim():
    name = ctypes.util.find_library("c")
    if name is None:
        return None
    try:
        return ctypes.CDLL(name).malloc_trim
    except (OSError, AttributeError):  # not glibc (musl, macOS)
        return None


def release_freed_memory() -> bool:
    """Return freed heap pages to the system; True when the allocator could be asked."""
    trim = _trim()
    if trim is None:
        return False
    trim(0)
    return True
