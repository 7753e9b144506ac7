"""聘用通知 written as a unit's own letter, phrased otherwise than 张三同志：… 决定聘用你到…: the name
from 聘用X同志, the employer from the issuer (signature block or letterhead), the post whole."""

from preaudit.extractors.base import ROUTE_FACTORS
from preaudit.extractors.employment_notice import extract
from tests.helpers import page, rows


def _values(texts: list[str]) -> dict:
    return {k: v.value for k, v in extract([page(rows(texts, step=0.05))]).items()}


def test_letterhead_letter_to_the_departments():
    f = extract([page(rows([
        "昆明市盘龙区农业技术推广站",
        "关于聘用孙鹏同志的通知",
        "各科室：",
        "经昆明市盘龙区人力资源和社会保障局审核（盘人社聘〔2021〕50号），决定聘用孙鹏同志为我单位",
        "工作人员，岗位为专业技术岗位（农技推广）。",
        "聘期：2021.08.01—2026.07.31。试用期至2022.01.31。",
        "特此通知。",
        "昆明市盘龙区农业技术推广站",
        "2021年7月20日",
    ], step=0.05))])
    assert {k: v.value for k, v in f.items()} == {
        "name": "孙鹏", "employer": "昆明市盘龙区农业技术推广站", "position": "专业技术岗位(农技推广)",
        "start_date": "2021-08-01", "end_date": "2026-07-31",
    }
    # read from prose and position only: below a labelled reading
    for key in ("name", "employer", "position"):
        assert f[key].confidence <= 0.99 * ROUTE_FACTORS["position"] + 1e-6


def test_letter_signed_by_the_unit_without_a_letterhead():
    f = _values([
        "聘任通知",
        "院属各部门：",
        "经院务会研究，决定聘任阿依古丽·买买提同志为我院专业技术十级岗位，",
        "聘用期限自2022年3月1日起至2025年2月28日止。",
        "特此通知。",
        "新疆维吾尔自治区人民医院",
        "2022年2月20日",
    ])
    assert f["name"] == "阿依古丽·买买提"
    assert f["employer"] == "新疆维吾尔自治区人民医院"
    assert f["position"] == "专业技术十级岗位"
    assert (f["start_date"], f["end_date"]) == ("2022-03-01", "2025-02-28")


def test_letterhead_alone_names_the_employer_when_the_seal_hides_the_signature():
    f = _values([
        "曲靖市麒麟区第三中学文件",
        "曲三中发〔2020〕8号",
        "关于录用李娜同志的通知",
        "各教研组：",
        "根据公开招聘结果，录用李娜同志到我校从事初中数学教学工作。",
        "聘期：2020.09.01—2023.08.31。",
    ])
    assert f["name"] == "李娜"
    assert f["employer"] == "曲靖市麒麟区第三中学"
    assert f["position"] == "初中数学教学"


def test_the_addressee_is_no_name_and_probation_end_is_no_term_end():
    f = _values([
        "昆明市官渡区妇幼保健院",
        "通知",
        "各科室：",
        "经研究，聘用为专业技术岗位（护理），聘期自2021.09.01起，试用期至2022.02.28。",
        "特此通知。",
        "昆明市官渡区妇幼保健院",
        "2021年8月25日",
    ])
    assert f["name"] is None  # 各科室 is not the person appointed
    assert f["position"] == "专业技术岗位(护理)"
    assert f["start_date"] == "2021-09-01"
    assert f["end_date"] is None  # 试用期至2022.02.28 is the probation, not the term


def test_an_approving_authority_is_not_the_employer():
    f = _values([
        "关于聘用王磊同志的通知",
        "王磊同志：",
        "经审核，同意聘用，岗位为管理岗位九级。",
        "特此通知。",
        "昆明市盘龙区人力资源和社会保障局",
        "2021年6月20日",
    ])
    assert f["name"] == "王磊"
    assert f["employer"] is None
    assert f["position"] == "管理岗位九级"


def test_a_labelled_employer_still_wins_over_the_signer():
    f = _values([
        "事业单位聘用通知书",
        "孙鹏同志：",
        "决定聘用你为我单位工作人员，岗位为专业技术岗位。",
        "聘用单位：昆明市盘龙区疾病预防控制中心",
        "特此通知。",
        "昆明市盘龙区卫生健康局",
        "2021年7月20日",
    ])
    assert f["employer"] == "昆明市盘龙区疾病预防控制中心"
    assert f["position"] == "专业技术岗位"


def test_a_salutation_to_everyone_names_nobody():
    f = _values([
        "玉溪市红塔区人民医院",
        "全体同志：",
        "经院务会研究，决定聘用赵强同志为我院专业技术岗位（影像诊断），聘期：2022.01.01—2024.12.31。",
        "特此通知。",
    ])
    assert f["name"] == "赵强"
    assert f["employer"] == "玉溪市红塔区人民医院"
    assert f["position"] == "专业技术岗位(影像诊断)"
    assert (f["start_date"], f["end_date"]) == ("2022-01-01", "2024-12-31")
