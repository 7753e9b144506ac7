from preaudit.pipeline.model import mask_id_number, mask_ids_in_text
from preaudit.pipeline.values.text import add_months, normalize_name, normalize_unit, parse_date, parse_month


def test_full_and_half_width_brackets_normalise_equal():
    assert normalize_unit("云南滇池建设工程（集团）有限公司") == normalize_unit("云南滇池建设工程(集团) 有限公司")


def test_middle_dot_variants_are_one_name():
    assert normalize_name("阿依古丽•买买提") == normalize_name("阿依古丽·买买提") == normalize_name("阿依古丽・买买提")


def test_look_alike_names_stay_different():
    assert normalize_name("张伟") != normalize_name("张玮")


def test_dates_in_chinese_and_dotted_forms():
    assert parse_date("2024年8月15日").isoformat() == "2024-08-15"
    assert parse_date("2015.03.07").isoformat() == "2015-03-07"
    assert parse_date("20240815").isoformat() == "2024-08-15"
    assert parse_date("2024年2月30日") is None
    assert parse_date("出生1999 年 7 月.6 日").isoformat() == "1999-07-06"  # a speck on a photocopy
    assert parse_date("1999、年7月6日").isoformat() == "1999-07-06"


def test_months_in_every_print_form():
    assert parse_month("202403") == "2024-03"
    assert parse_month("2024-3") == "2024-03"
    assert parse_month("2024年03月") == "2024-03"
    assert parse_month("202413") is None


def test_month_arithmetic_crosses_years():
    assert add_months("2024-01", -1) == "2023-12"
    assert add_months("2023-12", 13) == "2025-01"


def test_masking_keeps_six_and_four():
    assert mask_id_number("53010219900307123X") == "530102********123X"
    assert mask_ids_in_text("号码53010219900307123X错误") == "号码530102********123X错误"
    assert "19900307" not in mask_ids_in_text("a 530102199003071 b")


def test_a_month_written_month_first_is_read_only_as_a_cell_of_its_own():
    # a bilingual print's 09/2023; a month of 13 or a date with a day is no such month
    assert parse_month("09/2023") == "2023-09" and parse_month(" 9 / 2024 ") == "2024-09"
    assert parse_month("13/2023") is None
    assert parse_month("2023/09") == "2023-09"
