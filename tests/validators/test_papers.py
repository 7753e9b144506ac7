"""achievements.cutoff (004 §四(二)): a declared paper published after the 业绩 cutoff does not count
this year; papers.report (004 附件1 §四): the unit's 查重报告 against the declared paper."""

from __future__ import annotations

from datetime import date

import pytest

from preaudit.pipeline.model import Declared, Paper
from preaudit.validators import load_policy
from tests.validators.builders import codes, make_case

PINGLIANG = "pingliang-2022-engineering"


def _decl(*papers: Paper) -> Declared:
    return Declared(name="张伟", unit="平凉某工程公司", level="中级", education="本科", papers=papers)


def _paper(published: date | None = None, month: bool = False, title: str | None = "桥梁检测", **kw) -> Paper:
    base = {"journal_level": "省级", "similarity": 10.0, "supplement": False} | kw
    return Paper(title=title, published=published, published_month=month, **base)


# ---------------------------------------------------------------------------------- achievements.cutoff


@pytest.mark.parametrize(
    ("published", "month", "flagged"),
    [
        (date(2022, 9, 30), False, False),  # the cutoff day itself counts (计算到2022年9月30日为止)
        (date(2022, 10, 1), False, True),
        (date(2022, 9, 1), True, False),  # a month 2022-09 has days up to the cutoff
        (date(2022, 10, 1), True, True),  # 2022-10 is wholly after it
        (date(2021, 3, 15), False, False),
        (None, False, False),  # no 发表时间 declared: not judged
    ],
)
def test_cutoff_boundary(check_in, published, month, flagged):
    case = make_case(decl=_decl(_paper(published, month)))
    found = check_in(PINGLIANG, case, "achievements.cutoff")
    assert (codes(found) == ["PAPER_AFTER_CUTOFF"]) is flagged


def test_cutoff_is_a_warning_naming_the_paper_and_the_month(check_in):
    case = make_case(decl=_decl(_paper(date(2022, 9, 20)), _paper(date(2022, 10, 1), month=True, title=None)))
    [f] = check_in(PINGLIANG, case, "achievements.cutoff")
    assert f.severity.value == "warning"
    assert "第2篇论文" in f.message and "2022年10月" in f.message and "2022年9月30日" in f.message
    assert "下次申报" in f.message
    assert f.evidence == {"paper": 2, "title": None, "published": "2022-10", "cutoff": "2022-09-30"}


def test_the_cutoff_is_the_policys(check_in):
    case = make_case(decl=_decl(_paper(date(2022, 6, 1))))
    assert codes(check_in(PINGLIANG, case, "achievements.cutoff", cutoff=date(2022, 5, 31))) == ["PAPER_AFTER_CUTOFF"]
    assert load_policy(PINGLIANG).params_for("achievements.cutoff")["cutoff"] == date(2022, 9, 30)


@pytest.mark.parametrize("policy_id", ["kunming-panlong-2024q3", "qujing-2023", "kunming-guide"])
def test_only_pingliang_counts_papers_to_a_cutoff(policy_id):
    assert load_policy(policy_id).rule("achievements.cutoff") is None
