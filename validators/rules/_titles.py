"""The titles an applicant holds: the declared current title (现有职称级别, 取得现职称时间) and the 职称证书
uploaded (title_certificate), which the seniority, tenure and title rules share.

Several certificates may be uploaded: the titles before the current one, and after a 转系列 the title
in the old series beside the one in the new (001 §二(七): 其晋升上一级职称时，同时上传前后取得的职称). The
current title is the highest level read; of several at that level, the latest.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from preaudit.pipeline.model import TITLE_LEVELS, Case, DocType, Document, year_month
from preaudit.pipeline.values.text import nfkc
from preaudit.validators.rules._common import match_key


@dataclass(frozen=True)
class Held:
    """One uploaded 职称证书 as the rules read it."""

    index: int
    doc: Document
    level: str | None
    obtained: date | None  # a month alone counts from its first day
    obtained_text: str | None  # YYYY-MM-DD, or YYYY-MM where only a month is printed
    series: str | None


def _obtained(d: Document) -> tuple[date | None, str | None]:
    value = d.value("obtained_date")
    when = d.date("obtained_date")
    if when is not None:
        return when, when.isoformat()
    month = year_month(value) if isinstance(value, str) else None
    return (date(int(month[:4]), int(month[5:]), 1), month) if month else (None, None)


def held(case: Case) -> list[Held]:
    """Every uploaded 职称证书, oldest first (undated ones last)."""
    out = []
    for i, d in case.of_type(DocType.TITLE_CERTIFICATE):
        when, text = _obtained(d)
        series = d.value("series")
        out.append(Held(i, d, match_key(d.value("title_level"), TITLE_LEVELS), when, text,
                        series if isinstance(series, str) and nfkc(series) else None))
    return sorted(out, key=lambda h: (h.obtained is None, h.obtained or date.min))


def rank(level: str | None) -> int:
    return TITLE_LEVELS.index(level) if level in TITLE_LEVELS else -1


def current(case: Case, level: str | None = None) -> Held | None:
    """The certificate of the current title: of `level` where given (the declared 现有职称级别), else
    of the highest level read; the latest of several."""
    certs = [h for h in held(case) if h.level is not None]
    if level is not None:
        certs = [h for h in certs if h.level == level]
    if not certs:
        return None
    top = max(rank(h.level) for h in certs)
    return [h for h in certs if rank(h.level) == top][-1]


def declared_current_level(case: Case) -> str | None:
    d = case.declared
    return match_key(d.current_title_level if d else None, TITLE_LEVELS)


@dataclass(frozen=True)
class TitleStart:
    """When the current title was obtained, and from where: the declared 取得现职称时间, else (the
    manifest lacks it) the date on the certificate of the current title."""

    when: date
    source: str  # declared_title | title_certificate
    relied: tuple[tuple[int | None, str], ...]
    index: int | None = None


def title_start(case: Case, level: str | None = None) -> TitleStart | None:
    """The start of the current title (of `level`, else the declared or highest one)."""
    d = case.declared
    if d is not None and d.current_title_date is not None:
        return TitleStart(d.current_title_date, "declared_title", ((None, "current_title_date"),))
    h = current(case, level or declared_current_level(case))
    if h is None or h.obtained is None:
        return None
    return TitleStart(h.obtained, "title_certificate", ((h.index, "obtained_date"), (h.index, "title_level")), h.index)


def series_key(text: str | None) -> str:
    """A series name for comparison: 工程系列 / 工程技术 / 工程 -> 工程."""
    flat = nfkc(text or "")
    for word in ("职称系列", "系列", "专业技术", "技术人员", "技术"):
        flat = flat.replace(word, "")
    return flat


def same_series(a: str | None, b: str | None) -> bool:
    """Whether two series names name one series (one contains the other once normalised)."""
    ka, kb = series_key(a), series_key(b)
    return bool(ka and kb) and (ka in kb or kb in ka)


def ocr_only(case: Case, h: Held, name: str) -> bool:
    """Whether the certificate's `name` was read by OCR and no other certificate repeats it: against
    the declared data, one OCR reading is at most a warning (pipeline/values/certainty.py: one reading
    no independent source repeats, against a certain value, asks for a human look)."""
    fv = h.doc.fields.get(name)
    if fv is None or fv.source == "pdf_text":
        return False
    return not any(o.index != h.index and o.doc.value(name) == fv.value for o in held(case))
