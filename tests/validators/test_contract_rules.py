"""contract.valid and contract.expiring (test_contract.py is taken by tests/extractors)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from preaudit.pipeline.model import DocType
from tests.validators.builders import AS_OF, codes, contract, fv, make_case


def _iso(days: int) -> str:
    return (AS_OF + timedelta(days=days)).isoformat()


@pytest.mark.parametrize(
    ("start", "end", "open_ended", "expired"),
    [
        ("2021-07-01", _iso(-1), False, True),  # ended the day before as_of
        ("2021-07-01", _iso(0), False, False),  # ends on as_of: still covers it
        ("2021-07-01", _iso(1), False, False),
        ("2021-07-01", None, True, False),  # 无固定期限
        ("2021-07-01", "2023-06-30", True, False),  # open-ended wins over a stray end date
        (_iso(1), "2027-06-30", False, True),  # starts after as_of
        (_iso(0), "2027-06-30", False, False),  # starts on as_of
        (None, "2027-06-30", False, False),  # unread start: not held against the applicant
        ("2021-07-01", None, False, False),  # unread end and not open-ended: undecided
        ("2021-07-01", "无固定期限", None, False),
    ],
)
def test_contract_covers_as_of(check, start, end, open_ended, expired):
    case = make_case(contract(start_date=start, end_date=end, open_ended=open_ended))
    assert codes(check(case, "contract.valid")) == (["CONTRACT_EXPIRED"] if expired else [])


def test_expired_message_asks_for_a_renewal(check):
    case = make_case(contract(start_date="2021-07-01", end_date="2024-06-30"))
    [f] = check(case, "contract.valid")
    assert f.message.startswith("劳动合同备案表的合同期限为2021-07-01至2024-06-30，申报日（2024-09-20）不在合同期内")
    assert "续签劳动合同" in f.message
    assert f.evidence["contracts"][0]["end_date"] == "2024-06-30"
    assert f.evidence["contracts"][0]["state"] == "ended"
    assert f.documents == [0]


def test_an_expired_filing_with_a_valid_renewal_is_fine(check):
    case = make_case(
        contract(start_date="2021-07-01", end_date="2024-06-30"),
        contract(DocType.LABOR_CONTRACT, start_date="2024-07-01", end_date="2027-06-30"),
    )
    assert check(case, "contract.valid") == []


def test_no_contract_is_left_to_documents_required(check):
    assert check(make_case(), "contract.valid") == []


def test_open_ended_as_text_value(check):
    case = make_case(contract(end_date=None, open_ended=fv("是")))
    assert check(case, "contract.valid") == []


# --------------------------------------------------------------------------- expiring


# The window runs from as_of (2024-09-20) to the policy's timeline.review_ends (001 §四: 2024-09-30).
@pytest.mark.parametrize(
    ("end", "open_ended", "expiring"),
    [
        (_iso(0), False, True),
        (_iso(1), False, True),
        ("2024-09-29", False, True),
        ("2024-09-30", False, True),  # ends the day the review ends: renew now
        ("2024-10-01", False, False),  # outlives the review
        (_iso(30), False, False),
        (_iso(-1), False, False),  # expired, not expiring: CONTRACT_EXPIRED says so
        (None, True, False),
    ],
)
def test_contract_expiring_before_the_review_ends(check, end, open_ended, expiring):
    case = make_case(contract(start_date="2021-07-01", end_date=end, open_ended=open_ended))
    assert codes(check(case, "contract.expiring")) == (["CONTRACT_EXPIRING"] if expiring else [])


def test_expiring_evidence(check):
    case = make_case(contract(start_date="2021-07-01", end_date="2024-09-25"))
    [f] = check(case, "contract.expiring")
    assert f.evidence["days_left"] == 5
    assert f.evidence["review_ends"] == "2024-09-30"
    assert "2024-09-25" in f.message and "5天" in f.message and "2024-09-30" in f.message


def test_a_later_renewal_removes_the_expiring_warning(check):
    case = make_case(
        contract(start_date="2021-07-01", end_date=_iso(5)),
        contract(DocType.LABOR_CONTRACT, start_date="2021-07-01", end_date="2027-06-30"),
    )
    assert check(case, "contract.expiring") == []


def test_the_window_is_the_policy_timeline(check):
    from preaudit.validators.notice import Timeline

    case = make_case(contract(start_date="2021-07-01", end_date=_iso(45)))
    assert check(case, "contract.expiring") == []
    later = Timeline(review_ends=date(2024, 11, 30))
    assert codes(check(case, "contract.expiring", timeline=later)) == ["CONTRACT_EXPIRING"]
    assert check(case, "contract.expiring", timeline=Timeline()) == []  # a notice without a review end