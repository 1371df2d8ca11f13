"""Editing as a user does it: typing in the attribute table, placing, dragging and deleting
posts on the map; every edit one undo step, bad values refused with a reason."""

from __future__ import annotations

from PyQt6.QtCore import QPoint, Qt
from PyQt6.QtWidgets import QComboBox, QLineEdit

from tests.gui.conftest import screen_of, wait_render


def _edit_cell(qtbot, table, row: int, col: int, text: str) -> None:
    view = table.view
    index = table.proxy.index(row, col)
    view.scrollTo(index)
    rect = view.visualRect(index)
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.keyClick(view, Qt.Key.Key_F2)  # the edit key, as in every spreadsheet
    editor = view.indexWidget(index)
    assert isinstance(editor, QLineEdit)
    editor.selectAll()
    qtbot.keyClicks(editor, text)
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    # the delegate commits on the next turn of the event loop
    qtbot.waitUntil(lambda: view.state() != view.State.EditingState)


def test_typing_a_population_edits_the_layer_and_undo_restores(qtbot, window):
    w = window
    w.table.show_layer("villages")
    _edit_cell(qtbot, w.table, 0, 2, "1,500")
    assert w.project["villages"]["population"].iloc[0] == 1500
    assert w.table.proxy.index(0, 2).data() == "1,500"
    w.tools.actions["undo"].trigger()
    assert w.project["villages"]["population"].iloc[0] == 800
    assert w.table.proxy.index(0, 2).data() == "800"


def test_a_wrong_value_is_refused_with_a_reason(qtbot, window):
    w = window
    w.table.show_layer("villages")
    _edit_cell(qtbot, w.table, 1, 2, "lots")
    assert w.project["villages"]["population"].iloc[1] == 2500
    assert not w.stack.can_undo
    assert "人口" in w.status.currentMessage() and "未修改" in w.status.currentMessage()
    assert "lots" in w.status.currentMessage()
    _edit_cell(qtbot, w.table, 1, 0, "V3")  # a code already used
    assert w.project["villages"]["code"].iloc[1] == "V2"
    assert "已被使用" in w.status.currentMessage()


def test_choice_columns_edit_through_a_drop_down(qtbot, window):
    w = window
    w.table.show_layer("posts")
    col = w.table.model.columns.index("tier")
    index = w.table.proxy.index(2, col)
    view = w.table.view
    view.setCurrentIndex(index)
    qtbot.keyClick(view, Qt.Key.Key_F2)
    editor = view.indexWidget(index)
    assert isinstance(editor, QComboBox)
    assert [editor.itemText(k) for k in range(editor.count())] == ["派出所", "警务室", "警务工作站"]
    editor.setCurrentIndex(editor.findData("office"))
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: w.project["posts"]["tier"].iloc[2] == "office")
    assert view.state() != view.State.EditingState


def test_filter_and_sort_the_table(qtbot, window):
    w = window
    w.table.show_layer("villages")
    qtbot.keyClicks(w.table.filter, "v2")  # case-insensitive, any column
    assert w.table.proxy.rowCount() == 1 and "1 / 共 4" in w.table.count.text()
    w.table.filter.clear()
    header = w.table.view.horizontalHeader()
    col = w.table.model.columns.index("population")
    x = header.sectionViewportPosition(col) + header.sectionSize(col) // 2
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(x, header.height() // 2))
    first = [w.table.proxy.index(r, col).data(Qt.ItemDataRole.UserRole + 1) for r in range(4)]
    assert first == sorted(first) or first == sorted(first, reverse=True)
    assert first[0] != first[-1]


def test_add_an_office_by_clicking_the_map_then_undo(qtbot, window):
    w, c = window, window.canvas
    w.activate_tool("add_post")
    target = QPoint(c.width() // 2 + 40, c.height() // 2 + 30)
    x, y = c.viewport.screen_to_world(target.x(), target.y())
    qtbot.mouseClick(c, Qt.MouseButton.LeftButton, pos=target)
    posts = w.project["posts"]
    assert len(posts) == 4 and posts["tier"].iloc[-1] == "office"
    lon, lat = c.scene.to_lonlat(x, y)
    assert abs(posts.geometry.iloc[-1].x - lon) < 1e-6 and abs(posts.geometry.iloc[-1].y - lat) < 1e-6
    assert len(c.scene["posts"]) == 4  # the map shows it
    assert w.table.layer == "posts" and w.table.selected_rows() == [3]
    qtbot.keyClick(c, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert len(w.project["posts"]) == 3 and len(c.scene["posts"]) == 3


def test_drag_a_post_to_a_new_place_then_undo(qtbot, window):
    w, c = window, window.canvas
    w.activate_tool("move_post")
    start = screen_of(c, "posts", 1)
    end = QPoint(start.x() + 60, start.y() - 40)
    old = w.project["posts"].geometry.iloc[1]
    qtbot.mousePress(c, Qt.MouseButton.LeftButton, pos=start)
    qtbot.mouseMove(c, QPoint(start.x() + 30, start.y() - 20))
    qtbot.mouseMove(c, end)
    qtbot.mouseRelease(c, Qt.MouseButton.LeftButton, pos=end)
    new = w.project["posts"].geometry.iloc[1]
    assert new.x > old.x and new.y > old.y
    moved_to = screen_of(c, "posts", 1)
    assert abs(moved_to.x() - end.x()) <= 1 and abs(moved_to.y() - end.y()) <= 1
    wait_render(qtbot, c)
    w.tools.actions["undo"].trigger()
    assert w.project["posts"].geometry.iloc[1].equals(old)


def test_delete_selected_posts_with_the_delete_key(qtbot, window):
    w, c = window, window.canvas
    w.activate_tool("select")
    qtbot.mouseClick(c, Qt.MouseButton.LeftButton, pos=screen_of(c, "posts", 2))
    assert c.selection == {"posts": {2}} and w.tools.actions["delete"].isEnabled()
    qtbot.keyClick(c, Qt.Key.Key_Delete)
    assert list(w.project["posts"]["code"]) == ["P1", "P2"]
    assert "删除 1 个站点" in w.tools.actions["undo"].text()
    w.tools.actions["undo"].trigger()
    assert list(w.project["posts"]["code"]) == ["P1", "P2", "P3"]
