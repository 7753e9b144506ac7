"""教育部学历证书电子注册备案表 / 学历在线验证报告 (学信网): the education record.

Labels stand in any position the 学信网 designs put them: a two-column grid of label cells with
their values to the right (姓名 … 性别 …), `label：value` runs, labels set small above their values,
the 在线验证码 in a box under its label, printed in groups of four. The shared FieldReader reads
each label's neighbours (the rest of its line, the cell to its right, the line below); here every
reading is then checked against what the field can be, and a reading that does not fit gives way
to the label's next candidate:

- dates must be real dates (OCR's O for 0 and l for 1 inside a date are read as digits), and in
  order (born before enrolled before graduated);
- 证书编号 17–18 digits; 在线验证码 16 letters and digits (groups of four joined; a browser print
  also carries it in its URL, vcode=…);
- 层次, 学历类别, 学习形式 and 性别 come from closed vocabularies: a reading one character off is
  snapped to the word, a reading that is none of them gives way to the next candidate;
- a name must look like a person's name, a school like a school; a label or a title is no value.

A value that fits no candidate is kept as first read, its confidence lowered below the
certainty threshold, so that a rule resting on it grades its finding as a question.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from typing import Any

from rapidfuzz.distance import Levenshtein

from preaudit.extractors.base import ROUTE_FACTORS, FieldReader, Hit, field_from_hit, load_labels, register
from preaudit.extractors.common import best_id_number, date_value, read_fields, reader_for, unlabelled_name
from preaudit.pipeline.model import DocType, FieldValue, Page
from preaudit.pipeline.values.shapes import is_blank, person_name_problem
from preaudit.pipeline.values.text import nfkc

LABELS = load_labels("xuexin_record")
FIELDS = (
    "name", "gender", "id_number", "birth_date", "enrollment_date", "graduation_date", "school",
    "major", "duration", "level", "education_type", "study_mode", "certificate_number",
    "verification_code", "valid_until", "update_date",
)
# a value that fits no candidate: read less surely than the certainty threshold (0.90) allows
MISFIT = 0.85
_DATE_FIELDS = ("birth_date", "enrollment_date", "graduation_date", "valid_until", "update_date", "award_date")
_LOOKALIKE_DIGITS = str.maketrans({"O": "0", "o": "0", "D": "0", "Q": "0", "l": "1", "I": "1", "|": "1", "i": "1", "Z": "2", "S": "5", "B": "8"})
_DATE_RUN = re.compile(r"[0-9OoDQlIi|ZSB]{4}\s*[年.\-/]\s*[0-9OoDQlIi|ZSB]{1,2}\s*[月.\-/]\s*[0-9OoDQlIi|ZSB]{1,2}\s*日?")


@register(DocType.XUEXIN_RECORD)
def extract(pages: list[Page]) -> dict[str, FieldValue]:
    r = reader_for(pages, LABELS)
    fields = read_fields(r, LABELS, FIELDS)
    out = checked(r, fields, LABELS, CHECKS)
    if out["name"].value is None:
        # a report head that prints the name large above 性别 and 证件号码, with no label
        out["name"] = unlabelled_name(r, out["id_number"])
    return out


# ---------------------------------------------------------------- what each value can be


def _vocab(cfg: dict[str, Any], name: str) -> list[str]:
    return [nfkc(w) for w in (cfg.get("vocab") or {}).get(name, [])]


def snap(text: str, words: list[str]) -> str | None:
    """The vocabulary word a reading stands for: the word itself, the word with stray marks
    around it, or a word one character off (two for long words) where no other word is as
    close; None when the reading is none of them."""
    t = re.sub(r"[\s:：|.,，。·]", "", nfkc(text))
    if not t:
        return None
    if t in words:
        return t
    inside = [w for w in words if w in t and len(t) - len(w) <= 2 and not re.search(r"[\u4e00-\u9fff]", t.replace(w, "", 1))]
    if inside:
        return max(inside, key=len)
    best: tuple[int, str] | None = None
    tie = False
    for w in words:
        if len(w) < 3:
            continue
        limit = 1 if len(w) < 6 else 2
        d = Levenshtein.distance(t, w, score_cutoff=limit)
        if d > limit:
            continue
        if best is None or d < best[0]:
            best, tie = (d, w), False
        elif d == best[0] and w != best[1]:
            tie = True
    return best[1] if best and not tie else None


_DASHES = str.maketrans({c: "-" for c in "\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe58\ufe63\uff0d"})


def date_of(text: str) -> str | None:
    """A printed date as YYYY-MM-DD, also when OCR read a 0 as O or a 1 as l inside it, or a PDF
    wrote its hyphens as U+2010/U+2011; None for a date that does not exist (2012-02-30)."""
    text = nfkc(text).translate(_DASHES)
    value = date_value(text)
    if value is not None and len(value) == 10:
        return value
    m = _DATE_RUN.search(text)
    if m:
        value = date_value(m.group(0).translate(_LOOKALIKE_DIGITS))
        if value is not None and len(value) == 10:
            return value
    # a separator OCR lost or misread (202408-24, 2024708/24, 2024年0824日), a clock run into the
    # day (2024-08-2410:31:36): a year, a two-digit month and a two-digit day still tell themselves apart
    flat = re.sub(r"\s", "", text)
    for m in re.finditer(r"(?<!\d)((?:19|20)\d{2}).?(0[1-9]|1[0-2]).?([0-3]\d)(?:(?!\d)|(?=\d{1,2}:\d{2}))", flat):
        value = date_value(f"{m.group(1)}-{m.group(2)}-{m.group(3)}")
        if value is not None and len(value) == 10:
            return value
    return None


def code_of(text: str, pattern: str) -> str | None:
    """The verification code in a reading: its groups of four joined, upper-case, exactly the
    code's length (a longer run is another number, a shorter one lost a group)."""
    t = re.sub(r"[\s\-_·]", "", nfkc(text)).upper()
    found = [m.group(0) for m in re.finditer(rf"(?<![A-Z0-9])({pattern})(?![A-Z0-9])", t)]
    return found[0] if found else None


def number_of(text: str, pattern: str) -> str | None:
    t = re.sub(r"\s", "", nfkc(text))
    m = re.search(rf"(?<!\d)({pattern})(?!\d)", t)
    return m.group(1) if m else None


def _not_label(r: FieldReader, text: str) -> bool:
    t = nfkc(text)
    return bool(t) and not is_blank(t) and not r.is_label(t)


def _name(r: FieldReader, text: str, cfg: dict[str, Any]) -> str | None:
    t = nfkc(text).strip(":：|")
    return t if person_name_problem(t) is None else None


def _school(r: FieldReader, text: str, cfg: dict[str, Any]) -> str | None:
    t = nfkc(text).strip(":：|")
    if not _not_label(r, t) or len(t) < 4:
        return None
    if not any(t.endswith(s) or (s + "(") in t for s in cfg.get("school_suffixes", [])):
        return None
    return t


def _major(r: FieldReader, text: str, cfg: dict[str, Any]) -> str | None:
    t = nfkc(text).strip(":：|")
    if not _not_label(r, t) or not re.search(r"[\u4e00-\u9fff]", t) or re.search(r"\d{4}", t):
        return None
    return t


def _duration(r: FieldReader, text: str, cfg: dict[str, Any]) -> str | None:
    t = nfkc(text).strip(":：|")
    return t if re.match(cfg.get("duration", r".+"), t) else None


def _vocab_check(name: str) -> Callable[[FieldReader, str, dict[str, Any]], str | None]:
    def check(r: FieldReader, text: str, cfg: dict[str, Any]) -> str | None:
        return snap(text, _vocab(cfg, name))

    return check


def _date(r: FieldReader, text: str, cfg: dict[str, Any]) -> str | None:
    return date_of(text)


def _id_number(r: FieldReader, text: str, cfg: dict[str, Any]) -> str | None:
    value, valid = best_id_number(text)
    return value if valid else None


def _certificate(r: FieldReader, text: str, cfg: dict[str, Any]) -> str | None:
    return number_of(text, cfg.get("certificate_number", r"\d{17,18}"))


def _code(r: FieldReader, text: str, cfg: dict[str, Any]) -> str | None:
    return code_of(text, cfg.get("verification_code", "[A-Z0-9]{16}"))


Check = Callable[[FieldReader, str, dict[str, Any]], "str | None"]
CHECKS: dict[str, Check] = {
    "name": _name,
    "gender": _vocab_check("gender"),
    "id_number": _id_number,
    "birth_date": _date,
    "enrollment_date": _date,
    "graduation_date": _date,
    "school": _school,
    "major": _major,
    "duration": _duration,
    "level": _vocab_check("level"),
    "education_type": _vocab_check("education_type"),
    "study_mode": _vocab_check("study_mode"),
    "certificate_number": _certificate,
    "verification_code": _code,
    "valid_until": _date,
    "update_date": _date,
}


# ---------------------------------------------------------------- candidates of a label


def candidates(r: FieldReader, labels: list[str], stops: list[str] | None) -> Iterator[tuple[str, Hit]]:
    """Every reading a label offers, best first: the shared reader's candidates (the rest of the
    label's line, the cell to its right, the line below), else the first reading of each label."""
    if hasattr(r, "candidates"):
        for cand in r.candidates(labels, stops):
            if not cand.blank:
                yield cand.text, cand.hit
        return
    for label in labels:  # pragma: no cover - a FieldReader without candidates()
        hit = r.after_label([label], stop_labels=stops)
        if hit is not None:
            yield hit.text, hit


def _raw(fv: FieldValue) -> str:
    return fv.raw or ("" if fv.value is None else str(fv.value))


def checked(r: FieldReader, fields: dict[str, FieldValue], cfg: dict[str, Any], checks: dict[str, Check]) -> dict[str, FieldValue]:
    """Each field's reading checked against what it can be; a reading that does not fit gives
    way to the first of its label's candidates that does, else stays, read less surely."""
    out = dict(fields)
    stops = cfg.get("stop_labels")
    for name, check in checks.items():
        fv = out.get(name, FieldValue())
        labels = [x for tier in _tiers(cfg["labels"][name]) for x in tier]
        if fv.value is not None:
            value = check(r, _raw(fv), cfg) or check(r, str(fv.value), cfg)
            if value is not None:
                out[name] = fv if value == fv.value else fv.model_copy(update={"value": value})
                continue
        found = None
        for text, hit in candidates(r, labels, stops):
            value = check(r, text, cfg)
            if value is not None:
                found = field_from_hit(hit, value)
                break
        if found is None:
            found = _fallback(r, name, cfg, check)
        if found is not None:
            out[name] = found
        elif fv.value is not None:
            out[name] = fv.model_copy(update={"confidence": round(min(fv.confidence, fv.confidence * MISFIT), 4)})
    _order_dates(out)
    return out


def _tiers(spec: Any) -> list[list[str]]:
    if spec and all(isinstance(item, list) for item in spec):
        return spec
    return [list(spec or [])]


def _fallback(r: FieldReader, name: str, cfg: dict[str, Any], check: Check) -> FieldValue | None:
    """Values that can be found without their label: the holder's ID number (the page's only
    number that validates as one), the certificate number (a line of its shape), the verification code (a line of groups that join into one, or
    the vcode=… of a browser print's URL)."""
    if name == "id_number":
        for item in r.lines:
            value, valid = best_id_number(item[2])
            if value is not None and valid and not re.search(r"\d" + value + r"|" + value + r"\d", item[2]):
                return field_from_hit(r.hit(item, 0, len(item[2])), value)
    if name == "certificate_number":
        # a line that is nothing but the 学历证书编号: 17 or 18 figures, the school's five, one of its kind,
        # then the year of graduation (10677 1 2014 …), and no ID number; found by its shape alone,
        # less surely
        first, last = cfg.get("certificate_years", (1950, 2035))
        for item in r.lines:
            digits = re.sub(r"\s", "", item[2])
            if (re.fullmatch(r"\d{17,18}", digits) and first <= int(digits[6:10]) <= last
                    and not best_id_number(digits)[1]):
                return field_from_hit(r.hit(item, 0, len(item[2])), digits, ROUTE_FACTORS["position"])
    if name == "verification_code":
        pattern = cfg.get("verification_code", "[A-Z0-9]{16}")
        for text, item in _label_rows(r, [x for tier in _tiers(cfg["labels"][name]) for x in tier]):
            value = code_of(text, pattern)
            if value:
                return field_from_hit(r.hit(item, 0, len(item[2])), value)
        for item in r.lines:
            raw = nfkc(item[1].text).upper()
            m = re.search(r"VCODE=([A-Z0-9]+)", raw)
            # a line of nothing but groups of four or more (four of four, two of eight: a web page's
            # wide letter-spacing read as a gap) that join into one code
            grouped = re.fullmatch(r"\s*[A-Z0-9]{4,}(?:\s+[A-Z0-9]{4,})*\s*", item[1].text.upper())
            text = m.group(1) if m else re.sub(r"\s", "", grouped.group(0)) if grouped else None
            if text and code_of(text, pattern) and re.search(r"\d", text) and re.search(r"[A-Z]", text):
                return field_from_hit(r.hit(item, 0, len(item[2])), code_of(text, pattern))
    return None


def _label_rows(r: FieldReader, labels: list[str]) -> Iterator[tuple[str, tuple[int, Any, str]]]:
    """The texts beside each occurrence of a label, boxes joined in reading order: the rest of its
    visual row, then the row just below it from the label's left edge on (a code printed in four
    boxes under its label)."""
    for i, _start, end in r.label_lines(labels):
        page_no, line, norm = r.lines[i]
        h = max(line.bbox.height, 0.004)
        right = [item for item in r.lines if item[0] == page_no and item[1] is not line
                 and abs(item[1].bbox.cy - line.bbox.cy) < 0.6 * h and item[1].bbox.x0 >= line.bbox.x1 - 0.005]
        yield norm[end:] + "".join(item[2] for item in sorted(right, key=lambda it: it[1].bbox.x0)), r.lines[i]
        below = [item for item in r.lines if item[0] == page_no and item[1] is not line
                 and line.bbox.y1 < item[1].bbox.cy < line.bbox.y1 + 3.5 * h and item[1].bbox.x1 > line.bbox.x0 - 0.005]
        if below:
            top = min(below, key=lambda it: it[1].bbox.cy)
            row = sorted((it for it in below if abs(it[1].bbox.cy - top[1].bbox.cy) < 0.6 * top[1].bbox.height),
                         key=lambda it: it[1].bbox.x0)
            yield "".join(it[2] for it in row), top


def _order_dates(out: dict[str, FieldValue]) -> None:
    """Born before enrolled before graduated: a date out of that order was misread (or belongs to
    another label); it is kept, read less surely."""
    order = [k for k in ("birth_date", "enrollment_date", "graduation_date") if out.get(k) and out[k].value]
    for a, b in zip(order, order[1:]):
        if str(out[a].value) >= str(out[b].value):
            for k in (a, b):
                fv = out[k]
                out[k] = fv.model_copy(update={"confidence": round(fv.confidence * MISFIT, 4)})

