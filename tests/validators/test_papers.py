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


# ---------------------------------------------------------------------------------- the 查重报告 required

from preaudit.pipeline.model import DocType, FieldValue, Severity  # noqa: E402
from preaudit.validators import run_rules  # noqa: E402
from preaudit.validators.rules.documents import condition_holds  # noqa: E402
from tests.validators.builders import doc  # noqa: E402


def _report(similarity="12.3", title="桥梁检测", source="pdf_text", confidence=1.0):
    return doc(DocType.PLAGIARISM_REPORT, "查重报告.pdf",
               title=FieldValue(value=title, confidence=confidence, source=source),
               similarity=FieldValue(value=similarity, confidence=confidence, source=source),
               check_date="2022-09-05", has_seal=True)


def _missing_report(findings) -> list:
    return [f for f in findings if f.code == "DOC_MISSING" and f.evidence["document"] == "plagiarism_report"]


@pytest.mark.parametrize(
    ("in_cnki", "owed"),
    [(False, True), (True, False), (None, False)],  # 知网:否 owes it; 是 or not declared does not
)
def test_a_paper_cnki_does_not_hold_owes_the_report(check_in, in_cnki, owed):
    case = make_case(decl=_decl(_paper(in_cnki=in_cnki)))
    found = _missing_report(check_in(PINGLIANG, case, "documents.required"))
    assert bool(found) is owed
    if owed:
        [f] = found
        assert f.severity.value == "error" and f.evidence["condition"]["when"] == "paper_not_in_cnki"
        assert "《桥梁检测》未被“中国知网”收录" in f.message and "查重报告" in f.message


def test_the_uploaded_report_meets_it(check_in):
    case = make_case(_report(), decl=_decl(_paper(in_cnki=False)))
    assert _missing_report(check_in(PINGLIANG, case, "documents.required")) == []


def test_the_condition_names_every_paper_cnki_does_not_hold():
    case = make_case(decl=_decl(_paper(in_cnki=True), _paper(in_cnki=False, title=None), _paper(in_cnki=False, title="B")))
    held = condition_holds(case, "paper_not_in_cnki")
    assert held["papers"] == [2, 3] and "第2篇、《B》" in held["why"]
    assert condition_holds(make_case(decl=None), "paper_not_in_cnki") is None


@pytest.mark.parametrize("policy_id", ["kunming-panlong-2024q3", "qujing-2023", "kunming-guide"])
def test_other_notices_do_not_ask_for_it(check_in, policy_id):
    case = make_case(decl=_decl(_paper(in_cnki=False)))
    assert _missing_report(check_in(policy_id, case, "documents.required")) == []


def test_pingliang_looks_for_the_units_seal_on_it():
    policy = load_policy(PINGLIANG)
    for rule_id in ("seals.present", "seals.not_checked"):
        assert "plagiarism_report" in policy.params_for(rule_id)["doc_types"]
    assert policy.params_for("papers.report_limit")["limits"] == policy.params_for("education.paper_similarity")["limits"]


# ---------------------------------------------------------------------------------- papers.report


@pytest.mark.parametrize(
    ("declared", "read", "mismatch"),
    [
        (12.3, "12.3", False),
        (12.0, "13", False),  # one point: the declared rate may be rounded (tolerance 1.0)
        (12.0, "13.1", True),
        (14.0, "12.9", True),
        (20.0, "20.5", False),
    ],
)
def test_the_reports_rate_against_the_declared_one(check_in, declared, read, mismatch):
    case = make_case(_report(read), decl=_decl(_paper(similarity=declared, in_cnki=False)))
    found = [f for f in check_in(PINGLIANG, case, "papers.report") if f.code == "PLAGIARISM_RATE_MISMATCH"]
    assert bool(found) is mismatch


@pytest.mark.parametrize(
    ("level", "declared", "read", "high"),
    [
        ("核心", 15.0, "15", False),  # the limit itself is allowed
        ("核心", 14.5, "15.4", True),
        ("省级", 25.0, "25", False),
        ("省级", 24.5, "25.5", True),
        ("其他", 60.0, "60", False),  # no limit for the level
        ("核心", 16.0, "16", False),  # declared over the limit: education.paper_similarity says it
    ],
)
def test_the_reports_rate_against_the_journal_levels_limit(check_in, level, declared, read, high):
    case = make_case(_report(read), decl=_decl(_paper(journal_level=level, similarity=declared, in_cnki=False)))
    found = [f for f in check_in(PINGLIANG, case, "papers.report_limit") if f.code == "PLAGIARISM_RATE_HIGH"]
    assert bool(found) is high
    if high:
        assert found[0].severity.value == "warning" and found[0].evidence["limit"] in (15, 25)


def test_a_report_is_paired_by_title(check_in):
    case = make_case(_report("30", title="一种新型混凝土的研究"),
                     decl=_decl(_paper(title="桥梁检测", similarity=10), _paper(title="一种新型混凝土研究", similarity=10)))
    [f] = [f for f in check_in(PINGLIANG, case, "papers.report") if f.code == "PLAGIARISM_RATE_MISMATCH"]
    assert f.evidence["paper"] == 2 and f.evidence["paired_by"] == "title"


@pytest.mark.parametrize(
    ("report_title", "papers"),
    [
        ("另一篇论文的题目", (dict(title="桥梁检测"),)),  # a title that matches no declared paper
        (None, (dict(title=None), dict(title=None))),  # two untitled candidates: cannot tell
    ],
)
def test_a_report_that_fits_no_declared_paper_is_not_compared(check_in, report_title, papers):
    case = make_case(_report("40", title=report_title), decl=_decl(*(_paper(similarity=10, **p) for p in papers)))
    assert check_in(PINGLIANG, case, "papers.report") == []


def test_an_unread_rate_or_no_papers_is_not_compared(check_in):
    assert check_in(PINGLIANG, make_case(_report(None), decl=_decl(_paper(similarity=10))), "papers.report") == []
    assert check_in(PINGLIANG, make_case(_report("40"), decl=_decl()), "papers.report") == []


def _graded(case) -> list:
    found, errors = run_rules(case, load_policy(PINGLIANG))
    assert not errors
    return [f for f in found if f.code == "PLAGIARISM_RATE_MISMATCH"]


def test_a_text_layer_mismatch_is_an_error():
    [f] = _graded(make_case(_report("20"), decl=_decl(_paper(similarity=10, in_cnki=False))))
    assert f.severity is Severity.ERROR


def test_a_confident_ocr_reading_is_certain_as_the_machinery_calibrates_it():
    """pipeline/values/certainty.yaml min_ocr_confidence (0.90): OCR above it with a plausible shape is certain."""
    [f] = _graded(make_case(_report("20", source="ocr", confidence=0.97), decl=_decl(_paper(similarity=10, in_cnki=False))))
    assert f.severity is Severity.ERROR


@pytest.mark.parametrize("confidence", [0.6, 0.89])
def test_an_unsure_ocr_reading_is_a_warning_asking_for_a_look(confidence):
    [f] = _graded(make_case(_report("20", source="ocr", confidence=confidence),
                            decl=_decl(_paper(similarity=10, in_cnki=False))))
    assert f.severity is Severity.WARNING
    assert f.evidence["graded"]["policy_severity"] == "error"
