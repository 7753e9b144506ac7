"""The tax bureau's 社会保险费缴费明细 names the insured person as the payer (缴费人名称：高芳; issue 12,
generation-2 family etax-fee-detail): the name is read there, beside 证件号码 and the 参保单位."""

from __future__ import annotations

from preaudit.extractors.pension_certificate import extract
from tests.helpers import line, page


def test_the_payers_name_is_the_insured_persons():
    lines = [line("社会保险费缴费明细", 0.414, 0.093, 0.586, 0.132),
             line("缴费人名称：高芳", 0.038, 0.144, 0.126, 0.166), line("证件类型：居民身份证", 0.418, 0.144, 0.527, 0.166),
             line("证件号码：530111199910250869", 0.644, 0.144, 0.806, 0.166),
             line("当前参保单位：昆明金碧物流有限公司", 0.038, 0.174, 0.222, 0.196)]
    f = extract([page(lines)])
    assert f["name"].value == "高芳"
    assert f["id_number"].value == "530111199910250869"
