"""事业单位聘用通知书 (001 §五(五)1 附件3 for public institutions): who, where, which post, the term.

Two shapes are read: a labelled form (姓名 / 聘用单位 / 聘用岗位 / 聘用期限 自…至…) and a letter. A
letter is phrased in many ways ("张三同志：… 决定聘用你到…单位", or a unit's own letter: 关于聘用孙鹏
同志的通知 … 决定聘用孙鹏同志为我单位工作人员，岗位为…); its phrases are regexes in the labels file,
tried over the text joined line to line when a label gives nothing, and a value they find must have
its field's shape. A unit's own letter names no employer: the unit that issues it is the employer
(its signature block or its letterhead, extractors/letters.py). Values found without a label are read
less surely (ROUTE_FACTORS["position"]). An open term (无固定期限, 至退休) has no end date.
"""

from __future__ import annotations

from preaudit.extractors.base import ROUTE_FACTORS, FieldReader, field_from_hit, load_labels, register
from preaudit.extractors.common import SHAPES, clean_value, read_fields, read_term, reader_for
from preaudit.extractors.letters import letterhead_unit, signing_unit
from preaudit.pipeline.model import DocType, FieldValue, Page
from preaudit.pipeline.values.text import nfkc

LABELS = load_labels("employment_notice")
_TERM_SPAN = 60  # characters after 聘用期限 that can hold its two dates
_CERTAIN = (1.0, 1.0)


@register(DocType.EMPLOYMENT_NOTICE)
def extract(pages: list[Page]) -> dict[str, FieldValue]:
    r = reader_for(pages, LABELS)
    fields = read_fields(r, LABELS, ("name", "employer", "position", "start_date", "end_date"))
    if fields["name"].value is None:
        fields["name"] = _prose(r, "name", "\n", "person_name")
    if fields["position"].value is None:
        fields["position"] = _prose(r, "position", "", "text")
    fields["employer"] = _employer(r, fields["employer"])
    start, end, is_open = _term(r)
    if start.value is not None:
        fields["start_date"] = start
    if is_open:
        fields["end_date"] = FieldValue(value=None, confidence=start.confidence, bbox=start.bbox, page=start.page, source=start.source)
    elif end.value is not None:
        fields["end_date"] = end
    return {k: fields[k] for k in ("name", "employer", "start_date", "end_date", "position")}


def _prose(r: FieldReader, field: str, sep: str, kind: str) -> FieldValue:
    """The first of the letter's phrases for `field` whose value has the shape `kind` (a 各科室 or
    a 我单位 is no name and no unit), read less surely for having no label."""
    accept = SHAPES[kind].accept()
    for pattern in LABELS["prose"][field]:
        hit = r.search_text(pattern, sep=sep)
        if hit is None:
            continue
        text = clean_value(hit.text)
        if not text or _addressed_to_all(text, kind) or accept(text) != _CERTAIN:
            continue
        return field_from_hit(hit, SHAPES[kind].value(text), ROUTE_FACTORS["position"])
    return FieldValue()


def _addressed_to_all(text: str, kind: str) -> bool:
    """Whether `text` names no one in particular: a group saluted (全体同志：) where a person is
    read, the issuer speaking of itself (我单位) where a unit is."""
    if kind == "person_name":
        return nfkc(text) in {nfkc(w) for w in LABELS["addressees"]}
    return kind == "unit" and _own_unit(text)


def _own_unit(text: str) -> bool:
    """Whether `text` is the issuer speaking of itself (我单位, 本单位), not a unit's name."""
    return any(nfkc(text).startswith(nfkc(w)) for w in LABELS["self_words"])


def _employer(r: FieldReader, labelled: FieldValue) -> FieldValue:
    """聘用单位 beside its label; else the unit the letter appoints to (聘用你到X); else the unit
    that issues the letter (signature block, then letterhead) unless it is an authority that
    approves another unit's post and the letter does not call the post its own (我单位)."""
    if labelled.value is not None and SHAPES["unit"].accept()(str(labelled.value)) == _CERTAIN:
        return labelled
    named = _prose(r, "employer", "", "unit")
    if named.value is not None:
        return named
    own = any(nfkc(w) in norm for _, _, norm in r.lines for w in LABELS["self_words"])
    for issuer in (signing_unit(r, LABELS, "employer", []),
                   letterhead_unit(r, LABELS["letterhead_lines"], LABELS["letterhead_suffixes"])):
        if issuer.value is None or issuer.value == labelled.value:
            continue  # nothing, or the doubtful labelled value signing_unit falls back to
        if own or not _authority(str(issuer.value)):
            return issuer
    return labelled


def _authority(unit: str) -> bool:
    """Whether `unit` approves posts for others (人社局, 组织部) rather than employing."""
    return any(nfkc(w) in nfkc(unit) for w in LABELS["authorities"])


def _term(r: FieldReader) -> tuple[FieldValue, FieldValue, bool]:
    """Start, end and open-endedness from 聘用期限 (extractors/common.py read_term)."""
    return read_term(r, LABELS["labels"]["term"], LABELS["range_separators"], LABELS["open_ended"], _TERM_SPAN)
