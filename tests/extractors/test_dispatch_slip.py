"""A 劳务派遣通知单 (a slip of the agreement, drawn here): 派往单位 names the 用工单位, and the slip is dated
under the parties' seals without a 签订日期 label (extractors/common.py signature_block_date)."""

from __future__ import annotations

from preaudit.extractors.dispatch_agreement import extract
from tests.helpers import line, page


def slip(dated: bool = True) -> list:
    out = [
        line("劳务派遣通知单", 0.4, 0.06, 0.6, 0.1),
        line("派遣单位", 0.14, 0.22, 0.21, 0.245), line("云南众诚人力资源服务有限公司", 0.27, 0.215, 0.53, 0.25),
        line("被派遣人员", 0.14, 0.28, 0.22, 0.31), line("李文静", 0.27, 0.28, 0.33, 0.31),
        line("派往单位", 0.14, 0.41, 0.21, 0.44), line("昆明市五华区便民服务中心", 0.27, 0.405, 0.5, 0.445),
        line("派遣期限", 0.14, 0.54, 0.21, 0.57), line("自2023.01.01起至2025.12.31止", 0.27, 0.535, 0.58, 0.57),
        line("派遣单位（盖章）", 0.13, 0.64, 0.25, 0.67), line("用工单位（盖章）", 0.56, 0.64, 0.68, 0.67),
    ]
    if dated:
        out += [line("2022年12月20日", 0.15, 0.78, 0.28, 0.82), line("2022年12月21日", 0.58, 0.79, 0.71, 0.83)]
    return out


def test_the_unit_the_worker_is_sent_to_is_the_user_unit() -> None:
    fields = extract([page(slip())])
    assert fields["user_unit"].value == "昆明市五华区便民服务中心"
    assert fields["dispatch_unit"].value == "云南众诚人力资源服务有限公司"


def test_the_slip_is_dated_under_the_seals_less_surely_and_never_by_its_term() -> None:
    fields = extract([page(slip())])
    assert fields["sign_date"].value == "2022-12-21" and fields["sign_date"].confidence < 0.99
    assert extract([page(slip(dated=False))])["sign_date"].value is None  # the term's dates are no signing
