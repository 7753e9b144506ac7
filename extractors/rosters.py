"""Lists of several people (a 备案花名册, a 工资审批表 list, a 公示 naming several applicants): which row is
the applicant's, and what of the other rows a report may keep.

An extractor cannot know whose row is the applicant's; the pipeline resolves it once the declared
data is known (pipeline/run.py `resolve_rosters`), through each type's resolver, all of which take
the row here. A report is the applicant's: the other people's ID numbers are personal data of
people who did not apply, so they leave the document masked (`others_masked`).
"""

from __future__ import annotations

from typing import Any

from preaudit.pipeline.model import FieldValue, mask_id_number
from preaudit.pipeline.values.idnumber import is_valid_id_number
from preaudit.pipeline.values.text import nfkc


def applicant_row(rows: list[dict[str, Any]], name: str | None, id_number: str | None) -> dict[str, Any] | None:
    """The one row that is the applicant's, or None.

    The row printing the applicant's ID number is theirs. Else the one row with the applicant's
    name, unless that row prints another *valid* ID number: a namesake (王伟 is common), or a roster
    that misprints the applicant's number; either way no row is surely theirs, and the roster asks
    for a look (validators/rules/documents.py) rather than lending the applicant someone's term.
    A name on several rows is no answer either.
    """
    want_id = nfkc(id_number or "").upper()
    want_name = nfkc(name or "")
    by_id = [row for row in rows if want_id and row.get("id_number") == want_id]
    if by_id:
        return by_id[0] if len(by_id) == 1 else None
    by_name = [row for row in rows if want_name and row.get("name") == want_name]
    if len(by_name) != 1:
        return None
    other = by_name[0].get("id_number")
    if other and is_valid_id_number(other) and want_id and other != want_id:
        return None
    return by_name[0]


def others_masked(roster: FieldValue) -> FieldValue:
    """The roster with every row's ID number masked (the applicant's own stays in the document's
    person fields, read from their row before this)."""
    if not isinstance(roster.value, list) or not any(isinstance(r, dict) and r.get("id_number") for r in roster.value):
        return roster
    rows = [{**row, "id_number": mask_id_number(row["id_number"])} if isinstance(row, dict) and row.get("id_number")
            else row for row in roster.value]
    return roster.model_copy(update={"value": rows})
