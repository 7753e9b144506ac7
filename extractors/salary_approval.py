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
"""

from __future__ import annotations

import re

from preaudit.extractors.base import ROUTE_FACTORS, FieldReader, field_from_hit, load_labels, register
from preaudit.extractors.common import (MONTH_OR_DATE, date_or_month, dates_in_rows, read_date, read_fields,
                                        read_id_number, reader_for, tiers)
from preaudit.pipeline.model import DocType, FieldValue, Page
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
    return {k: fields[k] for k in FIELDS}


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
    under the bureau's seal), read less surely for having no label."""
    fv = read_date(r, LABELS["labels"]["approval_date"], LABELS["stop_labels"])
    if fv.value is not None:
        return fv
    dated = [(hit, value) for hit, value in dates_in_rows(r.rows()) if len(value) == 10]
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
