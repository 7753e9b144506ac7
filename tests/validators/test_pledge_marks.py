"""pledge.signed, pledge.fingerprint and signatures.present (validators/rules/marks.py): the hand
marks the image detector read (pipeline/integrity/marks.py) judged under the policies."""

from __future__ import annotations

import pytest

from preaudit.pipeline.model import BBox, DocType, FieldValue
from tests.validators.builders import codes, doc, make_case, pledge

PLACE = BBox(x0=0.5, y0=0.6, x1=0.9, y1=0.67)


def _marked(signed, fingerprint, **kw):
    d = pledge(signed=FieldValue(value=signed, confidence=0.8 if signed is not None else 0.0, bbox=PLACE, page=1),
               fingerprint=FieldValue(value=fingerprint, confidence=0.8 if fingerprint is not None else 0.0,
                                      bbox=PLACE, page=1), **kw)
    meta = {"marks": {"page": 1, "label": "承诺人（签字）",
                      "signature": {"state": {True: "yes", False: "no"}.get(signed, "unknown"), "bbox": PLACE.as_list()},
                      "fingerprint": {"state": {True: "yes", False: "no"}.get(fingerprint, "unknown")}}}
    return d.model_copy(update={"meta": meta})


@pytest.mark.parametrize(("signed", "flagged"), [(True, False), (False, True), (None, False)])
def test_unsigned_pledge_is_a_warning_only_on_a_plain_no(check, signed, flagged):
    # 001 §五(七): 承诺人手写签名; None: the detector was unsure (no label, borderline ink)
    found = check(make_case(_marked(signed, True)), "pledge.signed")
    assert codes(found) == (["PLEDGE_UNSIGNED"] if flagged else [])
    if flagged:
        f = found[0]
        assert f.severity == "warning" and f.unsure
        assert f.evidence["field"] == "signed" and f.evidence["label"] == "承诺人（签字）"
        assert [(r.document, r.field) for r in f.relied_on] == [(0, "signed")]


@pytest.mark.parametrize(("fingerprint", "flagged"), [(True, False), (False, True), (None, False)])
def test_missing_fingerprint_is_a_warning_only_on_a_plain_no(check, fingerprint, flagged):
    # 001 §五(七): 并按手印; None: a grey copy, a seal over the place
    found = check(make_case(_marked(True, fingerprint)), "pledge.fingerprint")
    assert codes(found) == (["PLEDGE_FINGERPRINT_MISSING"] if flagged else [])
    if flagged:
        assert found[0].severity == "warning"


def test_pledge_never_read_for_marks_says_nothing(check):
    """A pledge without the fields (the detector did not run) is not judged."""
    assert check(make_case(pledge()), "pledge.signed") == []
    assert check(make_case(pledge()), "pledge.fingerprint") == []


def test_both_marks_missing_gives_both_findings(check):
    case = make_case(_marked(False, False))
    assert codes(check(case, "pledge.signed") + check(case, "pledge.fingerprint")) == [
        "PLEDGE_UNSIGNED", "PLEDGE_FINGERPRINT_MISSING"]


def test_unit_education_proof_signature(check):
    # 001 §五(四): 单位人事部门负责人签字、盖章
    unsigned = doc(DocType.EDUCATION_UNIT_PROOF, signer="李华", has_seal=True, signed=False)
    signed = doc(DocType.EDUCATION_UNIT_PROOF, signer="李华", has_seal=True, signed=True)
    unsure = doc(DocType.EDUCATION_UNIT_PROOF, signer="李华", has_seal=True, signed=None)
    assert codes(check(make_case(unsigned), "signatures.present")) == ["SIGNATURE_MISSING"]
    assert check(make_case(signed), "signatures.present") == []
    assert check(make_case(unsure), "signatures.present") == []
    # the pledge is left to pledge.signed
    assert check(make_case(_marked(False, True)), "signatures.present", doc_types=["pledge"]) == []


def _rules(policy_id: str) -> dict[str, object]:
    from preaudit.validators.policy import load_policy

    return {r.id: r for r in load_policy(policy_id).rules}


def test_policies_check_what_their_notices_ask():
    panlong, guide, pingliang = (_rules(p) for p in ("kunming-panlong-2024q3", "kunming-guide",
                                                     "pingliang-2022-engineering"))
    # 001 §五(七) 承诺人手写签名并按手印
    assert {"pledge.signed", "pledge.fingerprint", "signatures.present"} <= set(panlong)
    assert all(panlong[r].severity == "warning" for r in ("pledge.signed", "pledge.fingerprint", "signatures.present"))
    assert "001 §五(七)" in panlong["pledge.signed"].source
    # 003 Q23(3) and 004 附件3 ask for the 承诺人's signature, not a fingerprint
    for rules in (guide, pingliang):
        assert rules["pledge.signed"].severity == "warning"
        assert "pledge.fingerprint" not in rules


def test_pingliang_judges_the_applicants_signature(check_in):
    found = check_in("pingliang-2022-engineering", make_case(_marked(False, None)), "pledge.signed")
    assert codes(found) == ["PLEDGE_UNSIGNED"]
