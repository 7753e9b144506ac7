"""A type is a candidate only with its own evidence (classify.yaml `requires`); the rest is `other`."""

import pytest

from preaudit.pipeline.intake.classify import classify_page, group_pages
from preaudit.pipeline.model import DocType, Page
from tests.helpers import page, rows

# A 事业单位工作人员工资审批表 as OCR reads it: the words every personnel form shares (姓名, 性别,
# 出生, 事业单位, 聘用) and none of an ID card's or a 聘用通知书's own; its title makes it a
# salary_approval (001 §五(五)1).
SALARY_FORM = ["事业单位工作人员工资审批表", "(新参加工作人员)", "填报单位（盖章）：昆明市盘龙区农业技术推广站", "姓名", "郭斌",
               "性别", "男", "出生年月", "1999.11", "参加工作时间", "2021年08月01日", "学历", "本科", "岗位类别",
               "专业技术岗位", "薪级", "12级", "月工资标准", "3980元", "单位意见", "同意按上述标准执行。", "审批机关意见"]

# 学信网 学籍学历信息 screenshot: no 证件号码 on it, an 18-digit 证书编号, 民族 and 出生日期.
XUEXIN_SCREENSHOT = ["https://my.chsi.com.cn/archive/gdjy/xl/show.action", "学信档案", "学历信息", "姓名：李芳", "性别：女",
                     "出生日期：1996年01月08日", "民族：汉族", "入学日期：2014年09月01日", "毕(结)业日期：2018年07月01日",
                     "学校名称：云南农业大学", "层次：本科", "学历类别：普通高等教育", "学习形式：普通全日制",
                     "毕(结)业：毕业", "证书编号：106761201805225488"]


@pytest.mark.parametrize(
    ("texts", "expected", "why"),
    [
        (SALARY_FORM, DocType.SALARY_APPROVAL, "姓名/性别/出生 alone are no ID card; the title is the table's"),
        ([t for t in SALARY_FORM if t != "事业单位工作人员工资审批表"], DocType.OTHER,
         "without its title a personnel form with 薪级 is no 工资审批表"),
        (["学历证明书", "张伟，男，1990年3月7日生，于2008年9月至2012年7月在本校计算机科学与技术专业学习，修完四年制本科全部课程，",
          "成绩合格，准予毕业。其毕业证书遗失，特此证明。", "云南大学", "2015年3月2日"], DocType.OTHER,
         "a school's 学历证明书 for a lost diploma names no 档案 or 人事: no unit's certificate"),
        (["中国高等教育学历认证报告", "张伟，男，1990年3月7日生，2012年7月毕业于云南大学计算机科学与技术专业，本科。",
          "全国高等学校学生信息咨询与就业指导中心"], DocType.XUEXIN_RECORD,
         "a domestic 学历认证报告 is no foreign-degree certification: it is 学信网's record of the 电子注册"),
        (["职称申报承诺书", "本人提交的学历证明、资格证书等材料真实有效。", "承诺人：张伟", "申报职称：工程（助理级）"], DocType.PLEDGE,
         "a pledge naming 学历证明 in its text stays a pledge"),
        (SALARY_FORM + ["聘用人员", "事业单位聘用"], DocType.SALARY_APPROVAL, "事业单位+聘用 alone are no 聘用通知书"),
        (["干部履历表", "姓名 张伟", "性别 男", "民族 汉", "出生年月 1990.03", "籍贯 云南昆明"], DocType.OTHER,
         "a personnel form with 民族 but no ID number"),
        (["中华人民共和国", "居民身份证", "（复印件）"], DocType.OTHER, "the card's title words without 签发机关/有效期限"),
        (["甲方：昆明云岭科技有限公司", "乙方：张伟", "工作内容：软件开发", "劳动报酬：面议"], DocType.OTHER,
         "an agreement that is no 劳动合同"),
        (XUEXIN_SCREENSHOT, DocType.XUEXIN_RECORD, "a 学信网 screenshot with 民族 and an 18-digit number is no ID card"),
        (["姓名罗晓燕", "性别女", "民族汉", "出生1991年3月25日", "住址", "云南省昆明市五华区龙翔街", "48号", "公民身份号"],
         DocType.ID_CARD_FRONT, "OCR cut the number's label"),
        (["姓名 张伟", "性别 男 民族 汉", "出生 1990年3月7日", "住址 云南省昆明市", "530102199003071238"],
         DocType.ID_CARD_FRONT, "OCR lost the label; the valid number stands on its own line"),
        (["姓名 张伟", "性别 男 民族 汉", "出生 1990年3月7日", "住址 云南省昆明市", "530102199003071231"],
         DocType.OTHER, "an invalid number is no evidence of a card"),
    ],
)
def test_a_type_needs_its_own_evidence(texts, expected, why):
    assert classify_page(page(rows(texts), width=1000, height=1400)).doc_type == expected, why


def _blank(file: str) -> Page:
    return Page(file=file, file_sha256="0" * 64, number=1, width=1653, height=2339, source="ocr", lines=[])


@pytest.mark.parametrize(
    ("file", "expected"),
    [
        ("证件照.jpg", DocType.PHOTO),
        ("530102199003071238张伟.JPEG", DocType.PHOTO),
        ("scan.png", DocType.PHOTO),
        ("劳动合同备案表(未传完).pdf", DocType.OTHER),  # a blank or broken PDF page is no photo
    ],
)
def test_only_an_image_file_is_a_photo(file, expected):
    assert classify_page(_blank(file)).doc_type == expected


def test_the_salary_form_after_an_employment_notice_is_its_own_document():
    notice = page(rows(["事业单位聘用通知书", "聘用期限自2021年07月01日起至2026年06月30日止。"]), number=1)
    form = page(rows(SALARY_FORM), number=2)
    assert [g.doc_type for g in group_pages([notice, form])] == [DocType.EMPLOYMENT_NOTICE, DocType.SALARY_APPROVAL]
