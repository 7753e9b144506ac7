"""No finding message or evidence carries a full ID number (CONTRACT.md: masked outside fields)."""

from __future__ import annotations

import json
import re
from datetime import date

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from preaudit.pipeline.model import Case, DocType
from preaudit.pipeline.values.text import nfkc
from tests.validators.builders import (
    contract,
    declared,
    doc,
    id_back,
    id_front,
    make_case,
    make_id,
    months,
    pension,
    pledge,
    publicity,
)
from preaudit.validators import load_policy, registered_rules, run_rules

POLICY = load_policy("kunming-panlong-2024q3")
FULL_ID = re.compile(r"\d{17}[\dXx]|(?<!\d)\d{15}(?!\d)")

AREAS = ["530103", "530102", "530111", "110101", "999999"]


@st.composite
def id_numbers(draw) -> str:
    born = draw(st.dates(min_value=date(1950, 1, 1), max_value=date(2006, 12, 31)))
    number = make_id(draw(st.sampled_from(AREAS)), born.strftime("%Y%m%d"), f"{draw(st.integers(0, 999)):03d}")
    damage = draw(st.sampled_from(["none", "check", "digit", "lower", "short", "spaced", "fullwidth"]))
    if damage == "check":
        number = number[:-1] + ("0" if number[-1] != "0" else "1")
    elif damage == "digit":
        k = draw(st.integers(0, 16))
        number = number[:k] + str((int(number[k]) + 1) % 10) + number[k + 1:]
    elif damage == "lower":
        number = number.lower()
    elif damage == "short":
        number = number[:-1]
    elif damage == "spaced":
        number = f"{number[:6]} {number[6:14]} {number[14:]}"
    elif damage == "fullwidth":
        number = "".join(chr(ord(c) + 0xFEE0) if c.isdigit() else c for c in number)
    return number


maybe_id = st.one_of(st.none(), id_numbers())


@st.composite
def cases(draw) -> Case:
    base = draw(id_numbers())
    pick = lambda: draw(st.one_of(st.just(base), maybe_id))  # noqa: E731
    born = draw(st.one_of(st.none(), st.dates(min_value=date(1950, 1, 1), max_value=date(2006, 12, 31))))
    docs = [
        id_front(id_number=pick(), name=draw(st.sampled_from(["张伟", "张玮", None])),
                 birth_date=born.isoformat() if born else None,
                 gender=draw(st.sampled_from(["男", "女", None]))),
        id_back(valid_until=draw(st.sampled_from(["2020-01-01", "long_term", "2035-01-01"]))),
        pension(months("2024-08", draw(st.integers(0, 8)),
                       region=draw(st.sampled_from(["昆明市", "曲靖市"]))), id_number=pick()),
        contract(employee_id_number=pick(), employee_name=draw(st.sampled_from(["张伟", "李伟"])),
                 end_date=draw(st.sampled_from(["2024-06-30", "2024-10-01", None]))),
        doc(DocType.XUEXIN_RECORD, name="张伟", id_number=pick(),
            certificate_number=draw(st.sampled_from([None, "106731201205000123", "10673120120500012"])),
            graduation_date=draw(st.sampled_from([None, "2013-07-01", "2023-10-01"])), level="本科",
            verification_code=draw(st.sampled_from([None, "A7KD93MPQ2XW8FHT"])), valid_until="2024-01-01"),
        doc(DocType.PHOTO, file=f"{pick() or ''}张伟.jpg", width=100, height=100, format="png",
            file_name=f"{pick() or ''}张伟.jpg"),
        publicity(publicity_start="2024-08-23", publicity_end="2024-08-28", pledge_date="2024-08-23"),
        pledge(has_seal=False, seal_text="另一家公司", specialty_level="别的专业员级"),
    ]
    docs = [d for d in docs if draw(st.booleans()) or d.doc_type is DocType.ID_CARD_FRONT]
    decl = draw(st.one_of(st.none(), st.builds(
        lambda n, c: declared(id_number=n, staff_category=c, work_summary="短"), maybe_id,
        st.sampled_from([None, "工人", "干部"]))))
    return make_case(*docs, decl=decl)


def _ids(case: Case) -> set[str]:
    values = [case.declared.id_number if case.declared else None]
    values += [d.value(f) for d in case.documents for f in ("id_number", "employee_id_number")]
    return {nfkc(str(v)).upper() for v in values if v and len(nfkc(str(v))) >= 15}


def _leaks(text: str, ids: set[str]) -> list[str]:
    flat = nfkc(text).upper()
    return FULL_ID.findall(flat) + [i for i in ids if i in flat]


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(cases())
def test_rules_themselves_never_put_a_full_id_in_message_or_evidence(case):
    ids = _ids(case)
    for entry in POLICY.rules:
        spec = registered_rules()[entry.id]
        for f in spec.fn(case, **POLICY.params_for(entry.id)):
            text = f.message + json.dumps(f.evidence, ensure_ascii=False)
            assert not _leaks(text, ids), (entry.id, f.message, f.evidence)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(cases())
def test_run_rules_output_never_carries_a_full_id(case):
    findings, errors = run_rules(case, POLICY)
    assert errors == []
    ids = _ids(case)
    for f in findings:
        assert not _leaks(json.dumps(f.to_json(), ensure_ascii=False), ids), f


def test_an_id_read_into_a_name_field_is_masked_by_run_rules():
    number = make_id()
    case = make_case(id_front(), contract(employee_name=f"张伟 {number}"))
    findings, _ = run_rules(case, POLICY)
    [f] = [f for f in findings if f.code == "NAME_MISMATCH"]
    assert not _leaks(json.dumps(f.to_json(), ensure_ascii=False), {number})
    assert number[:6] + "********" + number[-4:] in f.evidence["found"]


OTHER_POLICIES = [load_policy(p) for p in ("kunming-guide", "qujing-2023", "pingliang-2022-engineering")]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(cases(), st.sampled_from(OTHER_POLICIES))
def test_no_policy_puts_a_full_id_in_message_or_evidence(case, policy):
    ids = _ids(case)
    for entry in policy.rules:
        spec = registered_rules()[entry.id]
        for f in spec.fn(case, **policy.params_for(entry.id)):
            text = f.message + json.dumps(f.evidence, ensure_ascii=False)
            assert not _leaks(text, ids), (policy.policy, entry.id, f.message, f.evidence)
