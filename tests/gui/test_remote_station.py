"""A station is marked remote (偏远) in the attribute table, typed as any yes/no value: one undo step."""

from __future__ import annotations

from PyQt6.QtCore import Qt
from PyQt6.QtWidgets import QLineEdit


def _type_into_cell(qtbot, table, row: int, col: int, text: str) -> None:
    """F2 on the cell, the text put in the editor (Chinese needs an input method, so it is
    set rather than keyed), Return."""
    view = table.view
    index = table.proxy.index(row, col)
    view.scrollTo(index)
    view.setCurrentIndex(index)
    qtbot.keyClick(view, Qt.Key.Key_F2)
    editor = view.indexWidget(index)
    assert isinstance(editor, QLineEdit)
    editor.setText(text)
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: view.state() != view.State.EditingState)


def test_mark_a_station_remote_then_undo(qtbot, window):
    w = window
    w.table.show_layer("posts")
    col = w.table.model.columns.index("remote")
    assert w.table.model.headerData(col, Qt.Orientation.Horizontal) == "偏远"
    assert w.table.proxy.index(0, col).data() == "否"
    _type_into_cell(qtbot, w.table, 0, col, "是")
    assert bool(w.project["posts"]["remote"].iloc[0]) is True
    assert w.table.proxy.index(0, col).data() == "是"
    assert w.stack.can_undo
    w.tools.actions["undo"].trigger()
    assert bool(w.project["posts"]["remote"].iloc[0]) is False
    assert w.table.proxy.index(0, col).data() == "否"
