"""File > Project properties…: the project's title and the sign-off block of its beat maps.

The values are project metadata (:data:`maps.print.credits.KEYS` and ``title``), so they
travel with the file; the window applies them as one undoable command.
"""

from __future__ import annotations

from collections.abc import Mapping

from PyQt6.QtWidgets import QDialog, QFormLayout, QLabel, QLineEdit

from gisdesk.ui.widgets import ok_cancel, stack
from maps.print.credits import KEYS


class ProjectDialog(QDialog):
    """Edit the title, 制图单位, 制图日期 and 审核 of a project."""

    def __init__(self, metadata: Mapping[str, str], parent=None) -> None:
        super().__init__(parent)
        self.setObjectName("projectDialog")
        self.setWindowTitle(self.tr("Project properties"))
        self.title = QLineEdit(str(metadata.get("title", "")))
        self.unit = QLineEdit(str(metadata.get(KEYS["unit"], "")))
        self.unit.setPlaceholderText(self.tr("e.g. the bureau's command centre"))
        self.date = QLineEdit(str(metadata.get(KEYS["date"], "")))
        self.date.setPlaceholderText(self.tr("empty: the day of printing"))
        self.reviewer = QLineEdit(str(metadata.get(KEYS["reviewer"], "")))
        self.reviewer.setPlaceholderText(self.tr("empty: a line to sign on"))
        form = QFormLayout()
        form.addRow(self.tr("Title"), self.title)
        form.addRow(self.tr("Mapped by (unit)"), self.unit)
        form.addRow(self.tr("Map date"), self.date)
        form.addRow(self.tr("Reviewed by"), self.reviewer)
        stack(self, form, QLabel(self.tr("Printed in the sign-off block at the foot of every beat map."), wordWrap=True),
              ok_cancel(self))

    def values(self) -> dict[str, str]:
        return {"title": self.title.text().strip(), KEYS["unit"]: self.unit.text().strip(),
                KEYS["date"]: self.date.text().strip(), KEYS["reviewer"]: self.reviewer.text().strip()}
