"""The typed manifest cells (issue 15): what a clerk types in applicants.csv/.xlsx or applicant.yaml
for the current title, the application type, continuing education, papers, returns and the 用工单位
of a dispatched applicant, read into
the values of `Declared`.

A cell is text (ingest's `_cell` has turned Excel dates and numbers into text). Each reader returns
(value, problem): a value it understood, or None and a Chinese problem that quotes the cell and
says what to type instead. Nothing here raises over what a clerk typed.

The 论文 cell: one paper is `期刊级别;查重率;是否增刊[;论文题目]`, several are joined with `|` (or one
per line within the cell), e.g. `核心;12%;否|省级;20%;否;桥梁检测技术研究`. 期刊级别 is 核心, 省级 or 其他
(004 附件1 §四 grades papers by 核心期刊/省级期刊), 查重率 a percentage (12%, 12, 12.5 %), 是否增刊 是 or
否. `无` declares no papers.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date
from typing import Any

from pydantic import ValidationError

from preaudit.pipeline.model import APPLICATION_TYPES, TITLE_LEVELS, Paper
from preaudit.pipeline.values.text import nfkc, parse_date

# A cell that says "none" (no current title, no certificate, no paper).
NONE_WORDS = frozenset({"无", "没有", "暂无", "-", "—", "/", "／"})
PAPERS_EXAMPLE = "核心;12%;否|省级;20%;否"
_PAPER_SPLIT = re.compile(r"[|｜\n\r]+")
_FIELD_SPLIT = re.compile(r"[;；]")
_PERCENT = re.compile(r"(\d+(?:\.\d+)?)\s*%?")
_COUNT = re.compile(r"(\d+)\s*次?")
_YES = frozenset({"是", "y", "yes", "true", "1", "增刊"})
_NO = frozenset({"否", "n", "no", "false", "0", "正刊"})

Reader = Callable[[str], tuple[Any, str | None]]


def _is_none(text: str) -> bool:
    return nfkc(text) in NONE_WORDS


def title_level(text: str) -> tuple[str | None, str | None]:
    """现有职称级别: the one level the cell names (中级（工程师） -> 中级); 无 -> None without a problem.
    高级 or 初级 alone name two levels each and are refused, as is anything naming none."""
    if _is_none(text):
        return None, None
    flat = nfkc(text)
    named = [lv for lv in TITLE_LEVELS if lv in flat]
    # 副高级 and 正高级 contain no other level's name, but "高级" does not name one of them alone.
    if len(named) == 1:
        return named[0], None
    return None, (f"现有职称级别“{text}”无法识别，应为{'、'.join(TITLE_LEVELS)}之一"
                  "（“高级”请写明副高级或正高级，“初级”请写明员级或助理级；无现有职称请留空）")


def full_date(label: str) -> Reader:
    """A reader of a full date (2020-07-15, 2020年7月15日, 2020/7/15, 20200715) for the column `label`;
    a month alone is refused: the counts start from a day (001 §二(二)1 满48个月)."""

    def read(text: str) -> tuple[date | None, str | None]:
        if _is_none(text):
            return None, None
        parsed = parse_date(text)
        if parsed is None:
            return None, f"{label}“{text}”无法识别，请填写完整日期（年月日，如 2020-07-15）"
        return parsed, None

    return read


def application_type(text: str) -> tuple[str | None, str | None]:
    """申报类型: the one of 首次认定/晋升/转系列/调入 the cell names."""
    flat = nfkc(text)
    named = [t for t in APPLICATION_TYPES if t in flat]
    if len(named) == 1:
        return named[0], None
    return None, f"申报类型“{text}”无法识别，应为{'、'.join(APPLICATION_TYPES)}之一"


def certificate_number(text: str) -> tuple[str | None, str | None]:
    """继续教育证书编号: any text but a "none" word (无 -> not declared, so the rule asks for it)."""
    return (None, None) if _is_none(text) else (nfkc(text), None)


def _journal_level(text: str) -> str | None:
    flat = nfkc(text)
    core, provincial = "核心" in flat, "省级" in flat
    if core and not provincial:
        return "核心"
    if provincial and not core:
        return "省级"
    if flat in {"其他", "一般", "普通"}:
        return "其他"
    return None


def _paper(part: str) -> tuple[Paper | None, str | None]:
    fields = [f.strip() for f in _FIELD_SPLIT.split(part, maxsplit=3)]
    if len(fields) < 3:
        return None, "须有期刊级别、查重率、是否增刊三项"
    level = _journal_level(fields[0])
    if level is None:
        return None, f"期刊级别“{fields[0]}”应为核心、省级或其他"
    m = _PERCENT.fullmatch(nfkc(fields[1]))
    if m is None or float(m.group(1)) > 100:
        return None, f"查重率“{fields[1]}”应为0–100的百分数（如 12%）"
    flag = nfkc(fields[2]).lower()
    if flag not in _YES and flag not in _NO:
        return None, f"是否增刊“{fields[2]}”应为是或否"
    title = fields[3] if len(fields) > 3 and fields[3] else None
    try:
        return Paper(journal_level=level, similarity=float(m.group(1)), supplement=flag in _YES, title=title), None
    except ValidationError as exc:  # pragma: no cover - the checks above cover the model's bounds
        return None, str(exc.errors()[0]["msg"])


def papers(text: str) -> tuple[tuple[Paper, ...] | None, str | None]:
    """论文 (see the module docstring): every paper the cell holds. A paper that cannot be read is
    named in the problem with what is wrong; the papers that can be read are kept."""
    if _is_none(text):
        return (), None
    parts = [p.strip() for p in _PAPER_SPLIT.split(text) if p.strip()]
    read: list[Paper] = []
    bad: list[str] = []
    for n, part in enumerate(parts, 1):
        paper, why = _paper(part)
        if paper is None:
            bad.append(f"第{n}篇“{part}”{why}")
        else:
            read.append(paper)
    if not bad:
        return tuple(read), None
    kept = f"（其余{len(read)}篇已读取）" if read else ""
    problem = (f"论文“{text}”无法完全识别：{'；'.join(bad)}{kept}。格式为“期刊级别;查重率;是否增刊[;论文题目]”，"
               f"多篇用“|”分隔，如 {PAPERS_EXAMPLE}")
    return (tuple(read) if read else None), problem


def unit_name(text: str) -> tuple[str | None, str | None]:
    """用工单位: a unit's name as typed (compared as 申报单位 is: normalised, then fuzzy-matched); a
    "none" word (无, /) or an empty cell means the applicant is not dispatched."""
    return (None, None) if _is_none(text) else (text.strip() or None, None)


def former_post(text: str) -> tuple[str | None, str | None]:
    """原岗位类别: the post category left for a professional post (管理, 工勤: 003 §二 Q10), as typed;
    a "none" word, an empty cell or 专技 (no change) reads as None. Which words mark a change is the
    policy's (`condition_words` of documents.required)."""
    flat = nfkc(text)
    if _is_none(text) or not flat or flat in {"专技", "专业技术", "专业技术岗位", "否"}:
        return None, None
    return text.strip(), None


def count(label: str) -> Reader:
    """A reader of a count (2, 2次) for the column `label`."""

    def read(text: str) -> tuple[int | None, str | None]:
        m = _COUNT.fullmatch(nfkc(text))
        if m is None:
            return None, f"{label}“{text}”无法识别，请填写0或正整数（如 2）"
        return int(m.group(1)), None

    return read


# Declared key -> its reader; the other keys are plain text (or ingest's own: 专业对口, 申报日期, 身份证号).
READERS: dict[str, Reader] = {
    "current_title_level": title_level,
    "current_title_date": full_date("取得现职称时间"),
    "appointment_date": full_date("聘任时间"),
    "application_type": application_type,
    "continuing_education": certificate_number,
    "papers": papers,
    "returns_count": count("退回次数"),
    "user_unit": unit_name,
    "former_post": former_post,
}
