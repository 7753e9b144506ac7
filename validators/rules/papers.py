"""Papers: a declared paper published after the notice's 业绩 cutoff (004 §四(二)), and the unit's
查重报告 for a paper CNKI does not hold compared with the declared paper (004 附件1 §四)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

from preaudit.pipeline.model import Case, Finding, Paper
from preaudit.validators.registry import finding, rule
from preaudit.validators.rules._common import declared_attr


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
