import pytest

from pipeline.classify import classify_page, group_pages
from pipeline.model import DocType
from tests.helpers import page, rows


@pytest.mark.parametrize(
    ("texts", "expected"),
    [
        (["姓名 张伟", "性别 男 民族 汉", "出生 1990年3月7日", "住址 云南省昆明市", "公民身份号码 530102199003071238"], DocType.ID_CARD_FRONT),
        (["中华人民共和国", "居民身份证", "签发机关 昆明市公安局", "有效期限 2015.03.07-2035.03.07"], DocType.ID_CARD_BACK),
        (["云南省城镇职工基本养老保险个人参保证明", "缴费年月", "到账情况"], DocType.PENSION_CERTIFICATE),
        (["劳动合同备案表", "用人单位名称 昆明云岭科技有限公司", "备案日期 2022年7月5日"], DocType.CONTRACT_FILING),
        (["教育部学历证书电子注册备案表", "在线验证码 A1B2C3D4E5F6G7H8"], DocType.XUEXIN_RECORD),
        (["昆明市专业技术人员职称考核认定公示表", "公示时间"], DocType.PUBLICITY_FORM),
        (["职称申报承诺书", "承诺人：张伟"], DocType.PLEDGE),
        (["会议纪要", "今天天气很好，讨论了很多事情"], DocType.OTHER),
    ],
)
def test_pages_classify_by_their_anchors(texts, expected):
    assert classify_page(page(rows(texts))).doc_type == expected


def test_ocr_noise_in_brackets_and_spaces_still_classifies():
    p = page(rows(["云南省城镇职工基本养老保险 个人参保证明", "缴 费 年 月"]))
    assert classify_page(p).doc_type == DocType.PENSION_CERTIFICATE


def test_textless_portrait_image_is_a_photo():
    assert classify_page(page([], width=295, height=413)).doc_type == DocType.PHOTO


def test_continuation_page_joins_the_document_before_it():
    first = page(rows(["云南省城镇职工基本养老保险个人参保证明", "缴费年月"]), number=1)
    second = page(rows(["202401 昆明云岭科技有限公司 4500.00 昆明市 已到账"]), number=2)
    groups = group_pages([first, second])
    assert len(groups) == 1 and [p.number for p in groups[0].pages] == [1, 2]


def test_two_document_types_in_one_file_are_two_documents():
    front = page(rows(["姓名 张伟", "公民身份号码 530102199003071238", "住址 昆明"]), number=1)
    back = page(rows(["签发机关 昆明市公安局", "有效期限 2015.03.07-长期"]), number=2)
    assert [g.doc_type for g in group_pages([front, back])] == [DocType.ID_CARD_FRONT, DocType.ID_CARD_BACK]
