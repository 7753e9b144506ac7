"""Insurance: consecutive paid months before the application date, paid in the policy's region."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date

from preaudit.pipeline.model import Case, DocType, Finding
from preaudit.pipeline.values.text import add_months, month_index, nfkc
from preaudit.validators.registry import finding, rule
from preaudit.validators.rules._common import join_cn


@dataclass(frozen=True)
class _Row:
    month: str
    status: str | None
    region: str | None
    index: int


def _rows(case: Case) -> list[_Row]:
    """Every monthly row of every pension certificate (the certificate's `region` fills a row's
    missing one)."""
    out = []
    for i, doc in case.of_type(DocType.PENSION_CERTIFICATE):
        default_region = doc.value("region") if isinstance(doc.value("region"), str) else None
        for row in doc.table("months"):
            out.append(_Row(month=row.month, status=row.status, region=row.region or default_region, index=i))
    return out


def required_window(
    as_of: date,
    education: str | None,
    months: int,
    months_by_education: dict[str, int] | None,
    end_offset_months: int,
    *,
    end: str | None = None,
) -> list[str]:
    """The months ('YYYY-MM', oldest first) that must be paid: `n` months ending at `end`, by
    default `end_offset_months` before the as_of month; `n` by education where the policy says so."""
    n = months
    if education:
        for key, value in (months_by_education or {}).items():
            if nfkc(key) and nfkc(key) in nfkc(education):
                n = value
                break
    if end is None:
        end = add_months(f"{as_of.year:04d}-{as_of.month:02d}", -end_offset_months)
    return [add_months(end, -k) for k in range(max(n, 0) - 1, -1, -1)]


@dataclass(frozen=True)
class WindowEnd:
    """The last month the streak is judged on, and why (the finding's evidence)."""

    month: str
    source: str  # as_of | print_date
    not_posted: str | None = None  # the month taken as not yet posted, so not judged


def window_end(case: Case, rows: list[_Row], end_offset_months: int) -> WindowEnd:
    """The last month a certificate can show, as the notice's own example has it (001 §五(五)2(1):
    a certificate printed in August shows the year to July: the print month is not yet posted).

    It is the month `end_offset_months` before as_of, or the latest print month when that is
    earlier. That month, when no certificate lists it and no certificate was printed after it
    (or none has a readable print date), is taken as not yet posted: the window ends the month
    before. A certificate printed after it that does not list it proves it unpaid."""
    end = add_months(f"{case.as_of.year:04d}-{case.as_of.month:02d}", -end_offset_months)
    source = "as_of"
    printed = [d.date("print_date") for i, d in case.of_type(DocType.PENSION_CERTIFICATE)
               if i in {r.index for r in rows}]
    latest = max((p for p in printed if p is not None), default=None)
    latest_month = f"{latest.year:04d}-{latest.month:02d}" if latest else None
    if latest_month is not None and month_index(latest_month) < month_index(end):
        end, source = latest_month, "print_date"
    listed = {r.month for r in rows}
    if end not in listed and (latest_month is None or month_index(end) >= month_index(latest_month)):
        return WindowEnd(add_months(end, -1), source, not_posted=end)
    return WindowEnd(end, source)


def _span(window: list[str]) -> str:
    return window[0] if len(window) == 1 else f"{window[0]}至{window[-1]}"


def _education(case: Case) -> str | None:
    return case.declared.education if case.declared else None


# 001 §二(二): 申报日之前在昆明连续缴纳6个月社保（硕士次月认定除外）; §五(五)2(1): 最近6个月连续参保
# （硕士及以上学历满足最近1个月即可）, judged on the months an August print can show (window_end).
@rule("insurance.streak")
def insurance_streak(
    case: Case,
    *,
    months: int = 6,
    months_by_education: dict[str, int] | None = None,
    end_offset_months: int = 1,
) -> Iterator[Finding]:
    """INSURANCE_STREAK_SHORT when a month of the required window has no row, or only rows whose
    status is not paid. A month whose rows' status could not be read at all is not held against
    the applicant (the extractor lowers the `months` confidence, so FIELD_UNREADABLE says so);
    it is listed under `unknown` in the evidence of a finding made for other months."""
    rows = _rows(case)
    if not rows:
        return  # no certificate or an unreadable table: DOC_MISSING / FIELD_UNREADABLE say so
    last = window_end(case, rows, end_offset_months)
    window = required_window(
        case.as_of, _education(case), months, months_by_education, end_offset_months, end=last.month
    )
    if not window:
        return
    by_month: dict[str, list[_Row]] = {}
    for r in rows:
        by_month.setdefault(r.month, []).append(r)
    missing = [m for m in window if m not in by_month]
    unknown = [
        m for m in window if m in by_month and all(r.status is None for r in by_month[m])
    ]
    unpaid = [
        m
        for m in window
        if m in by_month and m not in unknown and not any(r.status == "paid" for r in by_month[m])
    ]
    if not missing and not unpaid:
        return
    details = []
    if unpaid:
        details.append(f"{join_cn(unpaid)} 未缴费")
    if missing:
        details.append(f"{join_cn(missing)} 无缴费记录")
    n = len(window)
    yield finding(
        "INSURANCE_STREAK_SHORT",
        f"养老保险个人参保证明显示申报日前{n}个月（{_span(window)}）未连续缴费：{'；'.join(details)}。"
        f"申报前须连续缴纳{n}个月社保，请补缴后上传显示完整缴费记录的参保证明。",
        documents=sorted({r.index for r in rows}),
        evidence={
            "required_months": n,
            "window": [window[0], window[-1]],
            "missing": missing,
            "unpaid": unpaid,
            "unknown": unknown,
            "education": _education(case),
            "as_of": case.as_of.isoformat(),
            "window_end_source": last.source,
            "not_yet_posted": last.not_posted,
        },
        relied_on=[(i, "months") for i in sorted({r.index for r in rows})],
    )


# 001 §二(二): 在昆明连续缴纳; §五(五)2(1): 最近6个月在昆明市连续参保.
@rule("insurance.region")
def insurance_region(
    case: Case,
    *,
    region: str,
    also_accept: list[str] | None = None,
    months: int = 6,
    months_by_education: dict[str, int] | None = None,
    end_offset_months: int = 1,
) -> Iterator[Finding]:
    """INSURANCE_REGION when a month of the required window was paid only outside `region`.

    A row's region is inside when it contains `region` or one of `also_accept` (the region's
    districts and counties, which certificates print as 统筹区). Paid rows count first; rows of
    unknown region are skipped.
    """
    rows = _rows(case)
    if not rows:
        return
    last = window_end(case, rows, end_offset_months)
    window = required_window(
        case.as_of, _education(case), months, months_by_education, end_offset_months, end=last.month
    )
    wanted = [nfkc(w) for w in [region, *(also_accept or [])] if nfkc(w)]
    outside: dict[str, list[str]] = {}  # region -> months
    used: set[int] = set()
    for m in window:
        in_month = [r for r in rows if r.month == m]
        considered = [r for r in in_month if r.status == "paid"] or in_month
        known = [r for r in considered if r.region and nfkc(r.region)]
        if not known or any(w in nfkc(r.region or "") for r in known for w in wanted):
            continue
        outside.setdefault(known[0].region or "", []).append(m)
        used.update(r.index for r in known)
    if not outside:
        return
    where = "；".join(f"{join_cn(ms)} 参保地为“{reg}”" for reg, ms in outside.items())
    n = len(window)
    yield finding(
        "INSURANCE_REGION",
        f"养老保险个人参保证明显示{where}，不在{region}。申报前{n}个月（{_span(window)}）"
        f"须在{region}连续参保，请核实后上传在{region}参保的缴费证明。",
        documents=sorted(used),
        evidence={
            "region": region,
            "outside": {reg: ms for reg, ms in outside.items()},
            "window": [window[0], window[-1]],
            "as_of": case.as_of.isoformat(),
        },
        relied_on=[(i, "months") for i in sorted(used)],
    )


def _history_start(case: Case) -> str | None:
    """The earliest month the applicant is known to have been employed (and so insured): the
    earliest start of an uploaded labour contract, or None."""
    starts = [d.date("start_date")
              for _, d in case.of_type(DocType.CONTRACT_FILING, DocType.LABOR_CONTRACT)]
    starts = [s for s in starts if s is not None]
    return f"{min(starts).year:04d}-{min(starts).month:02d}" if starts else None


# 001 §五(五)2(1): 上传2024年8月份打印的《云南省城镇职工基本养老保险个人参保证明》，必须显示最近一年缴费明细及到账情况.
@rule("insurance.print_date")
def insurance_print_date(
    case: Case,
    *,
    print_from: date | None = None,
    print_until: date | None = None,
    months_shown: int = 12,
) -> Iterator[Finding]:
    """INSURANCE_PRINT_DATE, per pension certificate:

    - its `print_date` is outside [`print_from`, `print_until`] (either bound optional; an unread
      date is not judged);
    - its table stops short: the last month listed is before the month preceding the print month
      (or, without a print date, the as_of month);
    - its table starts late: the first month listed is after the start of the last
      `months_shown` months (counted back from the print month) although a labour contract shows
      the applicant employed then. A shorter history (a fresh graduate hired last month) is
      no fault: without a contract start the start is not judged.
    Any row, paid or not, counts as listed; the streak rule judges payment.
    """
    history = _history_start(case)
    for i, d in case.of_type(DocType.PENSION_CERTIFICATE):
        printed = d.date("print_date")
        if printed is not None and (
            (print_from is not None and printed < print_from)
            or (print_until is not None and printed > print_until)
        ):
            window = "至".join(x.isoformat() for x in (print_from, print_until) if x is not None)
            when = (
                f"{window}期间" if print_from and print_until
                else (f"{print_from.isoformat()}以后" if print_from else f"{print_until.isoformat()}以前")
            )
            yield finding(
                "INSURANCE_PRINT_DATE",
                f"养老保险个人参保证明的打印日期为{printed.isoformat()}，须为{when}打印。"
                f"请重新打印（可在12333APP或单位养老保险端口出具）并上传{when}打印、显示最近{months_shown}个月缴费明细的参保证明。",
                documents=[i],
                evidence={"print_date": printed.isoformat(),
                          "print_from": print_from.isoformat() if print_from else None,
                          "print_until": print_until.isoformat() if print_until else None},
            )
        shown = {row.month for row in d.table("months")}
        if not shown or months_shown <= 0:
            continue  # an unreadable table is FIELD_UNREADABLE's business
        anchor = printed or case.as_of
        end = f"{anchor.year:04d}-{anchor.month:02d}"
        first, last = min(shown), max(shown)
        due_from = add_months(end, -(months_shown - 1))
        if history is not None and history > due_from:
            due_from = history
        stale = month_index(last) < month_index(end) - 1
        late = history is not None and month_index(first) > month_index(due_from)
        if not (stale or late):
            continue
        yield finding(
            "INSURANCE_PRINT_DATE",
            f"养老保险个人参保证明只显示{first}至{last}的缴费明细，"
            f"须显示最近{months_shown}个月（截至{'打印' if printed else '申报'}月份{end}）的缴费明细及到账情况"
            + (f"（劳动合同显示{history}起已在职）" if late else "")
            + f"。请重新打印显示最近{months_shown}个月缴费明细的参保证明并上传。",
            documents=[i],
            evidence={"months_listed": len(shown), "first_month": first, "last_month": last,
                      "required_months": months_shown, "due_from": due_from, "employed_since": history,
                      "stops_short": stale, "starts_late": late,
                      "anchor": anchor.isoformat(), "anchor_source": "print_date" if printed else "as_of"},
        )
