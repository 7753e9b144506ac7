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

Two optional labelled elements may follow 是否增刊, in any order, before or after the title (issue:
004 §四(二) counts 业绩 to a cutoff; 004 附件1 §四 asks the unit's 查重报告 for a paper CNKI does not
hold): `发表:2022-05` (also 发表时间/发表日期; a date 2022-05-12 or a month 2022-05, 2022年5月, 202205) and
`知网:否` (also 知网收录; 是 or 否), e.g. `省级;20%;否;发表:2022年5月;知网:否;桥梁检测技术研究`. An element is
a whole `;`-separated piece beginning with its label and a colon (`:` or `：`); every other piece is the
title's, so a title keeps its own semicolons. An element that cannot be read is named in the problem
and left out; the paper is kept.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date
from typing import Any

from pydantic import ValidationError

from preaudit.pipeline.model import APPLICATION_TYPES, TITLE_LEVELS, Paper
from preaudit.pipeline.values.text import nfkc, parse_date, parse_month

# A cell that says "none" (no current title, no certificate, no paper).
NONE_WORDS = frozenset({"无", "没有", "暂无", "-", "—", "/", "／"})
PAPERS_EXAMPLE = "核心;12%;否|省级;20%;否;发表:2022-05;知网:否"
_PAPER_SPLIT = re.compile(r"[|｜\n\r]+")
_FIELD_SPLIT = re.compile(r"[;；]")
_PERCENT = re.compile(r"(\d+(?:\.\d+)?)\s*%?")
_COUNT = re.compile(r"(\d+)\s*次?")
_YES = frozenset({"是", "y", "yes", "true", "1", "增刊"})
_NO = frozenset({"否", "n", "no", "false", "0", "正刊"})
# The 论文 cell's labelled elements (label: value), matched on a piece after NFKC (：-> :, no spaces).
_ELEMENT = re.compile(r"(发表时间|发表日期|发表|知网收录|知网)[:](.*)")
_ELEMENT_NAMES = {"发表时间": "published", "发表日期": "published", "发表": "published",
                  "知网收录": "in_cnki", "知网": "in_cnki"}
_PIECES = re.compile(r"([;；])")
_CNKI_YES = frozenset({"是", "收录", "已收录", "y", "yes", "true", "1"})
_CNKI_NO = frozenset({"否", "未收录", "不收录", "没有收录", "n", "no", "false", "0"})

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


def _published(value: str) -> tuple[tuple[date, bool] | None, str | None]:
    """发表时间: a full date, else a month (read as its first day, flagged as a month)."""
    day = parse_date(value)
    if day is not None:
        return (day, False), None
    month = parse_month(value)
    if month is not None:
        return (date(int(month[:4]), int(month[5:]), 1), True), None
    return None, f"发表时间“{value}”应为日期或年月（如 2022-05 或 2022年5月12日）"


def _in_cnki(value: str) -> tuple[bool | None, str | None]:
    flat = nfkc(value).lower()
    if flat in _CNKI_YES or flat in _CNKI_NO:
        return flat in _CNKI_YES, None
    return None, f"知网收录“{value}”应为是或否"


def _elements(rest: str) -> tuple[dict[str, Any], str | None, list[str]]:
    """The labelled elements among the pieces after 是否增刊 ({published, published_month, in_cnki}),
    the title (the other pieces with their own separators) and what could not be read."""
    tokens = _PIECES.split(rest)
    values: dict[str, Any] = {}
    seen: set[str] = set()
    title: list[str] = []
    problems: list[str] = []
    for i in range(0, len(tokens), 2):
        piece = tokens[i]
        m = _ELEMENT.fullmatch(nfkc(piece))
        if m is None:
            title.append((tokens[i - 1] if i and title else "") + piece)
            continue
        name, value = _ELEMENT_NAMES[m.group(1)], piece.split(":" if ":" in piece else "：", 1)[1].strip()
        if name in seen:
            problems.append(f"{m.group(1)}重复填写")
            continue
        seen.add(name)
        if name == "published":
            read, why = _published(value)
            if read is not None:
                values["published"], values["published_month"] = read
        else:
            flag, why = _in_cnki(value)
            if flag is not None:
                values["in_cnki"] = flag
        if why:
            problems.append(why)
    text = "".join(title).strip()
    return values, (text or None), problems


def _paper(part: str) -> tuple[Paper | None, str | None]:
    """One paper, or None and what is wrong; a paper may come with a problem (an element left out)."""
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
    extra, title, problems = _elements(fields[3]) if len(fields) > 3 else ({}, None, [])
    why = f"{'；'.join(problems)}（该项未读取，论文其余各项已读取）" if problems else None
    try:
        paper = Paper(journal_level=level, similarity=float(m.group(1)), supplement=flag in _YES, title=title, **extra)
        return paper, why
    except ValidationError as exc:  # pragma: no cover - the checks above cover the model's bounds
        return None, str(exc.errors()[0]["msg"])


def papers(text: str) -> tuple[tuple[Paper, ...] | None, str | None]:
    """论文 (see the module docstring): every paper the cell holds. A paper that cannot be read is
    named in the problem with what is wrong; the papers that can be read are kept (one whose
    labelled element cannot be read is kept without it, and named)."""
    if _is_none(text):
        return (), None
    parts = [p.strip() for p in _PAPER_SPLIT.split(text) if p.strip()]
    read: list[Paper] = []
    bad: list[str] = []
    whole = 0
    for n, part in enumerate(parts, 1):
        paper, why = _paper(part)
        if paper is not None:
            read.append(paper)
            whole += why is None
        if why is not None:
            bad.append(f"第{n}篇“{part}”{why}")
    if not bad:
        return tuple(read), None
    kept = f"（其余{whole}篇已读取）" if whole else ""
    problem = (f"论文“{text}”无法完全识别：{'；'.join(bad)}{kept}。格式为“期刊级别;查重率;是否增刊"
               f"[;发表:年月][;知网:是或否][;论文题目]”，多篇用“|”分隔，如 {PAPERS_EXAMPLE}")
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
