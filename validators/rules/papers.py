"""Papers: a declared paper published after the notice's 业绩 cutoff (004 §四(二)), and the unit's
查重报告 for a paper CNKI does not hold compared with the declared paper (004 附件1 §四)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

from rapidfuzz import fuzz

from preaudit.pipeline.model import Case, DocType, Document, Finding, Paper
from preaudit.pipeline.values.text import nfkc
from preaudit.validators.registry import finding, rule
from preaudit.validators.rules._common import declared_attr, doc_label, match_key


def declared_papers(case: Case) -> tuple[Paper, ...]:
    """The declared papers (`Declared.papers`, the manifest's 论文 column); () when none."""
    papers = declared_attr(case, "papers")
    return tuple(p for p in papers if isinstance(p, Paper)) if isinstance(papers, (list, tuple)) else ()


def paper_name(paper: Paper, n: int) -> str:
    return f"论文《{paper.title}》" if paper.title else f"第{n}篇论文"


def published_text(paper: Paper) -> str | None:
    """发表时间 as the clerk gave it: 2022年10月 for a month, 2022年10月1日 for a day."""
    p = paper.published
    if p is None:
        return None
    return f"{p.year}年{p.month}月" if paper.published_month else f"{p.year}年{p.month}月{p.day}日"


# 004 §四(二) 业绩时限: 申报人员的业绩均计算到2022年9月30日为止……若在该时限之后取得的业绩，可作为下次申报职称的
# 业绩成果.
@rule("achievements.cutoff")
def achievements_cutoff(case: Case, *, cutoff: date) -> Iterator[Finding]:
    """PAPER_AFTER_CUTOFF for each declared paper whose 发表时间 is after `cutoff`: it does not count
    for this year's application (it may for the next). A month counts when any day of it is on or
    before the cutoff (2022-09 counts for 2022-09-30, and for 2022-09-15); only a month wholly after
    it (2022-10) is reported. Papers without a declared 发表时间 are not judged."""
    for n, paper in enumerate(declared_papers(case), 1):
        if paper.published is None or paper.published <= cutoff:
            continue
        when = published_text(paper)
        name = paper_name(paper, n)
        yield finding(
            "PAPER_AFTER_CUTOFF",
            f"{name}的发表时间为{when}，晚于业绩截止日期{cutoff.year}年{cutoff.month}月{cutoff.day}日，"
            "不能作为本年度申报的业绩成果（可作为下次申报职称的业绩成果）。请核对发表时间，或不将该论文作为本次申报的业绩。",
            evidence={"paper": n, "title": paper.title, "published": paper.published.isoformat()[:7 if paper.published_month else 10],
                      "cutoff": cutoff.isoformat()},
            relied_on=[(None, "papers")],
        )


def _rate(d: Document) -> float | None:
    value = d.value("similarity")
    try:
        rate = float(str(value).rstrip("%％")) if value is not None else None
    except ValueError:
        return None
    return rate if rate is not None and 0 <= rate <= 100 else None


def _paper_of(d: Document, papers: tuple[Paper, ...], min_title_similarity: float) -> tuple[int, Paper, str] | None:
    """The declared paper a report is of ((number, paper, how)): the one whose title the report's 篇名
    matches best (`min_title_similarity`, rapidfuzz ratio after NFKC), else, where titles cannot tell,
    the one paper declared 知网:否 (or the one paper declared at all). None when the report cannot be
    paired with a paper (a title that matches none, or several candidates)."""
    title = d.value("title")
    numbered = list(enumerate(papers, 1))
    if isinstance(title, str) and nfkc(title):
        scored = [(fuzz.ratio(nfkc(title), nfkc(p.title)), n, p) for n, p in numbered if p.title]
        best = max(scored, key=lambda x: x[0], default=None)
        if best is not None and best[0] >= min_title_similarity:
            return best[1], best[2], "title"
        if scored:
            return None  # titles are declared and none is this report's
    unchecked = [(n, p) for n, p in numbered if p.in_cnki is False]
    pool = unchecked or numbered
    if len(pool) == 1:
        return pool[0][0], pool[0][1], "only_paper"
    return None


def _paired_reports(case: Case, min_title_similarity: float) -> Iterator[tuple[int, Document, float, int, Paper, dict]]:
    """Each 查重报告 whose rate was read and that fits a declared paper: (index, document, rate, the paper's
    number, the paper, the evidence both rules show). A report whose rate was not read (fields.required
    asks for it) or that fits no declared paper is left out."""
    papers = declared_papers(case)
    if not papers:
        return
    for i, d in case.of_type(DocType.PLAGIARISM_REPORT):
        rate = _rate(d)
        paired = _paper_of(d, papers, min_title_similarity) if rate is not None else None
        if rate is None or paired is None:
            continue
        n, paper, how = paired
        evidence = {"document": d.doc_type.value, "file": d.file, "paper": n, "title": paper.title,
                    "report_title": d.value("title"), "paired_by": how, "report_similarity": rate,
                    "declared_similarity": paper.similarity}
        yield i, d, rate, n, paper, evidence


# 004 附件1 §四: “中国知网”未收录的论文，由用人单位统一联系“中国知网”工作人员进行查重，并出具查重报告，经用人单位审核无误后，
# 加盖本单位公章上传.
@rule("papers.report")
def papers_report(case: Case, *, tolerance: float, min_title_similarity: float = 80.0) -> Iterator[Finding]:
    """PLAGIARISM_RATE_MISMATCH for each uploaded 查重报告 whose 总文字复制比 differs from the declared 查重率
    of the paper it is of (`_paper_of`: by title, else the one paper declared 知网:否) by more than
    `tolerance` percentage points (a declared rate may be rounded). It relies on the report's reading:
    the rule layer grades it a warning asking for a human look where that reading is unsure."""
    for i, d, rate, n, paper, evidence in _paired_reports(case, min_title_similarity):
        if abs(rate - paper.similarity) <= tolerance:
            continue
        yield finding(
            "PLAGIARISM_RATE_MISMATCH",
            f"{doc_label(d.doc_type)}（文件“{d.file}”）的总文字复制比为{rate:g}%，与申报信息填写的{paper_name(paper, n)}"
            f"查重率{paper.similarity:g}%不一致。请核对查重报告，按查重报告如实填写查重率。",
            documents=[i],
            evidence=evidence | {"tolerance": tolerance},
            relied_on=[(i, "similarity"), (None, "papers")],
        )


# 004 附件1 §四: 重新调整论文查重率，调整后核心期刊为15%、省级期刊为25%，超过比例范围的不按相应级别论文对待.
@rule("papers.report_limit")
def papers_report_limit(case: Case, *, limits: dict[str, float], min_title_similarity: float = 80.0) -> Iterator[Finding]:
    """PLAGIARISM_RATE_HIGH for each uploaded 查重报告 whose rate exceeds `limits[journal_level]` of the
    paper it is of (the limit itself is allowed; a level without a limit is not judged) while the
    declared 查重率 does not: the paper cannot count at its level. Where the declared rate is over the
    limit too, education.paper_similarity has said so already."""
    for i, d, rate, n, paper, evidence in _paired_reports(case, min_title_similarity):
        level = match_key(paper.journal_level, limits)
        if level is None or rate <= limits[level] or paper.similarity > limits[level]:
            continue
        name = paper_name(paper, n)
        yield finding(
            "PLAGIARISM_RATE_HIGH",
            f"{doc_label(d.doc_type)}（文件“{d.file}”）的总文字复制比为{rate:g}%，超过{level}期刊{limits[level]:g}%的上限，"
            f"{name}不能按{level}期刊论文对待。请核对查重报告，或不将该论文作为{level}期刊论文申报。",
            documents=[i],
            evidence=evidence | {"journal_level": level, "limit": limits[level]},
            relied_on=[(i, "similarity")],
        )
