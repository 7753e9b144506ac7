from preaudit.extractors.id_card import extract_back, extract_front
from tests.helpers import line, page, rows


def test_front_fields_when_label_and_value_share_a_line():
    p = page(rows(["姓名  张伟", "性别  男    民族  汉", "出生  1990 年 3 月 7 日", "住址  云南省昆明市盘龙区北京路481号", "公民身份号码  530102199003071238"]))
    f = extract_front([p])
    assert f["name"].value == "张伟"
    assert f["gender"].value == "男"
    assert f["ethnicity"].value == "汉"
    assert f["birth_date"].value == "1990-03-07"
    assert f["address"].value == "云南省昆明市盘龙区北京路481号"
    assert f["id_number"].value == "530102199003071238"
    assert f["id_number"].bbox is not None and f["id_number"].confidence > 0.9


def test_front_fields_when_ocr_splits_label_and_value():
    lines = [
        line("姓名", 0.05, 0.10, 0.12, 0.15), line("阿依古丽·买买提", 0.15, 0.10, 0.45, 0.15),
        line("性别", 0.05, 0.20, 0.12, 0.25), line("女", 0.15, 0.20, 0.18, 0.25),
        line("民族", 0.25, 0.20, 0.32, 0.25), line("维吾尔", 0.35, 0.20, 0.45, 0.25),
        line("出生", 0.05, 0.30, 0.12, 0.35), line("1995年11月2日", 0.15, 0.30, 0.45, 0.35),
        line("住址", 0.05, 0.40, 0.12, 0.45), line("云南省昆明市五华区", 0.15, 0.40, 0.55, 0.45),
        line("人民中路18号", 0.15, 0.47, 0.40, 0.52),
        line("公民身份号码", 0.05, 0.80, 0.25, 0.85), line("530102199511020023", 0.30, 0.80, 0.80, 0.85),
    ]
    f = extract_front([page(lines)])
    assert f["name"].value == "阿依古丽·买买提"
    assert f["gender"].value == "女"
    assert f["ethnicity"].value == "维吾尔"
    assert f["birth_date"].value == "1995-11-02"
    assert f["address"].value == "云南省昆明市五华区人民中路18号"
    assert f["id_number"].value == "530102199511020023"


def test_id_number_merged_with_neighbouring_digits_picks_the_valid_window():
    f = extract_front([page(rows(["姓名 张伟", "公民身份号码530102199003071238202403"]))])
    assert f["id_number"].value == "530102199003071238"


def test_id_number_with_bad_check_digit_is_kept_as_read():
    f = extract_front([page(rows(["姓名 张伟", "公民身份号码 530102199003071231"]))])
    assert f["id_number"].value == "530102199003071231"
    assert f["id_number"].confidence > 0.9


def test_missing_field_is_emitted_as_none():
    f = extract_front([page(rows(["姓名 张伟"]))])
    assert f["id_number"].value is None and f["id_number"].confidence == 0.0


def test_back_fixed_term_and_long_term():
    f = extract_back([page(rows(["签发机关  昆明市公安局盘龙分局", "有效期限  2015.03.07-2035.03.07"]))])
    assert f["issuing_authority"].value == "昆明市公安局盘龙分局"
    assert f["valid_from"].value == "2015-03-07"
    assert f["valid_until"].value == "2035-03-07"
    f = extract_back([page(rows(["签发机关 昆明市公安局", "有效期限 2010.01.02-长期"]))])
    assert f["valid_until"].value == "long_term"


def test_back_validity_when_ocr_glues_a_digit_to_the_label():
    lines = [line("签发机关", 0.17, 0.72, 0.30, 0.78), line("富民县公安局", 0.32, 0.71, 0.55, 0.78),
             line("有效期限2", 0.17, 0.85, 0.34, 0.91), line("2023.02.06-长期", 0.32, 0.85, 0.60, 0.91)]
    f = extract_back([page(lines)])
    assert f["valid_from"].value == "2023-02-06"
    assert f["valid_until"].value == "long_term"


def test_a_birth_date_split_into_boxes_beside_its_label_is_joined():
    """出生 | 1997 | 年4月21日 (a face read askew, issue 12 tablecloth-steep): the nearest box and the one
    that continues it on its row are the date."""
    from preaudit.extractors.id_card import extract_front

    lines = [line("姓名", 0.151, 0.212, 0.206, 0.268), line("郭子涵", 0.210, 0.177, 0.324, 0.265),
             line("性别", 0.149, 0.289, 0.207, 0.345), line("女", 0.212, 0.280, 0.256, 0.344),
             line("民族汉", 0.316, 0.271, 0.424, 0.341), line("1997", 0.217, 0.360, 0.291, 0.427),
             line("年4月21日", 0.288, 0.359, 0.448, 0.424), line("出生", 0.150, 0.374, 0.208, 0.430),
             line("住址", 0.147, 0.465, 0.208, 0.529), line("云南省昆明市西山区西昌路", 0.222, 0.465, 0.572, 0.523),
             line("公民身份号码", 0.143, 0.760, 0.315, 0.861)]
    assert extract_front([page(lines, 1300, 820)])["birth_date"].value == "1997-04-21"


def test_the_gap_after_the_name_label_read_as_a_box_glyph_is_no_part_of_the_name():
    """姓名☑周斌 (a certified grey copy, issue 12 blind generation 4): the gap read as ☑ is dropped."""
    from preaudit.extractors.id_card import extract_front

    lines = rows(["姓名☑周斌", "性别男 民族汉", "出生 1998年2月16日", "住址 云南省昆明市五华区人民中路417号",
                  "公民身份号码 530102199802168079"])
    assert extract_front([page(lines)])["name"].value == "周斌"


def test_a_birth_day_read_without_its_ri_is_not_sure():
    """出生 1999年10月2日 read as 1999年10月29 (the 日 taken for a 9, blind generation 6's open-lid scan):
    the card prints 日 after the day, so a day without it may hold a misread figure. It is kept, below
    certainty, so a disagreement with the number asks for a look rather than rejecting."""
    def front(birth: str):
        return extract_front([page(rows(["姓名 何雨桐", "性别 女  民族 汉", f"出生 {birth}", "住址 云南省昆明市五华区建设路345号",
                                          "公民身份号码 530102199910028882"]))])["birth_date"]
    cut = front("1999年10月29")
    assert cut.value == "1999-10-29" and cut.confidence < 0.9
    whole = front("1999年10月2日")
    assert whole.value == "1999-10-02" and whole.confidence > 0.9
    dotted = front("1999.10.02")  # a style without 年 月 日 has no 日 to lose
    assert dotted.value == "1999-10-02" and dotted.confidence > 0.9
