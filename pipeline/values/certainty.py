"""How sure each read value is, decided once per case before any rule runs.

A value is `certain` when it comes from a PDF text layer that passed the check against the
rendered page (pipeline/intake/textcheck.py), or from OCR with a confidence at or above the calibrated
threshold and a plausible shape (pipeline/values/shapes.py) — unless it contradicts a certain value of the
same thing (the declared data, another document) only by characters the recogniser itself confuses
(pipeline/values/confusable.py: 伟/玮, 未/末), by garbage, or, for an ID number, by a digit or three, or
unless it is the only reading of its value against certain ones that say otherwise (the wrong line
taken for the value reads with a high confidence too). A value that another independent source
reads identically is certain whatever its confidence: two documents do not misread the same way;
but not when the declared data and more files than repeat it read otherwise (two readings of one
hand misread alike: a signature on two forms). A name or a unit of no such shape is unsure even on a
text layer (the wrong text taken). Everything else is `unsure`, and `why` says which of these
facts decided it.

The rule layer (validators/registry.py) then grades every finding by the values it relied on: an
error that rests on an unsure value becomes a warning asking for a human look.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml
from rapidfuzz.distance import Levenshtein

from preaudit.pipeline.values import confusable
from preaudit.pipeline.values.idnumber import check_id_number
from preaudit.pipeline.model import Case, Certainty, Document, FieldValue
from preaudit.pipeline.values.shapes import (address_problem, authority_problem, date_problem, is_han, person_name_problem,
                                             unit_name_problem)
from preaudit.pipeline.values.text import nfkc


@lru_cache(maxsize=1)
def default_settings() -> dict[str, Any]:
    return yaml.safe_load(Path(__file__).with_name("certainty.yaml").read_text(encoding="utf-8"))


def settings_with(overrides: dict[str, Any] | None) -> dict[str, Any]:
    """The defaults of certainty.yaml with a policy's `certainty:` block laid over them."""
    out = dict(default_settings())
    out.update(overrides or {})
    return out


def _kind_of(name: str, kinds: dict[str, list[str]]) -> str | None:
    return next((k for k, names in kinds.items() if name in names), None)


def shape_problem(kind: str | None, value: Any) -> str | None:
    """Why a value of this kind has no plausible shape (Chinese), or None."""
    if kind == "person_name":
        return person_name_problem(value)
    if kind == "unit":
        return unit_name_problem(value)
    if kind == "authority":
        return authority_problem(value)
    if kind == "address":
        return address_problem(value)
    if kind == "id_number":
        check = check_id_number(nfkc(str(value)).upper())
        return None if check.valid else f"不符合公民身份号码编码规则（{check.problem}）"
    if kind == "date":
        if value in ("long_term", "长期"):
            return None
        if isinstance(value, str) and len(value) == 7 and value[4] == "-":  # a month (2019-12)
            value = value + "-01"
        return date_problem(value)
    return None


def own_certainty(name: str, fv: FieldValue, settings: dict[str, Any]) -> tuple[Certainty, list[str]]:
    """A value's certainty from its own facts: where it was read, how confidently, its shape."""
    if not fv.found:
        return "unsure", ["未识别"]
    why: list[str] = []
    kind = _kind_of(name, settings["kinds"])
    problem = shape_problem(kind, fv.value) if not isinstance(fv.value, (list, dict, bool)) else None
    if fv.source == "pdf_text":
        why.append("文字层")
        if problem:
            why.append(f"内容{problem}")
            # the text layer's characters are sure, not that a name or a unit was taken from the right place
            if kind in settings.get("text_layer_shape_doubt", []):
                why.append("可能取自错误位置，需人工核对")
                return "unsure", why
        return "certain", why
    threshold = float(settings["min_ocr_confidence"])
    certainty: Certainty = "certain"
    if fv.confidence < threshold:
        certainty = "unsure"
        why.append(f"识别置信度{fv.confidence:.2f}低于{threshold:.2f}")
    else:
        why.append(f"识别置信度{fv.confidence:.2f}")
    if problem:
        certainty = "unsure"
        why.append(f"识别结果{problem}")
    if kind == "date" and _uneven_date(fv.raw):
        certainty = "unsure"
        why.append("日期数字位数不一致（如2024-08-3），可能有数字被遮挡")
    return certainty, why


# a printed date: year, month and day as printed (2024-08-3, 2024年08月3日)
_PRINTED_DATE = re.compile(r"(?<!\d)(\d{4})\s*[-./年]\s*(\d{1,2})\s*[-./月]\s*(\d{1,2})(?!\d)")


def _uneven_date(raw: str | None) -> bool:
    """Whether an OCR'd date prints one of month and day zero-padded and the other as one digit
    (审核日期：2024-08-3, the 0 of 30 under a seal's ring): a printer pads both or neither, so a
    digit was lost and the day read may be another."""
    m = _PRINTED_DATE.search(raw or "")
    if m is None:
        return False
    month, day = m.group(2), m.group(3)
    return (len(month) == 2 and month.startswith("0") and len(day) == 1) or (
        len(day) == 2 and day.startswith("0") and len(month) == 1)


# --------------------------------------------------------------------------- agreement


@dataclass
class _Source:
    where: str  # Chinese, for `why`
    file: str | None  # None = the declared data
    doc: int | None
    field: str
    value: str  # normalised
    certainty: Certainty
    ocr: bool
    why: list[str] = field(default_factory=list)


def _norm(kind: str, value: Any) -> str:
    text = nfkc(str(value))
    return text.upper() if kind == "id_number" else text


def lookalike(kind: str, a: str, b: str, settings: dict[str, Any]) -> bool:
    """Whether `a` differs from `b` only as a misreading would: characters the recogniser
    confuses, stray non-Han marks, or (ID numbers) a few digits; and (unit names) a lost character."""
    if a == b:
        return False
    if kind == "id_number":
        if len(a) != len(b):
            return False
        return sum(x != y for x, y in zip(a, b)) <= int(settings["max_misread_digits"])
    threshold = float(settings["lookalike_similarity"])
    lost_han = 0
    for op, i, j in Levenshtein.editops(a, b):
        if op == "replace":
            x, y = a[i], b[j]
            if is_han(x) and is_han(y) and confusable.similarity(x, y) < threshold:
                return False
        else:
            ch = a[i] if op == "delete" else b[j]
            if is_han(ch):
                lost_han += 1
    if lost_han == 0:
        return True
    return kind == "unit" and lost_han <= int(settings["max_lost_han_in_unit"]) and min(len(a), len(b)) >= 6


def _sources(case: Case, spec: dict[str, Any], graded: dict[tuple[int, str], tuple[Certainty, list[str]]]) -> list[_Source]:
    kind = spec["kind"]
    out: list[_Source] = []
    declared = getattr(case.declared, spec["declared"], None) if case.declared is not None else None
    if isinstance(declared, str) and nfkc(declared):
        out.append(_Source("申报信息", None, None, spec["declared"], _norm(kind, declared), "certain", False))
    for i, doc in enumerate(case.documents):
        for name in spec["fields"]:
            fv = doc.fields.get(name)
            if fv is None or not fv.found or isinstance(fv.value, (list, dict, bool)):
                continue
            certainty, why = graded[(i, name)]
            out.append(_Source(f"{doc.file}", doc.file, i, name, _norm(kind, fv.value), certainty,
                               fv.source != "pdf_text", list(why)))
    return out


def _agree(spec: dict[str, Any], sources: list[_Source], settings: dict[str, Any]) -> None:
    """Weigh each read value against the others of the same quantity (in place)."""
    kind = spec["kind"]
    for s in sources:
        if s.doc is None:
            continue
        others = [o for o in sources if o is not s and o.file != s.file]
        same = [o for o in others if o.value == s.value]
        if same and settings.get("agreement_needs_majority") and not any(o.doc is None for o in same):
            against = [o for o in others if o.certainty == "certain" and o.value != s.value]
            n_same, n_against = len({o.file for o in same}), len({o.file for o in against if o.doc is not None})
            if any(o.doc is None for o in against) and n_against > n_same:
                s.why.append(f"仅与{n_same}份其他材料一致，与申报信息及{n_against}份材料不一致，需人工核对")
                if s.ocr:
                    s.certainty = "unsure"
                continue
        if same:
            where = "申报信息" if any(o.doc is None for o in same) else ""
            n_docs = len({o.file for o in same if o.doc is not None})
            parts = [p for p in (where, f"{n_docs}份其他材料" if n_docs else "") if p]
            s.why.append("与" + "及".join(parts) + "一致")
            if s.certainty != "certain":
                s.certainty = "certain"  # two independent readings do not misread alike
            continue
        if not s.ocr or s.certainty != "certain":
            continue
        near = [o for o in others if o.certainty == "certain" and lookalike(kind, s.value, o.value, settings)]
        if near:
            s.certainty = "unsure"
            s.why.append(f"与{'申报信息' if near[0].doc is None else '其他材料'}仅差形近字或个别字符，疑似识别差异")
            continue
        # One OCR reading that no independent source repeats, against certain ones that say
        # otherwise: a misread or the wrong line taken for the value is likelier than another
        # person's document, and a reviewer's look settles it. An ID number whose check digit and
        # birth date hold and that differs from the others in more places than a misread does
        # vouches for itself (a misread breaks the checksum ten times in eleven).
        against = [o for o in others if o.certainty == "certain"]
        if against and not (kind == "id_number" and _self_certifying(s.value, against, settings)):
            s.certainty = "unsure"
            s.why.append(f"仅此一份材料识别为此值，与{'申报信息' if any(o.doc is None for o in against) else '其他材料'}不一致，需人工核对")


def _self_certifying(value: str, against: list[_Source], settings: dict[str, Any]) -> bool:
    if not check_id_number(value).valid:
        return False
    limit = int(settings["max_misread_digits"])
    return all(len(o.value) == len(value) and sum(x != y for x, y in zip(value, o.value)) > limit for o in against)


def reread_note(fv: FieldValue, settings: dict[str, Any]) -> tuple[FieldValue, list[str]]:
    """A person's name read again against the declared one (pipeline/intake/readings.py): read as
    the declared name when the recogniser scores it within `reread_min_margin` of its best reading."""
    r = fv.reread
    if not r or not fv.found or not isinstance(r.get("margin"), (int, float)) or not r.get("text"):
        return fv, []
    least = float(settings["reread_min_margin"])
    if r["margin"] < least:
        return fv, [f"按申报姓名“{r['text']}”复核字形：似然差{r['margin']:.1f}，低于{least:.1f}，不相符"]
    revised = fv.model_copy(update={"value": r["text"], "raw": fv.raw or str(fv.value)})
    return revised, [f"识别为“{fv.value}”，按申报姓名复核字形相符（似然差{r['margin']:.1f}，不低于{least:.1f}）"]


def _apply_rereads(case: Case, settings: dict[str, Any]) -> tuple[Case, dict[tuple[int, str], list[str]]]:
    notes: dict[tuple[int, str], list[str]] = {}
    documents = []
    for i, doc in enumerate(case.documents):
        fields = dict(doc.fields)
        for name, fv in doc.fields.items():
            revised, note = reread_note(fv, settings)
            if note:
                notes[(i, name)] = note
                fields[name] = revised
        documents.append(doc if fields == doc.fields else doc.model_copy(update={"fields": fields}))
    return (case.model_copy(update={"documents": documents}) if notes else case), notes


def assess_case(case: Case, overrides: dict[str, Any] | None = None) -> Case:
    """The case with every found field's `certainty` and `why` decided.

    Args:
        case: the applicant's documents and declared data.
        overrides: a policy's `certainty:` block (keys of pipeline/values/certainty.yaml).

    Returns:
        A copy of the case whose documents' fields carry certainty and why.
    """
    settings = settings_with(overrides)
    case, notes = _apply_rereads(case, settings)
    graded: dict[tuple[int, str], tuple[Certainty, list[str]]] = {}
    for i, doc in enumerate(case.documents):
        for name, fv in doc.fields.items():
            certainty, why = own_certainty(name, fv, settings)
            graded[(i, name)] = (certainty, notes.get((i, name), []) + why)
    for spec in settings["quantities"].values():
        sources = _sources(case, spec, graded)
        _agree(spec, sources, settings)
        for s in sources:
            if s.doc is not None:
                graded[(s.doc, s.field)] = (s.certainty, s.why)
    documents: list[Document] = []
    for i, doc in enumerate(case.documents):
        fields = {
            name: fv.model_copy(update={"certainty": graded[(i, name)][0], "why": graded[(i, name)][1]})
            for name, fv in doc.fields.items()
        }
        documents.append(doc.model_copy(update={"fields": fields}))
    return case.model_copy(update={"documents": documents})


def assessed(case: Case) -> bool:
    """Whether every found field of the case already carries a certainty."""
    return all(fv.certainty is not None for d in case.documents for fv in d.fields.values() if fv.found)
