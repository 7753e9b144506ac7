"""extractors/rosters.py: which row of a list of several people is the applicant's, and that the
others' ID numbers are masked."""

from preaudit.extractors.rosters import applicant_row, others_masked
from preaudit.pipeline.model import FieldValue

WANG = {"name": "王伟", "id_number": "53010319980113691X"}
LI = {"name": "李娜", "id_number": "530102199003071238"}


def test_the_row_printing_the_number_is_the_applicants_whatever_its_name():
    rows = [WANG, {"name": "王玮", "id_number": "530102199001075796"}]
    assert applicant_row(rows, "王伟", "530102199001075796") is rows[1]


def test_a_name_alone_finds_the_one_row_without_another_valid_number():
    assert applicant_row([WANG, LI], "李娜", None) is LI
    assert applicant_row([WANG, {"name": "李娜", "id_number": "53010219900307123"}], "李娜", "530102199003071238")["name"] == "李娜"


def test_a_namesake_with_another_valid_number_is_no_row():
    assert applicant_row([WANG, LI], "王伟", "530102199001075796") is None


def test_a_name_on_two_rows_is_no_row():
    assert applicant_row([WANG, {"name": "王伟"}], "王伟", None) is None


def test_no_name_and_no_number_finds_nothing():
    assert applicant_row([WANG, LI], None, None) is None


def test_others_masked_hides_every_number_and_keeps_the_rows():
    roster = FieldValue(value=[WANG, LI, {"name": "赵六"}], confidence=0.9)
    got = others_masked(roster)
    assert [r["name"] for r in got.value] == ["王伟", "李娜", "赵六"]
    assert WANG["id_number"] not in str(got.value) and LI["id_number"] not in str(got.value)
    assert got.value[0]["id_number"].startswith("5301") and "*" in got.value[0]["id_number"]
    assert roster.value[0] is WANG and WANG["id_number"] == "53010319980113691X"  # the input is not changed


def test_others_masked_leaves_a_list_of_names_alone():
    names = FieldValue(value=[{"name": "王伟"}, {"name": "李娜"}])
    assert others_masked(names) is names
