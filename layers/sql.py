"""SQL identifiers for the few statements that name a layer or a column.

Values always go in as parameters. A table or column name cannot be a parameter, so it
is written into the statement; :func:`identifier` lets only our own schema's names
through, so nothing read from a file can ever become part of a statement.
"""

from __future__ import annotations

import re

from layers.schema import LAYERS

_NAME = re.compile(r"[a-z_][a-z0-9_]*")
_KNOWN = frozenset(LAYERS) | {c.name for s in LAYERS.values() for c in s.columns}


def identifier(name: str) -> str:
    """``name`` double-quoted for SQL; ValueError unless it is a layer or column of the schema."""
    if name not in _KNOWN or not _NAME.fullmatch(name):
        raise ValueError(f"not a name of the project schema: {name!r}")
    return f'"{name}"'
