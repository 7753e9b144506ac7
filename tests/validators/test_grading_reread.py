"""A name read by OCR and read again against the declared one (issue 12: handwritten signatures
read 吴武 for 吴斌 made NAME_MISMATCH on clean applicants of every corpus). The policy's
`reread_min_margin` decides; the field keeps the OCR text in `raw` and says why."""

from __future__ import annotations

from preaudit.pipeline.model import FieldValue
from preaudit.pipeline.values.certainty import assess_case
from preaudit.validators import run_rules
from tests.validators.builders import NAME, id_front, make_case, pledge


def _read(value: str, margin: float) -> FieldValue:
    return FieldValue(value=value, confidence=0.85, source="ocr", reread={"text": NAME, "margin": margin})


def _mismatches(case, policy):
    found, errors = run_rules(case, policy)
    assert not errors
    return [f for f in found if f.code == "NAME_MISMATCH"]


def test_a_reading_the_strokes_support_as_the_declared_name_reads_as_it(policy):
    case = assess_case(make_case(id_front(name=FieldValue(value=NAME, confidence=0.99, source="ocr")),
                                 pledge(name=_read("吴武", -3.0))))
    fv = case.documents[1].fields["name"]
    assert fv.value == NAME and fv.raw == "吴武" and fv.reread["margin"] == -3.0
    assert any("复核字形相符" in w and "-3.0" in w for w in fv.why)
    assert not _mismatches(make_case(id_front(name=FieldValue(value=NAME, confidence=0.99, source="ocr")),
                                     pledge(name=_read("吴武", -3.0))), policy)


def test_a_reading_the_strokes_do_not_support_stays_and_says_so(policy):
    case = assess_case(make_case(pledge(name=_read("李娜", -9.0))))
    fv = case.documents[0].fields["name"]
    assert fv.value == "李娜" and any("不相符" in w for w in fv.why)
    assert _mismatches(make_case(pledge(name=_read("李娜", -9.0))), policy)


def test_the_margin_is_the_policys():
    case = assess_case(make_case(pledge(name=_read("吴武", -3.0))), {"reread_min_margin": -2.0})
    assert case.documents[0].fields["name"].value == "吴武"


def test_report_json_shows_the_reread():
    assert _read("吴武", -3.0).to_json()["reread"] == {"text": NAME, "margin": -3.0}
    assert "reread" not in FieldValue(value=NAME, source="ocr").to_json()
