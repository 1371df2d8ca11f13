"""A project's layers by name, each read from its GeoPackage only when first used.

A command that redraws the grids needs the units, villages and boundaries, not the
177,000 road lines of a city (0.9 s of its 1.6 s opening). :class:`LayerStore` holds the
layers read so far and reads any other on first access, through the project's reader,
so a layer that is never used is never read, never marked for saving, and stays in the
file exactly as it was.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, MutableMapping

import pandas as pd

_UNREAD = object()


class LayerStore(MutableMapping[str, pd.DataFrame]):
    """Layers in the order they are added; a layer added by :meth:`defer` is read by
    ``read(name)`` when first asked for (its errors reach the caller: a layer that cannot
    be read is never replaced by an empty one)."""

    def __init__(self, read: Callable[[str], pd.DataFrame]) -> None:
        self._frames: dict[str, object] = {}
        self._read = read

    def defer(self, name: str) -> None:
        """Add ``name``, to be read on first access."""
        self._frames[name] = _UNREAD

    def is_read(self, name: str) -> bool:
        """Whether ``name`` is in memory (a missing name counts as read: nothing to read)."""
        return self._frames.get(name) is not _UNREAD

    def __getitem__(self, name: str) -> pd.DataFrame:
        frame = self._frames[name]
        if frame is _UNREAD:
            frame = self._read(name)
            self._frames[name] = frame
        return frame

    def __setitem__(self, name: str, frame: pd.DataFrame) -> None:
        self._frames[name] = frame

    def __delitem__(self, name: str) -> None:
        del self._frames[name]

    def __iter__(self) -> Iterator[str]:
        return iter(self._frames)

    def __len__(self) -> int:
        return len(self._frames)
