import pytest

from preaudit.pipeline.intake.classify import classify_page, group_pages
from preaudit.pipeline.model import DocType
from tests.helpers import filing_roster, page, rows


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
        # further types and layouts
        (["学信网 www.chsi.com.cn", "学历在线验证报告", "更新日期：2024年08月01日", "姓名：张伟 性别：男", "学历类别：普通高等教育 学习形式：普通全日制",
          "在线验证码：A1B2 C3D4 E5F6 G7H8"], DocType.XUEXIN_RECORD),
        (["中国高等教育学位在线验证", "学位在线验证报告", "姓名：张伟", "学位授予单位：云南大学", "所授学位：工学学士学位", "获学位专业：计算机科学与技术",
          "获学位日期：2012年06月30日", "学位证书编号：1067342012001234", "在线验证码：", "验证报告有效期至：2025年02月01日"], DocType.XUEXIN_DEGREE),
        (["事 业 单 位 聘 用 通 知 书", "盘人社聘〔2021〕15号", "张伟同志：", "决定聘用你到昆明市盘龙区农业技术推广站工作，从事农业技术推广工作，",
          "聘用期限自2021年07月01日起至2026年06月30日止。", "聘用单位：昆明市盘龙区农业技术推广站"], DocType.EMPLOYMENT_NOTICE),
        (["教 师 资 格 证 书", "姓名：张伟", "性别：男", "民族：汉族", "出生日期：1990年03月07日", "身份证件号码：530102199003071238",
          "资格种类：小学教师资格", "证书号码：20125310042001234", "发证机关：昆明市盘龙区教育体育局", "发证日期：2019年06月30日"],
         DocType.QUALIFICATION_CERTIFICATE),
        (["中华人民共和国律师执业证", "执业机构：云南某律师事务所", "执业证号：15301201910123456", "发证机关：云南省司法厅", "发证日期：二〇一九年六月三十日"],
         DocType.QUALIFICATION_CERTIFICATE),
        # a pledge whose text names certificates is still a pledge
        (["信用中国（云南昆明）", "职称申报承诺书", "承诺主体：张伟", "申报职称：农业技术（助理级）",
          "一、本人提交的学历证书、职业资格证书、执业证书等申报材料真实、准确、完整。", "承诺人（签字）：", "日期：2024年08月20日"], DocType.PLEDGE),
        (["昆明市专业技术人员职称考核认定公示表", "单位名称（盖章）：昆明市盘龙区青云小学", "单位性质 □事业单位 □国有企业 √非公经济组织",
          "本人承诺", "承诺人（签字）：", "公示情况", "公示时间：2024年08月22日至2024年08月29日", "单位审核意见"], DocType.PUBLICITY_FORM),
        # 001 §五(四): the unit's certificate of the education, and a foreign degree's certification
        (["学历证明", "兹证明张伟（身份证号：530102199003071238），于1996年9月至2000年7月在云南大学化学专业学习，",
          "2000年7月毕业，取得本科学历。经我单位人事部门审查本人档案，以上情况属实。", "特此证明。",
          "人事部门负责人（签字）：李明", "昆明云岭科技有限公司（盖章）", "2024年8月15日"], DocType.EDUCATION_UNIT_PROOF),
        (["关于王芳同志学历情况的证明", "王芳同志系我公司职工。经查阅其人事档案，该同志1999年7月毕业于昆明市技工学校机电专业高级工班。",
          "人力资源部负责人：赵强", "云南某某机械有限公司", "二〇二四年八月十六日"], DocType.EDUCATION_UNIT_PROOF),
        (["学 历 证 明 表", "姓名", "王芳", "毕业院校", "昆明市技工学校", "毕业时间", "1999年07月", "档案审查意见", "经审查本人档案，情况属实。",
          "人事部门负责人签字", "单位盖章"], DocType.EDUCATION_UNIT_PROOF),
        (["国（境）外学历学位认证书", "教留服认英[2019]012345号", "张伟，男，1990年3月7日出生，于2016年9月至2017年11月在英国利兹大学学习，",
          "于2017年12月获得该校授予的理学硕士学位。", "认证结论：该学位证书真实。", "教育部留学服务中心", "2019年3月1日"],
         DocType.FOREIGN_DEGREE_CERTIFICATION),
        (["中华人民共和国教育部留学服务中心", "国外学历学位认证书", "认证书编号：教留服认美[2012]004521号", "姓名 李娜",
          "学位授予机构 University of Washington", "所获学位 Master of Science", "获得日期 2011年6月"],
         DocType.FOREIGN_DEGREE_CERTIFICATION),
    ],
)
def test_pages_classify_by_their_anchors(texts, expected):
    assert classify_page(page(rows(texts))).doc_type == expected


def test_ocr_noise_in_brackets_and_spaces_still_classifies():
    p = page(rows(["云南省城镇职工基本养老保险 个人参保证明", "缴 费 年 月"]))
    assert classify_page(p).doc_type == DocType.PENSION_CERTIFICATE


def test_textless_portrait_image_is_a_photo():
    assert classify_page(page([], width=295, height=413)).doc_type == DocType.PHOTO


def test_a_photo_is_judged_by_the_file_s_own_proportions():
    """OCR may turn a text-free page (specks read as characters): the uploaded file decides."""
    turned = page([], width=900, height=731).model_copy(update={"geometry": {"turn": 90, "source_size": [358, 441]}})
    assert classify_page(turned).doc_type == DocType.PHOTO
    landscape = page([], width=731, height=900).model_copy(update={"geometry": {"source_size": [900, 731]}})
    assert classify_page(landscape).doc_type != DocType.PHOTO


def test_continuation_page_joins_the_document_before_it():
    first = page(rows(["云南省城镇职工基本养老保险个人参保证明", "缴费年月"]), number=1)
    second = page(rows(["202401 昆明云岭科技有限公司 4500.00 昆明市 已到账"]), number=2)
    groups = group_pages([first, second])
    assert len(groups) == 1 and [p.number for p in groups[0].pages] == [1, 2]


def test_two_document_types_in_one_file_are_two_documents():
    front = page(rows(["姓名 张伟", "公民身份号码 530102199003071238", "住址 昆明"]), number=1)
    back = page(rows(["签发机关 昆明市公安局", "有效期限 2015.03.07-长期"]), number=2)
    assert [g.doc_type for g in group_pages([front, back])] == [DocType.ID_CARD_FRONT, DocType.ID_CARD_BACK]


def test_a_copy_of_both_id_card_faces_on_one_page_is_two_documents():
    copy = page(rows(["姓名 张伟", "性别 男 民族 汉", "出生 1990年3月7日", "住址 云南省昆明市", "公民身份号码 530102199003071238",
                      "中华人民共和国", "居民身份证", "签发机关 昆明市公安局", "有效期限 2015.03.07-2035.03.07", "此复印件与原件一致，仅供职称申报使用。"]))
    groups = group_pages([copy])
    assert [g.doc_type for g in groups] == [DocType.ID_CARD_FRONT, DocType.ID_CARD_BACK]
    assert all(len(g.pages) == 1 and g.pages[0].number == copy.number and g.confidence > 0.5 for g in groups)
    # each face is read from its own lines of the page (same boxes, same image)
    front, back = (g.pages[0] for g in groups)
    assert any("公民身份号码" in ln.text for ln in front.lines) and not any("签发机关" in ln.text for ln in front.lines)
    assert any("签发机关" in ln.text for ln in back.lines) and not any("公民身份号码" in ln.text for ln in back.lines)
    assert {ln.text for ln in front.lines + back.lines} <= {ln.text for ln in copy.lines}


def test_a_page_with_a_stray_anchor_of_another_type_stays_one_document():
    front = page(rows(["姓名 张伟", "性别 男 民族 汉", "住址 云南省昆明市", "公民身份号码 530102199003071238", "居民身份证"]))
    assert [g.doc_type for g in group_pages([front])] == [DocType.ID_CARD_FRONT]



def test_resemblance_names_the_types_whose_words_an_untyped_page_shows():
    """A filing under a title we do not know is `other`, but its words say what it may be."""
    from preaudit.pipeline.intake.classify import resemblance

    filing = page(rows(["用工情况登记", "用人单位名称 昆明某某科技有限公司", "合同期限 2022年7月1日至2025年6月30日"]))
    assert classify_page(filing).doc_type is DocType.OTHER
    assert resemblance([filing]) == ["contract_filing"]
    assert resemblance([page(rows(["公益徒步活动免责声明", "本人自愿参加本次活动"]))]) == []


def test_a_notice_titled_the_official_way_is_an_employment_notice():
    notice = page(rows(["昆明市某某技术推广站", "关于聘用李娜同志的通知", "各科室：", "决定聘用李娜同志为我单位工作人员。",
                        "聘期：2021.08.01—2026.07.31。", "特此通知。"]))
    assert classify_page(notice).doc_type is DocType.EMPLOYMENT_NOTICE


@pytest.mark.parametrize("title", ["劳动合同备案表", "劳动合同备案登记表", "劳动用工备案表"])
def test_a_form_titled_as_ours_is_no_card_for_the_particulars_it_repeats(title):
    """An employee's filing prints the card's labels and number; its title decides."""
    from preaudit.pipeline.values.idnumber import is_valid_id_number
    number = "530102199003071238"
    assert is_valid_id_number(number)
    filing = page(rows([title, "姓名 李娜", "性别 女", "民族 汉", "出生 1990年3月7日", "住址 昆明市五华区",
                        "公民身份号码", number, "用人单位名称 昆明某某科技有限公司", "合同期限 2022年7月1日至2025年6月30日"]))
    assert classify_page(filing).doc_type is DocType.CONTRACT_FILING


def test_a_letter_headed_only_zhengming_is_the_unit_s_certificate_when_it_speaks_of_the_archive():
    """A letter headed 证  明 that certifies a graduation from the 档案 checked is the unit's 学历证明
    (the letter many units write); the same letter from a school, naming no 档案 or 人事, is not, but
    DOC_MISSING should say it may be one; an 在职证明 written in the same words, without 学历, should not."""
    from preaudit.pipeline.intake.classify import resemblance

    archive = page(rows(["证  明", "兹证明张伟同志，2000年7月毕业于云南大学化学专业，本科学历。经查其档案属实。", "特此证明。"]))
    assert classify_page(archive).doc_type == DocType.EDUCATION_UNIT_PROOF
    about = page(rows(["证明", "兹证明张伟同志，2000年7月毕业于我校化学专业，本科学历。", "特此证明。", "云南大学教务处"]))
    assert classify_page(about).doc_type == DocType.OTHER
    assert "education_unit_proof" in resemblance([about])
    employed = page(rows(["在职证明", "兹证明张伟同志系我公司职工，自2019年7月起在我公司工作。其人事档案由我公司人事部门管理。",
                          "特此证明。", "人事部门负责人：李明", "昆明云岭科技有限公司"]))
    assert "education_unit_proof" not in resemblance([employed])


@pytest.mark.parametrize(
    "texts",
    [
        # the paper booklet, the older 任职资格 booklet, the electronic certificate (wordings not drawn)
        ["专业技术资格证书", "姓名：张伟", "资格名称：工程师", "资格级别：中级", "批准时间：2019年12月30日", "证书编号：53012019000123"],
        ["专业技术职务任职资格证书", "姓名 李芳", "评审委员会 昆明市农业系列中级职称评审委员会", "资格名称 农艺师", "批准文号 昆人社〔2016〕88号"],
        ["甘肃省职称电子证书", "姓名", "王强", "系列", "工程系列", "资格名称", "高级工程师", "取得时间", "2018-12-30", "电子证书编号", "GS2018123456"],
        # a 以考代评 title's certificate (001 §一(三)) is a 职称 too, not a licence
        ["中华人民共和国", "会计专业技术资格证书", "姓名：李娜", "资格名称：会计专业技术资格", "级别：初级", "管理号：Z53010120100123"],
    ],
    ids=["paper", "任职资格", "electronic", "accounting"],
)
def test_title_certificates_are_not_licences(texts):
    """A 专业技术资格证书 ends like a 资格证书 licence (qualification_certificate, 001 §五(八)) but is the 职称
    a 晋升, 转系列 or 调入 rests on: classify.yaml `excludes` keeps it out of the licence type."""
    assert classify_page(page(rows(texts))).doc_type is DocType.TITLE_CERTIFICATE


@pytest.mark.parametrize(
    ("texts", "expected"),
    [
        (["教师资格证书", "姓名：王芳", "资格种类：小学教师资格", "证书号码：20195300121000123", "发证机关：昆明市盘龙区教育体育局"],
         DocType.QUALIFICATION_CERTIFICATE),
        (["中华人民共和国律师执业证", "持证人：赵强", "执业证号：15301201910123456", "执业机构：云南某某律师事务所"],
         DocType.QUALIFICATION_CERTIFICATE),
        # a pledge that names 职称 and 资格名称 in its text stays a pledge
        (["职称申报承诺书", "本人申报的资格名称为助理工程师，所提交的学历证书、职称证书等材料真实有效。", "承诺人（签字）：", "日期：2024年08月20日"],
         DocType.PLEDGE),
    ],
    ids=["teacher", "lawyer", "pledge"],
)
def test_licences_and_pledges_stay_what_they_were(texts, expected):
    assert classify_page(page(rows(texts))).doc_type is expected


@pytest.mark.parametrize("title", ["学历学位情况核查表", "学 历 情 况 核 实 表", "职工学历核实表"])
def test_a_form_titled_as_the_unit_s_verification_of_the_education_is_its_certificate(title):
    """001 §五(四): units write the check of the 档案 as a form titled as a verification as often as a
    证明 letter (issue 12: such a form was typed `other`, and the education proof went missing)."""
    form = page(rows([title, "序号 项目 档案记载情况", "1 姓名 王芳", "2 毕业学校 昆明市技工学校",
                      "3 毕业时间 1999.07", "核查意见 经核对本人人事档案，以上情况属实。", "单位（盖章）", "人事负责人：赵强"]))
    assert classify_page(form).doc_type == DocType.EDUCATION_UNIT_PROOF


def test_a_verification_named_in_a_sentence_is_no_title():
    """经核实 in a publicity form's opinion, or a 核实表 named mid-sentence, does not make the form
    the unit's education certificate."""
    opinion = page(rows(["单位意见", "经核实，该同志学历、资历情况属实，人事档案完整，2000年7月毕业。", "同意推荐。"]))
    assert classify_page(opinion).doc_type != DocType.EDUCATION_UNIT_PROOF
    named = page(rows(["通知", "请各单位于8月底前报送学历情况核实表及人事档案，毕业证书复印件一并报送。"]))
    assert classify_page(named).doc_type != DocType.EDUCATION_UNIT_PROOF


def test_a_chsi_education_certification_report_is_the_education_record_not_a_card():
    """学信网's 中国高等教育学历认证报告 prints 姓名 / 性别 / 民族 / 出生日期 / 证件号码 like a card front, with
    English under each label; its title makes it the education record (issue 12: typed as a card,
    the education went DOC_MISSING)."""
    report = page(rows(["中国高等教育学历认证报告", "认证报告编号 Report No.：2024080441399039",
                        "经核查，高芳的学历证书信息与全国高等教育学历证书电子注册信息一致，认证结果如下。",
                        "姓名", "Name", "高芳", "性别", "Gender", "女", "民族", "Ethnicity", "汉族",
                        "出生日期", "Date of Birth", "1999年4月13日", "证件号码", "ID No.", "530102199904131228",
                        "院校名称", "Institution", "云南大学", "专业", "Major", "物流管理", "层次", "Level", "本科",
                        "毕（结）业日期", "Date of Graduation", "2021年7月1日"]))
    assert classify_page(report).doc_type == DocType.XUEXIN_RECORD


@pytest.mark.parametrize("title", ["就业登记（劳动用工备案）人员花名册", "劳动合同备案花名册", "2023年劳动合同备案人员名单"])
def test_a_filing_roster_of_several_employees_is_the_contract_filing(title):
    """A 劳动合同备案 printed from the employment system as a roster (one row per employee) is the
    filing: typed other, the applicant got DOC_MISSING for it."""
    roster = filing_roster([("胡思远", "530112199601093499", "20230401-20250331", "20230330"),
                            ("赵俊杰", "53010219900107577X", "20230501-20260430", "20230426")], title=title)
    assert classify_page(roster).doc_type == DocType.CONTRACT_FILING


def test_a_labour_contract_that_speaks_of_its_filing_stays_the_contract():
    """劳动合同备案 in a clause, even a 花名册 in the same sentence, is no title of a filing."""
    contract = page(rows(["劳动合同书", "甲方（用人单位）：昆明北辰建筑设计有限公司", "乙方（劳动者）：赵俊杰",
                          "第三条 甲方应自用工之日起三十日内办理劳动合同备案，将乙方列入劳动用工备案人员花名册。",
                          "第十条 本合同一式两份，甲乙双方各执一份，劳动合同备案后生效。"]))
    assert classify_page(contract).doc_type == DocType.LABOR_CONTRACT


@pytest.mark.parametrize("title", ["劳动合同备案详情", "劳动用工备案信息", "备案查询结果"])
def test_the_filing_systems_record_of_a_filing_is_the_filing(title):
    """A city 劳动用工备案 system's page of one filing, printed or photographed off the screen (blind
    generation 9): its own title and the fields only a filing carries. It had been `other`, and
    DOC_MISSING had rejected five applicants who had uploaded it."""
    screen = page(rows(["当前位置：用工备案>劳动合同备案>备案查询>备案详情", title, "用人单位信息",
                        "单位名称：云南高原明珠信息技术有限公司", "备案机构：昆明市盘龙区劳动就业服务局", "劳动者信息",
                        "姓名：吴斌", "合同期限类型 固定期限 合同开始日期 2024-08-01 合同终止日期 2027-07-31",
                        "备案状态：已备案", "审核日期：2024-08-11"]))
    assert classify_page(screen).doc_type is DocType.CONTRACT_FILING
    # a labour contract's clause on the filing stays a contract
    contract = page(rows(["劳动合同书", "甲方：云南高原明珠信息技术有限公司", "乙方：吴斌",
                          "甲方应在合同签订后办理劳动合同备案手续，备案信息", "合同期限：2024年8月1日至2027年7月31日"]))
    assert classify_page(contract).doc_type is DocType.LABOR_CONTRACT
