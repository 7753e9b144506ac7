from preaudit.extractors.pledge import extract
from tests.helpers import line, page, rows

BODY = ["职称申报承诺书", "本人自愿申报专业技术职称，并郑重承诺：本人所提交的个人信息、学历证书、",
        "工作经历、业绩成果等全部申报材料真实、准确、完整。"]


def test_as_drawn():
    lines = rows(BODY) + [line("申报专业及级别：建筑工程施工（助理级）", 0.12, 0.36, 0.5, 0.38),
                          line("承诺人：张伟", 0.49, 0.47, 0.61, 0.49), line("日期：2024年08月20日", 0.49, 0.50, 0.7, 0.52)]
    f = extract([page(lines)])
    assert f["name"].value == "张伟"
    assert f["specialty_level"].value == "建筑工程施工(助理级)"
    assert f["date"].value == "2024-08-20"
    assert f["has_seal"].value is None and "has_seal" in f


def test_ocr_noise_minority_name_and_separate_boxes():
    lines = rows(BODY) + [
        line("申报专业及级别:", 0.12, 0.36, 0.3, 0.38), line("电子信息技术(助理级)", 0.31, 0.36, 0.5, 0.38),
        line("承诺人(签字):", 0.49, 0.47, 0.6, 0.49), line("阿依古丽·买买提", 0.61, 0.47, 0.8, 0.49),
        line("日 期： 2024 年 8 月 20 日", 0.49, 0.50, 0.7, 0.52),
    ]
    f = extract([page(lines)])
    assert f["name"].value == "阿依古丽·买买提"
    assert f["specialty_level"].value == "电子信息技术(助理级)"
    assert f["date"].value == "2024-08-20"


def test_name_and_date_on_one_line_and_specialty_and_level_apart():
    lines = rows(BODY + ["申报专业：会计", "申报级别：助理级", "承诺人：李磊 日期：2024年08月20日"])
    f = extract([page(lines)])
    assert f["name"].value == "李磊"
    assert f["specialty_level"].value == "会计(助理级)"
    assert f["date"].value == "2024-08-20"


def test_unlabelled_date_is_the_last_date_of_the_letter():
    f = extract([page(rows(BODY + ["申报专业及级别：会计（助理级）", "承诺人：李磊", "2024年8月20日"]))])
    assert f["date"].value == "2024-08-20"


def test_body_text_is_not_read_as_a_specialty():
    f = extract([page(rows(BODY + ["承诺人：李磊"]))])
    assert f["specialty_level"].value is None
    assert set(f) == {"name", "specialty_level", "date", "has_seal"}


def test_a_date_whose_year_and_month_ran_together_is_read_less_surely():
    """日期：202408-20 (blind generation 8's crumpled pledge: OCR lost the 年 between year and month,
    and the 日 of 日期 stood on a line of its own): read as 2024-08-20, never sure alone; a clipped year
    that one lost figure cannot settle (202年8月20日) stays unread."""
    lines = rows(BODY + ["申报专业及级别：会计（助理级）", "承诺人（签名、按手印）："])
    for text, want in (("期：202408-20", "2024-08-20"), ("期：24.8.20", "2024-08-20"), ("期：202年8月20日", None)):
        f = extract([page(lines + [line("日", 0.43, 0.595, 0.46, 0.612), line(text, 0.48, 0.587, 0.68, 0.613)])])
        assert f["date"].value == want, text
        assert want is None or 0 < f["date"].confidence < 0.9


def test_a_labels_note_ending_its_cell_is_part_of_the_label():
    """申报职称(专业+级别) | 农学助理级 (blind generation 9's two-part 诚信承诺书: the header table's label
    cell carries a note of what its blank holds, no colon): the note is the label's, the next cell
    the value. It had been read as the value, and PLEDGE_SPECIALTY_MISMATCH told two clean
    applicants to write 农学助理级 where they had."""
    lines = [line("职称申报诚信承诺书", 0.34, 0.07, 0.66, 0.10), line("姓名", 0.13, 0.146, 0.22, 0.171),
             line("孙鹏", 0.32, 0.147, 0.37, 0.17), line("申报职称(专业+级别)", 0.129, 0.217, 0.298, 0.232),
             line("农学助理级", 0.342, 0.21, 0.473, 0.232)] + rows(BODY[1:], top=0.3)
    assert extract([page(lines)])["specialty_level"].value == "农学助理级"
