"""Typed errors of the data model.

The core never formats user-facing prose beyond a short English reason; the command
line prints :meth:`GisdeskError.line` and exits 2, the window shows it in a dialog.
"""

from __future__ import annotations


class GisdeskError(Exception):
    """An error with a machine-readable ``code`` and the place it concerns."""

    def __init__(
        self,
        code: str,
        message: str,
        *,
        file: str | None = None,
        layer: str | None = None,
        row: int | None = None,
        field: str | None = None,
    ) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.file = file
        self.layer = layer
        self.row = row
        self.field = field

    def line(self) -> str:
        """One line naming the file, layer, row and field at fault."""
        parts = [p for p in (self.file, f"layer {self.layer}" if self.layer else None) if p]
        if self.row is not None:
            parts.append(f"row {self.row}")
        where = ": ".join(parts)
        return f"{where}: {self.message}" if where else self.message

    def __str__(self) -> str:
        return self.line()


class InputError(GisdeskError):
    """Bad input from the user: a file, an option or a value. Exit code 2."""


class ProjectError(GisdeskError):
    """A project file that cannot be opened, is damaged, locked or cannot be written."""
