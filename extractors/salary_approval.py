"""事业单位工资审批表 (001 §五(五)1, §二(四); 003 §二 Q10(3)): whose salary, in which unit and post,
from when, approved by whom.

001 §五(五)1 asks public institutions for the 《事业单位人员正常晋升工资审批表》 beside the 聘用通知书, and
§二(四) counts their 履职年限 from the 聘用通知书 or the 工资审批表; 003 §二 Q10(3) asks staff moved onto a
professional post for the 《事业单位工作人员岗位（职务）变动工资审批表》. All of them, and a new entrant's
table (新参加工作人员), are one bordered form: 填报单位（盖章） / 姓名 / 身份证号 / 岗位（职务） / the salary
before and after / 起薪时间 (变动时间, 执行时间) / 单位意见 / 审批机关意见 (盖章, 审批日期). Read by label like
the other forms:

- `form`: which table it is, from its title (正常晋升 | 岗位变动 | 新参加工作), None when the title says
  none of them;
- `start_date`: when the new salary starts, the start 001 §二(四) counts from; a new entrant's table
  prints 参加工作时间 instead, read where no 起薪时间 is printed. A month alone (2021年8月) is kept as
  YYYY-MM: no day is made up;
- `approver`: the approving body beside its label, else the bureau the 审批机关意见 block names (the
  labels file's `approver_pattern`); its seal alone is no text;
- `approval_date`: beside 审批日期, else the last full date of the page (the approving block's);
- `has_seal` is emitted as None: the seal detector (preaudit.pipeline.integrity.facts) fills it from
  the page image.

The list form (a header row 序号 姓名 性别 … 岗位 … 起薪时间 printed from Excel, a row per person) is read
by its columns, each value within its cell. One person's row gives the person's fields; a list of
several (the unit's 正常晋升 list, colleagues promoted on the same day) is `employees` (rows of name,
id_number, position, start_date), the person's fields left empty: the extractor cannot know whose
row is the applicant's, and `resolve_roster` fills them from the row whose ID number, else name, is
the applicant's once the pipeline knows who applies.
"""

from __future__ import annotations

import re

from preaudit.extractors.base import ROUTE_FACTORS, FieldReader, field_from_hit, load_labels, register
from preaudit.extractors.common import (MONTH_OR_DATE, best_id_number, clean_value, clipped_dates_in_rows, date_or_month,
                                        dates_in_rows, read_date, read_fields, read_id_number, reader_for, tiers)
from preaudit.extractors.rosters import applicant_row
from preaudit.pipeline.model import BBox, DocType, FieldValue, Page
from preaudit.pipeline.values.shapes import person_name_problem
from preaudit.pipeline.values.text import nfkc

LABELS = load_labels("salary_approval")
FIELDS = ("name", "id_number", "unit", "position", "start_date", "approver", "approval_date", "form", "has_seal")
_TITLE = re.compile(LABELS["title"])
_CN_MONTH = r"[〇○零一二三四五六七八九]{4}年[一二三四五六七八九十]{1,2}月(?:[一二三四五六七八九十]{1,3}日)?"


@register(DocType.SALARY_APPROVAL)
def extract(pages: list[Page]) -> dict[str, FieldValue]:
    r = reader_for(pages, LABELS)
    fields = read_fields(r, LABELS, ("name", "unit", "position", "approver"))
    fields["id_number"] = read_id_number(r, LABELS["labels"]["id_number"])
    fields["start_date"] = _start(r)
    fields["approval_date"] = _approval_date(r)
    fields["form"] = _form(r)
    if fields["approver"].value is None:
        fields["approver"] = _approver(r)
    fields["has_seal"] = FieldValue(value=None, confidence=0.0)
    _roster(r, fields)
    return {k: fields[k] for k in (*FIELDS, "employees") if k in fields}


ROW_FIELDS = ("name", "id_number", "position", "start_date")


def _roster(r: FieldReader, fields: dict[str, FieldValue]) -> None:
    """The list form: the one person's row fills their fields; several rows become `employees`
    and leave the person's fields to `resolve_roster`."""
    records = r.table(LABELS["roster_columns"], min_columns=3)
    rows = [row for row in (_row(rec) for rec in records) if row is not None]
    if not rows:
        return
    if len(rows) == 1:
        fields.update({k: v for k, v in rows[0].items() if v.value is not None})
        return
    first = next(fv for fv in rows[0].values() if fv.value is not None)
    listed = [{**{k: row[k].value for k in ROW_FIELDS},
               "confidence": round(min(fv.confidence for fv in row.values() if fv.value is not None), 4),
               "bbox": _union([row]).as_list()} for row in rows]
    fields["employees"] = FieldValue(value=listed, confidence=min(row["confidence"] for row in listed),
                                     bbox=_union(rows), page=first.page, source=first.source)
    for name in ROW_FIELDS:
        fields[name] = FieldValue()


def _row(rec: dict) -> dict[str, FieldValue] | None:
    """A roster row as the person's fields (each its cell's box and confidence); None for a row
    that holds neither a name of a person's shape nor a valid ID number."""
    def cell(key: str):
        c = rec.get(key)
        return c.hit if c is not None and not c.blank else None

    name_hit, id_hit = cell("name"), cell("id_number")
    name = nfkc(name_hit.text) if name_hit is not None else None
    number, valid = best_id_number(id_hit.text) if id_hit is not None else (None, False)
    if not ((name and person_name_problem(name) is None) or valid):
        return None
    out = {"name": field_from_hit(name_hit, name) if name and person_name_problem(name) is None else FieldValue(),
           "id_number": field_from_hit(id_hit, number) if number else FieldValue(),
           "position": FieldValue(), "start_date": FieldValue()}
    post = cell("position")
    if post is not None and clean_value(post.text):
        out["position"] = field_from_hit(post, clean_value(post.text))
    for key in ("start", "started"):
        hit = cell(key)
        if hit is not None and date_or_month(hit.text):
            out["start_date"] = field_from_hit(hit, date_or_month(hit.text))
            break
    return out


def _union(rows: list[dict[str, FieldValue]]) -> BBox:
    """The box around the rows' cells (a row always has one: a name or an ID number)."""
    boxes = [fv.bbox for row in rows for fv in row.values() if fv.bbox is not None]
    box = boxes[0]
    for b in boxes[1:]:
        box = box.union(b)
    return box


def resolve_roster(fields: dict[str, FieldValue], name: str | None, id_number: str | None) -> dict[str, FieldValue]:
    """A list form's person fields once the applicant is known (the pipeline knows the declared
    data, an extractor does not): the row whose ID number, else whose name, is the applicant's
    fills `name`, `id_number`, `position` and `start_date` (the row's box and confidence); without
    exactly one such row, or on a form that is no list of several, the fields are returned unchanged.

    Args:
        fields: the salary approval's fields, as `extract` returns them.
        name: the applicant's declared name (else the ID card's).
        id_number: the applicant's declared ID number (else the ID card's).

    Returns:
        The fields with the applicant's row filled in, `employees` kept.
    """
    roster = fields.get("employees")
    if roster is None or not isinstance(roster.value, list):
        return fields
    row = applicant_row(roster.value, name, id_number)
    if row is None:
        return fields
    box = BBox(x0=row["bbox"][0], y0=row["bbox"][1], x1=row["bbox"][2], y1=row["bbox"][3]) if row.get("bbox") else None
    out = dict(fields)
    for key in ROW_FIELDS:
        if row.get(key) is not None:
            out[key] = FieldValue(value=row[key], confidence=row.get("confidence", 0.0), bbox=box, page=roster.page,
                                  source=roster.source, raw=str(row[key]))
    return out


def _start(r: FieldReader) -> FieldValue:
    """起薪时间 (变动时间, 执行时间) beside its label, else a new entrant's 参加工作时间; a date, or a
    month alone as YYYY-MM."""
    stops = LABELS["stop_labels"]
    for labels in tiers(LABELS["labels"]["start_date"]):
        hit = r.after_label(labels, pattern=rf"({MONTH_OR_DATE}|{_CN_MONTH})",
                            stop_labels=[s for s in stops if s not in labels])
        if hit is not None and date_or_month(hit.text):
            return field_from_hit(hit, date_or_month(hit.text))
    return FieldValue()


def _approval_date(r: FieldReader) -> FieldValue:
    """审批日期 beside its label, else the last full date of the page (the approving block's, often
    under the bureau's seal), read less surely for having no label; a date lower on the page that
    reads whole only once its year is completed (the seal hid its first digit: 021年9月20日) is
    that last date, less surely still."""
    fv = read_date(r, LABELS["labels"]["approval_date"], LABELS["stop_labels"])
    if fv.value is not None:
        return fv
    rows = r.rows()
    dated = [(hit, value) for hit, value in dates_in_rows(rows) if len(value) == 10]
    clip = LABELS["clipped_dates"]
    lower = [(hit, value) for hit, value in clipped_dates_in_rows(rows, clip["century"])
             if not dated or (hit.page, hit.bbox.y0) > (dated[-1][0].page, dated[-1][0].bbox.y1)]
    if lower:
        return field_from_hit(*lower[-1], ROUTE_FACTORS["position"] * clip["factor"])
    return field_from_hit(*dated[-1], ROUTE_FACTORS["position"]) if dated else FieldValue()


def _form(r: FieldReader) -> FieldValue:
    """Which table: the `forms` word its title (or the line under it, （新参加工作人员）) carries."""
    titles = [i for i, item in enumerate(r.lines) if _TITLE.search(item[2])]
    for i in titles:
        for item in r.lines[i:i + 2]:
            for form, words in LABELS["forms"].items():
                for word in words:
                    start = item[2].find(nfkc(word))
                    if start >= 0:
                        return field_from_hit(r.hit(item, start, start + len(nfkc(word))), form)
    return FieldValue()


def _approver(r: FieldReader) -> FieldValue:
    """A bureau named in the text (审批机关意见 …人力资源和社会保障局), the last one on the page: the
    unit's own name comes first, under 填报单位."""
    hits = r.search_all(LABELS["approver_pattern"])
    if not hits:
        return FieldValue()
    return field_from_hit(hits[-1], hits[-1].text, ROUTE_FACTORS["position"])
