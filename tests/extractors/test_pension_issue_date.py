"""A 参保证明's date where no 打印日期 labels it (issue 12, blind families): an app's 查询时间, and a
certificate written as a letter whose date stands under 特此证明 and the issuer, its months in an
annex on the next page (read less surely: no label)."""

from __future__ import annotations

from preaudit.extractors.pension_certificate import extract
from tests.helpers import page, rows


def test_an_app_s_query_time_is_its_print_date():
    p = page(rows(["养老保险缴费明细", "张伟", "社会保障号码：530112199711139136", "参保单位：昆明春城软件有限责任公司",
                   "2024-08", "已到账", "缴费基数：5300.00", "— 没有更多了 —", "经办机构：云南省社会保险中心",
                   "查询时间：2024-08-10 16:16:53"]))
    fv = extract([p])["print_date"]
    assert fv.value == "2024-08-10" and fv.confidence > 0.95


def test_a_letter_certificate_s_date_under_its_closing_words():
    p = page(rows(["证明编号:YNSB84951317613617", "社会保险参保证明（个人）",
                   "兹证明郭晖（性别：男，公民身份号码：530111199701179891）自2023年09月起在昆明市参加企业职工基本养老保险，",
                   "截至2024年08月，累计实际缴费12个月，各月缴费情况详见附表。", "特此证明。", "昆明市社会保险中心",
                   "2024年8月12日", "验证码:9281-8903-9157-5473"]))
    fv = extract([p])["print_date"]
    assert fv.value == "2024-08-12" and fv.confidence < 0.95  # no label: never certain alone


def test_a_date_in_the_letter_s_text_is_no_issue_date():
    p = page(rows(["社会保险参保证明（个人）", "兹证明郭晖自2023年09月起在昆明市参加企业职工基本养老保险。",
                   "特此证明。", "昆明市社会保险中心"]))
    assert extract([p])["print_date"].value is None


def test_an_app_s_name_printed_alone_above_the_number_is_read_less_surely():
    p = page(rows(["养老保险缴费明细", "杨伟", "企业职工养老保险", "社会保障号码：530112199711139136",
                   "参保单位：昆明春城软件有限责任公司", "2024-08", "已到账", "缴费基数：5300.00"]))
    fv = extract([p])["name"]
    assert fv.value == "杨伟" and fv.confidence < 0.95  # its place, no label: never certain alone


def test_no_name_is_made_of_a_title_above_the_number():
    p = page(rows(["养老保险缴费明细", "企业职工养老保险", "社会保障号码：530112199711139136", "2024-08", "已到账"]))
    assert extract([p])["name"].value is None


def test_a_statement_s_date_whose_year_lost_its_zero_under_the_seal():
    """对账日期：二二四年八月五日 (二〇二四 with 〇 lost under the seal; blind family rights-record-statement):
    completed in the labels file's century, read less surely."""
    p = page(rows(["云南省社会保险个人权益记录（对账单）", "记录期间：2023年09月—2024年08月", "缴费年月 缴费基数 到账标记",
                   "2024-08 5800.00 已到账", "说明：本对账单记载您在记录期间内的社会保险参保缴费信息。",
                   "对账日期：二二四年八月五日"]))
    fv = extract([p])["print_date"]
    assert fv.value == "2024-08-05" and fv.confidence < 0.9
