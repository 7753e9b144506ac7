"""pipeline/run.py resolve_rosters: a contract filing roster's applicant row is taken from the declared data
(else the ID card's), and the rules then judge the applicant's own row."""

from datetime import date

from preaudit.extractors.contract import extract_filing
from preaudit.pipeline.model import Case, Document, DocType, FieldValue, FileRecord
from preaudit.pipeline.run import resolve_rosters
from preaudit.pipeline.values.certainty import assess_case
from preaudit.pipeline.values.idnumber import is_valid_id_number
from preaudit.validators import load_policy, run_rules
from tests.helpers import filing_roster
from tests.validators.builders import declared, doc

UNIT = "昆明北辰建筑设计有限公司"
ME = ("赵俊杰", "53010219900107577X", "20230501-20260430", "20230426")
PEOPLE = [("胡思远", "530112199601093499", "20230401-20250331", "20230330"),
          ("王俊杰", "53010319980113691X", "20230401-20260331", "20230329"),
          ME,
          ("郭思远", "530112199402085197", "20230429-20250428", "20230428")]


def _roster_document() -> Document:
    return Document(file="备案表.pdf", page=1, pages=[1], doc_type=DocType.CONTRACT_FILING, type_confidence=0.98,
                    fields=extract_filing([filing_roster(PEOPLE, UNIT)]))


def _me(**kw):
    return declared(**({"folder": "赵俊杰_15", "name": ME[0], "id_number": ME[1], "unit": UNIT} | kw))


def _card(name: str = ME[0], number: str = ME[1]) -> Document:
    return doc(DocType.ID_CARD_FRONT, name=name, gender="男" if int(number[16]) % 2 else "女",
               birth_date=f"{number[6:10]}-{number[10:12]}-{number[12:14]}", id_number=number,
               address="云南省昆明市五华区")


def _findings(documents: list[Document], who):
    case = Case(key="赵俊杰_15", declared=who, documents=resolve_rosters(documents, who), as_of=date(2024, 8, 29),
                files=[FileRecord(path=d.file, sha256="0" * 64, status="processed", pages=1) for d in documents])
    policy = load_policy("kunming-panlong-2024q3")
    findings, errors = run_rules(assess_case(case, policy.certainty), policy)
    assert errors == []
    return case, findings


def test_the_declared_number_takes_the_applicants_row_not_the_first():
    got = resolve_rosters([_roster_document()], _me())[0]
    assert (got.value("employee_name"), got.value("employee_id_number")) == ME[:2]
    assert (got.value("start_date"), got.value("end_date"), got.value("sign_date")) == ("2023-05-01", "2026-04-30", "2023-04-26")
    assert got.value("employer") == UNIT


def test_the_cards_number_takes_the_row_where_the_declared_pair_finds_none():
    """A mistyped declared number and name (赵峻杰 for 赵俊杰): the ID card's number still finds the row."""
    who = _me(id_number="530102199001075770", name="赵峻杰")
    got = resolve_rosters([_roster_document(), _card()], who)[0]
    assert got.value("employee_id_number") == ME[1]


def test_the_applicants_row_raises_no_identity_or_contract_error():
    case, findings = _findings([_roster_document(), _card()], _me())
    on_filing = [f for f in findings if 0 in f.documents]
    assert [f.code for f in on_filing if f.code in {"NAME_MISMATCH", "ID_NUMBER_MISMATCH", "CONTRACT_EXPIRED",
                                                    "FIELD_UNREADABLE", "UNIT_MISMATCH"}] == []
    assert case.documents[0].fields["employee_id_number"].source == "pdf_text"


def test_an_applicant_on_no_row_is_a_warning_to_look_never_an_error():
    stranger = ("李娜", "530102199003071238")
    who = _me(name=stranger[0], id_number=stranger[1])
    case, findings = _findings([_roster_document(), _card(*stranger)], who)
    assert case.documents[0].fields["employee_name"] == FieldValue()
    on_filing = [f for f in findings if 0 in f.documents]
    assert [f.severity for f in on_filing if f.severity == "error"] == []
    assert [(f.code, f.evidence.get("reason")) for f in on_filing if f.code == "FIELD_UNREADABLE"] == \
        [("FIELD_UNREADABLE", "applicant_not_on_roster")]


def test_the_other_peoples_numbers_leave_the_report_masked():
    """A report is the applicant's: the roster keeps its rows (how many, whose names) but no one
    else's full ID number; the applicant's own stays in the person fields."""
    got = resolve_rosters([_roster_document()], _me())[0]
    text = got.model_dump_json()
    assert [n for _, n, _, _ in PEOPLE if n in text] == [ME[1]]
    assert len(got.fields["employees"].value) == len(PEOPLE)
    assert got.value("employee_id_number") == ME[1]


def test_a_roster_without_the_applicant_is_masked_too():
    stranger = ("李娜", "530102199003071238")
    got = resolve_rosters([_roster_document()], _me(name=stranger[0], id_number=stranger[1]))[0]
    assert not any(n in got.model_dump_json() for _, n, _, _ in PEOPLE)


def test_a_namesake_with_another_valid_number_is_not_taken_for_the_applicant():
    """王俊杰 applies with his own number; the roster's 王俊杰 prints another valid number: that row is
    someone else's (or misprinted), so no row is surely his, and nothing is an error."""
    mine = "530102199001075796"
    assert is_valid_id_number(mine) and mine != PEOPLE[1][1]
    who = _me(name="王俊杰", id_number=mine)
    case, findings = _findings([_roster_document(), _card("王俊杰", mine)], who)
    assert case.documents[0].fields["employee_name"] == FieldValue()
    assert [f.code for f in findings if f.severity == "error" and 0 in f.documents] == []
