"""Plan versions: keep whole siting plans in the project, compare, adjust by hand, adopt.

Qt-free; every change is an undoable command for the window's stack or the command line's:

- :mod:`.versions`: ``save_command``, ``load_command``, ``delete_command``, ``list_versions``
  (stored in :data:`layers.schema.PLAN_VERSION_LAYERS`; ``current``/``当前`` names the plan
  in the plan layers);
- :mod:`.compare`: ``compare_plans`` (villages that change office, offices added and removed,
  distances and the check's violations of each) and :mod:`.workbook` its Excel file;
- :mod:`.adopt`: ``adopt``, the version's offices and workstations become posts, others close;
- :mod:`.adjust`: ``reassign_command`` (a village to another office) and
  ``move_office_command`` (an office to another key site).
"""

from gisdesk.services.plans.adjust import move_office_command, reassign_command
from gisdesk.services.plans.adopt import Adoption, adopt
from gisdesk.services.plans.compare import PlanComparison, PlanSummary, compare_plans, summarize
from gisdesk.services.plans.versions import (
    CURRENT,
    PlanVersion,
    delete_command,
    is_current,
    list_versions,
    load_command,
    plan_frames,
    require_version,
    save_command,
)

__all__ = [
    "CURRENT",
    "Adoption",
    "PlanComparison",
    "PlanSummary",
    "PlanVersion",
    "adopt",
    "compare_plans",
    "delete_command",
    "is_current",
    "list_versions",
    "load_command",
    "move_office_command",
    "plan_frames",
    "reassign_command",
    "require_version",
    "save_command",
    "summarize",
]
