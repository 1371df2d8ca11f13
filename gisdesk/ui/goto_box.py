"""The "go to" box of the toolbar: type part of a village, station, office, grid or place
name, pick it from the list (same-named villages show their township), and the map zooms
to it and selects it."""

from __future__ import annotations

from PyQt6.QtCore import QStringListModel, Qt
from PyQt6.QtWidgets import QCompleter, QLineEdit

from layers.lookups import goto_entries


class GoToBox(QLineEdit):
    """A search box over the project's names (:func:`layers.lookups.goto_entries`)."""

    def __init__(self, window, parent=None):
        super().__init__(parent)
        self.window = window
        self.setObjectName("gotoBox")
        self.setPlaceholderText(self.tr("Go to village, station, grid, office…"))
        self.setClearButtonEnabled(True)
        self.setMinimumWidth(240)
        self.entries: list[tuple[str, str, int]] = []
        self._model = QStringListModel(self)
        completer = QCompleter(self._model, self)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setMaxVisibleItems(15)
        completer.activated[str].connect(self.go)
        self.setCompleter(completer)
        self.returnPressed.connect(lambda: self.go(self.text()))

    def retranslate(self) -> None:
        self.setPlaceholderText(self.tr("Go to village, station, grid, office…"))

    def reindex(self) -> None:
        """Read the names again (after an edit or another project)."""
        self.entries = goto_entries(self.window.project)
        self._model.setStringList([text for text, _, _ in self.entries])

    def focusInEvent(self, event) -> None:  # noqa: N802
        self.reindex()
        super().focusInEvent(event)

    def matches(self, text: str) -> list[tuple[str, str, int]]:
        """Entries whose text holds ``text`` (the exact text first)."""
        text = text.strip()
        if not text:
            return []
        if not self.entries:
            self.reindex()
        exact = [e for e in self.entries if e[0] == text]
        return exact or [e for e in self.entries if text in e[0]]

    def go(self, text: str) -> bool:
        """Zoom to and select the first match of ``text``; say so when nothing matches."""
        found = self.matches(text)
        if not found:
            self.window.show_message(self.tr("Nothing named “{text}”.").format(text=text.strip()))
            return False
        label, layer, row = found[0]
        canvas = self.window.canvas
        style = canvas.styles.get(layer)
        if style is not None and not style.visible:
            canvas.set_layer_style(layer, visible=True)
        canvas.zoom_to_features(layer, [row])
        canvas.set_selection({layer: [row]})
        self.window.show_message(label)
        return True
