"""Small builders for the layouts the dialogs and panels share: OK/Cancel buttons, a path
with its Browse button, a column of parts, a grid of buttons, a scrolling body, a number box.

A single widget is made in one statement with Qt's properties and signals as keywords
(``QPushButton(text, objectName=..., clicked=...)``); these builders are for what takes more.

They take texts already translated: every ``self.tr`` stays in the dialog or panel that
shows it, so the translation contexts of ``resources/translations`` do not change.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from PyQt6.QtCore import Qt
from PyQt6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QHBoxLayout,
    QLayout,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)


def ok_cancel(dialog: QDialog, ok_text: str | None = None,
              accepted: Callable[[], object] | None = None) -> QDialogButtonBox:
    """OK and Cancel: OK (relabelled ``ok_text`` when given) calls ``accepted`` (default the
    dialog's ``accept``), Cancel rejects the dialog."""
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
    if ok_text is not None:
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(ok_text)
    buttons.accepted.connect(accepted or dialog.accept)
    buttons.rejected.connect(dialog.reject)
    return buttons


def browse_row(edit: QLineEdit, browse_text: str, browse: Callable[[], object]) -> QHBoxLayout:
    """``edit`` stretched, then a button ``browse_text`` that calls ``browse``."""
    button = QPushButton(browse_text)
    button.clicked.connect(browse)
    row = QHBoxLayout()
    row.addWidget(edit, 1)
    row.addWidget(button)
    return row


def stack(owner: QWidget, *parts: QWidget | QLayout) -> QVBoxLayout:
    """``owner``'s vertical layout holding ``parts`` (widgets or layouts) in order."""
    lay = QVBoxLayout(owner)
    for part in parts:
        if isinstance(part, QLayout):
            lay.addLayout(part)
        else:
            lay.addWidget(part)
    return lay


def button_grid(buttons: Iterable[QWidget], columns: int = 2, into: QWidget | None = None) -> QGridLayout:
    """``buttons`` in rows of ``columns``, left to right (the layout of ``into`` when given)."""
    grid = QGridLayout(into) if into is not None else QGridLayout()
    for k, b in enumerate(buttons):
        grid.addWidget(b, k // columns, k % columns)
    return grid


def scrolling(owner: QWidget, *parts: QWidget | QLayout, margins: int | None = None,
              frame: bool = True) -> QWidget:
    """Make ``parts``, stacked at the top, the vertically scrolling body of ``owner`` (a dock
    panel taller than the screen): it fills ``owner`` without margins, never scrolls
    sideways. Returns the scrolled widget."""
    inner = QWidget()
    lay = stack(inner, *parts)
    if margins is not None:
        lay.setContentsMargins(margins, margins, margins, margins)
    lay.addStretch(1)
    scroll = QScrollArea()
    scroll.setWidgetResizable(True)
    if not frame:
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
    scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    scroll.setWidget(inner)
    outer = QVBoxLayout(owner)
    outer.setContentsMargins(0, 0, 0, 0)
    outer.addWidget(scroll)
    return inner


def spin_box(lo: int, hi: int, value: int, name: str, step: int = 1) -> QSpinBox:
    """A whole-number box from ``lo`` to ``hi`` showing ``value``, named ``name``."""
    box = QSpinBox()
    box.setRange(lo, hi)
    box.setSingleStep(step)
    box.setValue(value)
    box.setObjectName(name)
    return box


class WindowPanel(QWidget):
    """The body of a dock that works on the main window's project. ``window`` is that window
    (kept as ``self.window``); a panel lays itself out in :meth:`build`, which it is handed to."""

    def __init__(self, window, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.window = window
        self.build(window)

    def build(self, window) -> None:
        """Make the panel's widgets and connect them; called once, by the constructor."""
        raise NotImplementedError
