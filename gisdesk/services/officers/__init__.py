"""Officers and auxiliaries (一村(格)一警): the roster assigned to grids, and the two 40% ratios.

``propose_assignments(project, AssignParams(...))`` computes (Qt-free, progress and
cancel); ``assignment_command(result)`` is the one undoable command that writes the
``assignments`` table and the grids' contacts; :func:`edit_assignments_command` is a hand
edit (add / remove pairs) with the same shape. :mod:`.ratios` computes the staffing per
station and both 40% ratios for the check and the report; :mod:`.roster` holds what every
officer feature asks of the roster (who may carry grids, seats, needs, the bureau's total).
"""

from gisdesk.services.officers.editing import covering, edit_assignments_command
from gisdesk.services.officers.plan import (
    AssignParams,
    AssignResult,
    StationStaffing,
    assignment_command,
    propose_assignments,
)
from gisdesk.services.officers.ratios import BureauShare, bureau_share, station_staffing
from gisdesk.services.officers.roster import bureau_officers, bureau_officers_command

__all__ = [
    "AssignParams",
    "AssignResult",
    "BureauShare",
    "StationStaffing",
    "assignment_command",
    "bureau_officers",
    "bureau_officers_command",
    "bureau_share",
    "covering",
    "edit_assignments_command",
    "propose_assignments",
    "station_staffing",
]
