"""A 劳动合同书 or 续订劳动合同书 with no 签订日期 label is dated in its signature block: the last full
date on or below the first signature label, not a date of its body (the term, the contract renewed)."""

from preaudit.extractors.base import ROUTE_FACTORS
from preaudit.extractors.contract import extract_labor_contract
from tests.helpers import line, page, rows

RENEWAL_BODY = [
    "续订劳动合同书",
    "甲方（用人单位）：昆明云岭科技有限公司",
    "乙方（劳动者）：张伟",
    "甲乙双方于2020年11月28日签订的劳动合同将于2023年11月27日到期，经双方协商一致，续订劳动合同。",
    "本合同经双方签字",
    "(盖章)后生效，续订合同期限自2023年11月28日起至2026年11月27日止。",
]


def _handwritten_date(y: float, x: float, year: str, month: str, day: str) -> list:
    """Numbers written by hand into a printed 年 月 日: a box per number beside each printed word."""
    parts = [(year, 0.06), ("年", 0.02), (month, 0.03), ("月", 0.02), (day, 0.03), ("日", 0.02)]
    out = []
    for text, width in parts:
        out.append(line(text, x, y, x + width, y + 0.035))
        x += width + 0.015
    return out


def test_renewal_dated_under_each_signature():
    y = 0.1 + len(RENEWAL_BODY) * 0.05
    lines = rows(RENEWAL_BODY + ["甲方（盖章）", "法定代表人（签字）"], step=0.05)
    lines += _handwritten_date(y + 0.1, 0.2, "2023", "11", "29")
    lines += [line("乙方（签名）", 0.05, y + 0.15, 0.25, y + 0.185)]
    lines += _handwritten_date(y + 0.2, 0.2, "2023", "11", "29")
    f = extract_labor_contract([page(lines, height=1400)])
    assert f["sign_date"].value == "2023-11-29"  # not 2020-11-28, the contract renewed
    assert f["sign_date"].confidence <= 0.99 * ROUTE_FACTORS["position"] + 1e-6


def test_both_parties_sign_on_one_row_and_the_later_date_is_taken():
    y = 0.1 + len(RENEWAL_BODY) * 0.05
    lines = rows(RENEWAL_BODY, step=0.05)
    lines += [line("甲方（盖章）：", 0.05, y, 0.25, y + 0.035), line("乙方（签名）：", 0.55, y, 0.75, y + 0.035)]
    lines += _handwritten_date(y + 0.05, 0.05, "2023", "12", "1")
    lines += _handwritten_date(y + 0.05, 0.55, "2023", "12", "4")
    f = extract_labor_contract([page(lines, height=1400)])
    assert f["sign_date"].value == "2023-12-04"


def test_a_printed_sign_date_label_still_wins():
    y = 0.1 + len(RENEWAL_BODY) * 0.05
    lines = rows(RENEWAL_BODY, step=0.05)
    lines += [line("签订日期：2023年11月20日", 0.05, y, 0.45, y + 0.035)]
    lines += [line("甲方（盖章）", 0.05, y + 0.05, 0.25, y + 0.085)]
    lines += _handwritten_date(y + 0.1, 0.2, "2023", "11", "29")
    f = extract_labor_contract([page(lines, height=1400)])
    assert f["sign_date"].value == "2023-11-20"


def test_no_signature_block_gives_no_date_from_the_body():
    f = extract_labor_contract([page(rows(RENEWAL_BODY, step=0.05), height=1400)])
    assert f["sign_date"].value is None  # the body's dates are the term and the earlier contract


def test_the_signature_block_on_a_second_page():
    first = page(rows(RENEWAL_BODY, step=0.05), height=1400, number=1)
    second_lines = rows(["第二条 其他事项按原合同执行。", "乙方（签字）：", "甲方（签章）："], step=0.05)
    second_lines += _handwritten_date(0.3, 0.3, "2024", "1", "8")
    f = extract_labor_contract([first, page(second_lines, height=1400, number=2)])
    assert f["sign_date"].value == "2024-01-08"
