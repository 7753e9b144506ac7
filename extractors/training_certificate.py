"""专业培训 / 进修结业证书 (003 §二 Q12): whose training, by which institution, in what, over which span,
which subjects, how many hours, issued when.

003 §二 Q12 lets an applicant whose 毕业专业 is not the one applied for (专业对口 否) show 专业培训 of half a
year in all, a 进修结业证书 of three 主要科目 of a college (专业证书班 too), a year of study at a college,
or a 市级行业主管部门's 业务培训. Two shapes are read, by label like the other forms:

- a 培训结业证书: 姓名 / 身份证号 / 培训专业 / 培训机构 / 培训时间 A至B / 学时 / 发证日期, or the same in a
  sentence (于A至B参加X举办的Y培训，共计N学时), the sentence read by the labels file's `prose` regexes;
- a 进修结业证书: 进修院校 / 进修专业 / 进修时间 and a table of 进修科目 with their 成绩 (and 学时).

- `start_date`, `end_date`: the term's two ends (培训时间 A至B, else labelled apart, else the sentence's
  于A至B); a month alone (2022年9月) is kept as YYYY-MM: no day is made up;
- `subjects`: the 科目 as a list (the table's column, else a labelled line split at 、，), None when
  none is printed; a 合计 row is no subject;
- `hours`: the 学时 as an int, None when not printed;
- `issue_date`: beside 发证日期, else the last full date of the page after the term (the signature
  block's), read less surely for having no label;
- `has_seal` is emitted as None: the seal detector (preaudit.pipeline.integrity.facts) fills it.
"""

from __future__ import annotations

import re

from preaudit.extractors.base import ROUTE_FACTORS, FieldReader, field_from_hit, load_labels, register
from preaudit.extractors.common import (CN_DATE, MONTH_OR_DATE, SHAPES, clean_value, date_or_month, dates_in_rows,
                                        read_date, read_fields, read_id_number, reader_for, tiers)
from preaudit.pipeline.model import DocType, FieldValue, Page
from preaudit.pipeline.values.text import nfkc

LABELS = load_labels("training_certificate")
FIELDS = ("name", "id_number", "institution", "course", "subjects", "start_date", "end_date", "hours",
          "issue_date", "has_seal")
_WHEN = rf"(?:{MONTH_OR_DATE}|{CN_DATE})"
_SEPS = "|".join(re.escape(nfkc(s)) for s in LABELS["range_separators"])
_RANGE = re.compile(rf"({_WHEN})\s*起?\s*(?:{_SEPS})\s*({_WHEN})")
_SUBJECT = re.compile(r"^[\u4e00-\u9fff][\u4e00-\u9fff()A-Za-z0-9·]{1,24}$")
_NAME_PROSE = (r"(?:^|\n)([\u4e00-\u9fff·]{2,6}?)同志[:：,，]?", r"学员([\u4e00-\u9fff·]{2,4}?)(?:同志)?[,，、于在]")


@register(DocType.TRAINING_CERTIFICATE)
def extract(pages: list[Page]) -> dict[str, FieldValue]:
    r = reader_for(pages, LABELS)
    fields = read_fields(r, LABELS, ("name", "institution", "course"))
    fields["id_number"] = read_id_number(r, LABELS["labels"]["id_number"])
    if fields["name"].value is None:
        fields["name"] = _prose_name(r)
    for key in ("institution", "course"):
        if fields[key].value is None:
            fields[key] = _prose(r, key)
    fields["start_date"], fields["end_date"] = _term(r)
    fields["subjects"], table_hours = _subjects(r)
    fields["hours"] = _hours(r, table_hours)
    fields["issue_date"] = _issue_date(r, fields["end_date"])
    fields["has_seal"] = FieldValue(value=None, confidence=0.0)
    return {k: fields[k] for k in FIELDS}


def _when(text: str) -> str | None:
    return date_or_month(text)


def _term(r: FieldReader) -> tuple[FieldValue, FieldValue]:
    """培训时间 A至B beside its label, else 开始日期 / 结束日期 apart, else the sentence's 于A至B."""
    hit = r.after_label(LABELS["labels"]["term"], pattern=rf"({_WHEN}.*)")
    m = _RANGE.search(nfkc(hit.text)) if hit is not None else None
    if m is None:
        start = read_date(r, LABELS["labels"]["start_date"], LABELS["stop_labels"])
        end = read_date(r, LABELS["labels"]["end_date"], LABELS["stop_labels"])
        if start.value is not None and end.value is not None:
            return start, end
        found = r.match_text(_RANGE.pattern)
        if found is None:
            return FieldValue(), FieldValue()
        m, hit = found
    start, end = _when(m.group(1)), _when(m.group(2))
    if start is None or end is None:
        return FieldValue(), FieldValue()
    return field_from_hit(hit, start), field_from_hit(hit, end)


def _subjects(r: FieldReader) -> tuple[FieldValue, FieldValue | None]:
    """The 科目 of the table (a row per subject, its 成绩 beside), else of a labelled line; and the
    table's 学时 added up, where it has that column."""
    rows = [row for row in r.table(LABELS["subject_columns"], min_columns=2)
            if "subject" in row and _is_subject(clean_value(row["subject"].text))]
    if rows:
        names = [clean_value(row["subject"].text) for row in rows]
        hours = [nfkc(row["hours"].text) for row in rows if "hours" in row]
        total = None
        if hours and len(hours) == len(rows) and all(h.isdigit() for h in hours):
            total = field_from_hit(rows[0]["hours"].hit, sum(int(h) for h in hours))
        return field_from_hit(rows[0]["subject"].hit, names), total
    for labels in tiers(LABELS["labels"]["subjects"]):
        hit = r.after_label(labels, stop_labels=LABELS["stop_labels"], at_start=True)
        if hit is None:
            continue
        parts = [clean_value(p) for p in re.split(LABELS["subject_separators"], nfkc(hit.text)) if p]
        parts = [p for p in parts if _is_subject(p)]
        if parts:
            return field_from_hit(hit, parts), None
    return FieldValue(), None


def _is_subject(text: str) -> bool:
    return bool(_SUBJECT.match(text)) and not any(nfkc(w) in text for w in LABELS["not_subjects"])


def _hours(r: FieldReader, table_hours: FieldValue | None) -> FieldValue:
    """总学时 (培训学时) beside its label, else the subjects' table's 学时 added up, else a bare 学时 label
    (not the table's column head), else the sentence's 共计N学时."""
    for labels in tiers(LABELS["hours_labels"]):
        if labels == tiers(LABELS["hours_labels"])[-1] and table_hours is not None:
            return table_hours
        hit = r.after_label(labels, pattern=LABELS["hours_pattern"], stop_labels=LABELS["stop_labels"], at_start=True)
        if hit is not None and hit.text.isdigit():
            return field_from_hit(hit, int(hit.text))
    found = r.match_text(LABELS["hours_prose"])
    if found is not None:
        return field_from_hit(found[1], int(found[0].group(1)))
    return FieldValue()


def _issue_date(r: FieldReader, end: FieldValue) -> FieldValue:
    """发证日期 beside its label, else the last full date of the text (the signature block's) when it
    is not the term's end."""
    fv = read_date(r, LABELS["labels"]["issue_date"], LABELS["stop_labels"], at_start=True)
    if fv.value is not None:
        return fv
    dated = [(hit, value) for hit, value in dates_in_rows(r.rows()) if len(value) == 10]
    if not dated or dated[-1][1] == end.value:
        return FieldValue()
    return field_from_hit(*dated[-1], ROUTE_FACTORS["position"])


def _prose_name(r: FieldReader) -> FieldValue:
    accept = SHAPES["person_name"].accept()
    for pattern in _NAME_PROSE:
        found = r.match_text(pattern, sep="\n")
        if found is not None and accept(found[0].group(1)) is not None:
            return field_from_hit(found[1], found[0].group(1))
    return FieldValue()


def _prose(r: FieldReader, key: str) -> FieldValue:
    for pattern in LABELS["prose"][key]:
        found = r.match_text(pattern)
        if found is not None:
            value = clean_value(found[0].group(1))
            if value:
                return field_from_hit(found[1], value)
    return FieldValue()

