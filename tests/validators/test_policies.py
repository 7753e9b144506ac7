"""Policies load and bind; bad ones fail at load time naming file and line; run_rules grades."""

from __future__ import annotations

import inspect
import re
from datetime import date
from pathlib import Path

import pytest

from preaudit.pipeline.model import Case, DocType, Severity
from tests.validators.builders import contract, declared, full_documents, make_case, months, pension
from preaudit.validators import PolicyError, list_policies, load_policy, registry, run_rules
from preaudit.validators.policy import POLICY_DIR, Policy, RuleEntry

BUILTIN = sorted(POLICY_DIR.glob("*.yaml"))
KUNMING = POLICY_DIR / "kunming-panlong-2024q3.yaml"


def _line_of(text: str, needle: str) -> int:
    """1-based line of the first line containing `needle`."""
    return next(i for i, line in enumerate(text.splitlines(), 1) if needle in line)


def _variant(tmp_path: Path, old: str, new: str, name: str = "variant.yaml") -> tuple[Path, str]:
    text = KUNMING.read_text(encoding="utf-8")
    assert old in text, old
    text = text.replace(old, new, 1).replace("policy: kunming-panlong-2024q3", "policy: variant", 1)
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path, text


# --------------------------------------------------------------------------- built-in policies


@pytest.mark.parametrize("path", BUILTIN, ids=[p.stem for p in BUILTIN])
def test_every_builtin_policy_loads_by_id_and_by_path(path):
    by_id = load_policy(path.stem)
    by_path = load_policy(path)
    assert by_id == by_path
    assert by_id.policy == path.stem
    assert by_id.rules


@pytest.mark.parametrize("path", BUILTIN, ids=[p.stem for p in BUILTIN])
def test_every_rule_entry_cites_its_seed_section(path):
    """A notice section ("001 §四"), else the law ("law: 居民身份证法 第五条"), else a check of this
    project's own, said as such ("own check: why")."""
    for entry in load_policy(path).rules:
        assert re.match(r"^(\d{3} (附件\d+ )?§|law: \S|own check: \S)", entry.source), (entry.id, entry.source)


def test_every_builtin_rule_is_used_documented_and_cited():
    used = {r.id for p in BUILTIN for r in load_policy(p).rules}
    for rule_id, spec in registry.registered_rules().items():
        if not spec.fn.__module__.startswith("preaudit.validators.rules."):
            continue
        assert rule_id in used, f"{rule_id} is in no built-in policy"
        assert spec.doc, f"{rule_id} has no docstring"
        source = inspect.getsource(inspect.getmodule(spec.fn))
        before = source[: source.index(f'@rule("{rule_id}")')]
        assert re.search(r"#[^\n]*(\d{3} (附件\d+ )?§|DOMAIN\.md|CONTRACT\.md)[^\n]*\n(#[^\n]*\n)*$", before), (
            f"{rule_id}: no source citation comment above @rule")


def test_list_policies():
    assert ("kunming-panlong-2024q3", "昆明市盘龙区2024年第三期（9月）初级职称考核认定") in list_policies()
    assert [pid for pid, _ in list_policies()] == sorted(p.stem for p in BUILTIN)


def test_kunming_policy_values():
    p = load_policy("kunming-panlong-2024q3")
    assert p.region == "昆明"
    assert p.as_of_default == date(2024, 9, 20)
    assert p.source == "001"
    assert {"id_card_front", "id_card_back", "pension_certificate", "contract_filing",
            "publicity_form", "pledge"} <= set(p.required_documents["enterprise"])
    assert "employment_notice" in p.required_documents["public_institution"]
    assert p.params_for("insurance.streak") == p.params_for("insurance.streak") | {
        "months": 6, "months_by_education": {"硕士": 1, "博士": 1}, "end_offset_months": 1}
    # policy-level values reach the rules that take them
    assert p.params_for("insurance.region")["region"] == "昆明"
    assert p.params_for("insurance.region")["months"] == 6  # YAML merge key
    assert p.params_for("documents.required")["required_documents"] == p.required_documents
    assert p.rule("contract.expiring").severity is Severity.WARNING
    assert p.rule("declared.present").severity is Severity.INFO


def test_as_of_precedence():
    p = load_policy("kunming-panlong-2024q3")
    assert p.as_of_for() == (date(2024, 9, 20), "policy")
    assert p.as_of_for(declared=date(2024, 9, 10)) == (date(2024, 9, 10), "declared")
    assert p.as_of_for(override=date(2024, 9, 1), declared=date(2024, 9, 10)) == (date(2024, 9, 1), "cli")
    guide = load_policy("kunming-guide")  # no dated notice: the audit date stands in, and says so
    assert guide.as_of_for(declared=date(2024, 4, 8)) == (date(2024, 4, 8), "declared")
    assert guide.as_of_for(today=date(2026, 12, 5)) == (date(2026, 12, 5), "audit_date")


# --------------------------------------------------------------------------- bad policies


def test_unknown_rule_id_names_file_and_line(tmp_path):
    path, text = _variant(tmp_path, "- id: contract.expiring", "- id: contract.expirin")
    with pytest.raises(PolicyError) as exc:
        load_policy(path)
    line = _line_of(text, "- id: contract.expirin")
    assert f"{path}:{line}:" in str(exc.value)
    assert "unknown rule id" in str(exc.value)
    assert (exc.value.file, exc.value.line, exc.value.rule_id) == (str(path), line, "contract.expirin")


@pytest.mark.parametrize(
    ("old", "new", "rule_id", "says"),
    [
        ("params: {min_working_days: 5}", "params: {min_working_dayz: 5}", "publicity.working_days", "min_working_dayz"),
        ("params: {min_working_days: 5}", "params: {min_working_days: soon}", "publicity.working_days", "min_working_days"),
        ("params: {min_confidence: 0.80}", "params: {min_confidence: [1]}", "fields.required", "min_confidence"),
        ("  - id: identity.id_card_valid\n    severity: error\n",
         "  - id: identity.id_card_valid\n    severity: error\n    params: {months: 3}\n",
         "identity.id_card_valid", "months"),
    ],
)
def test_bad_param_names_file_and_line(tmp_path, old, new, rule_id, says):
    path, text = _variant(tmp_path, old, new)
    with pytest.raises(PolicyError) as exc:
        load_policy(path)
    assert f"{path}:{_line_of(text, f'- id: {rule_id}')}:" in str(exc.value)
    assert exc.value.rule_id == rule_id
    assert says in str(exc.value)


@pytest.mark.parametrize(
    ("old", "new", "says"),
    [
        ("  - id: contract.expiring\n    severity: warning\n", "  - id: contract.expiring\n",
         "missing key 'severity'"),
        ("    severity: warning\n    source: \"001 §四, §五(五)2(2)\"\n", "    severity: warning\n", "missing key 'source'"),
        ("  - id: contract.expiring\n    severity: warning\n",
         "  - id: contract.expiring\n    severity: fatal\n", "severity"),
        ("  - id: contract.expiring\n", "  - id: contract.expiring\n    colour: red\n", "unknown key 'colour'"),
    ],
)
def test_bad_rule_entry_names_file_and_line(tmp_path, old, new, says):
    path, text = _variant(tmp_path, old, new)
    with pytest.raises(PolicyError) as exc:
        load_policy(path)
    assert f"{path}:{_line_of(text, '- id: contract.expiring')}:" in str(exc.value)
    assert says in str(exc.value)


def test_rule_entry_without_id(tmp_path):
    path, text = _variant(tmp_path, "  - id: contract.expiring\n", "  - severity_only: 1\n")
    with pytest.raises(PolicyError, match=r"missing key 'id'") as exc:
        load_policy(path)
    assert exc.value.line == _line_of(text, "- severity_only")


def test_rule_listed_twice(tmp_path):
    path, text = _variant(tmp_path, "  - id: contract.expiring\n", "  - id: contract.valid\n")
    with pytest.raises(PolicyError, match="listed twice") as exc:
        load_policy(path)
    assert exc.value.line == text.splitlines().index("  - id: contract.valid", _line_of(text, "- id: contract.valid")) + 1


@pytest.mark.parametrize(
    ("old", "new", "says"),
    [
        ("region: 昆明\n", "", "missing key 'region'"),
        ("title: 昆明市盘龙区2024年第三期（9月）初级职称考核认定\n", "", "missing key 'title'"),
        ("region: 昆明\n", "region: 昆明\ncolour: red\n", "unknown key 'colour'"),
        ("as_of_default: 2024-09-20", "as_of_default: someday", "as_of_default"),
        ("    - pension_certificate\n", "    - pension_certificat\n", "required_documents"),
        ("default_unit_type: enterprise", "default_unit_type: charity", "default_unit_type"),
    ],
)
def test_bad_top_level_names_the_file(tmp_path, old, new, says):
    path, _ = _variant(tmp_path, old, new)
    with pytest.raises(PolicyError) as exc:
        load_policy(path)
    assert str(path) in str(exc.value)
    assert says in str(exc.value)


# --------------------------------------------------------------------------- any-of groups


def test_a_group_of_required_documents_loads_beside_plain_types():
    from preaudit.validators.attachments import DocumentGroup, members

    p = load_policy("kunming-panlong-2024q3")
    [group] = [e for e in p.required_documents["enterprise"] if isinstance(e, DocumentGroup)]
    assert members(group) == (DocType.XUEXIN_RECORD, DocType.EDUCATION_UNIT_PROOF,
                              DocType.FOREIGN_DEGREE_CERTIFICATION)
    assert group.when_not_online is not None and group.when_not_online.graduated_before == 2001
    assert DocType.PLEDGE in p.required_documents["enterprise"]
    # the YAML anchor gives every unit type the same group
    assert all(group in entries for entries in p.required_documents.values())


@pytest.mark.parametrize(
    ("new", "says"),
    [
        ("any_of: [xuexin_record, education_unit_proof, foreign_degree_certificate]", "foreign_degree_certificate"),
        ("any_of: [xuexin_record]", "at least 2"),
        ("any_of: [xuexin_record, xuexin_record]", "twice"),
        ("anyof: [xuexin_record, education_unit_proof, foreign_degree_certification]", "'any_of'"),
    ],
)
def test_a_bad_group_names_the_file_and_the_entry_s_line(tmp_path, new, says):
    old = "any_of: [xuexin_record, education_unit_proof, foreign_degree_certification]"
    path, text = _variant(tmp_path, old, new)
    with pytest.raises(PolicyError) as exc:
        load_policy(path)
    assert says in str(exc.value)
    assert exc.value.file == str(path)
    assert exc.value.line == _line_of(text, "- &education_proof")  # the entry, not `required_documents:`


@pytest.mark.filterwarnings("error")
def test_a_policy_with_groups_writes_its_json_as_its_file_does():
    """The resume fingerprint (pipeline/ops/resume.py) is the policy's JSON: plain types stay names."""
    import json

    p = load_policy("kunming-panlong-2024q3")
    data = json.loads(p.model_dump_json())
    assert data["required_documents"]["enterprise"][0] == "id_card_front"
    assert data["required_documents"]["enterprise"][2]["any_of"][1] == "education_unit_proof"
    assert Policy.model_validate(data).required_documents == p.required_documents


def test_a_group_asking_for_a_document_outside_it_is_refused(tmp_path):
    path, text = _variant(tmp_path, "instead: education_unit_proof", "instead: pledge")
    with pytest.raises(PolicyError, match="instead 'pledge' is not one of any_of") as exc:
        load_policy(path)
    assert exc.value.line == _line_of(text, "- &education_proof")


def test_a_bad_plain_entry_names_its_own_line(tmp_path):
    path, text = _variant(tmp_path, "    - contract_filing\n", "    - contract_filin\n")
    with pytest.raises(PolicyError, match="unknown document type 'contract_filin'") as exc:
        load_policy(path)
    assert exc.value.line == _line_of(text, "- contract_filin")


def test_missing_policy_id(tmp_path):
    path = tmp_path / "p.yaml"
    path.write_text("title: x\n", encoding="utf-8")
    with pytest.raises(PolicyError, match="missing key 'policy'"):
        load_policy(path)


def test_invalid_yaml_names_the_line(tmp_path):
    path, text = _variant(tmp_path, "params: {min_working_days: 5}", "params: {min_working_days: 5")
    with pytest.raises(PolicyError, match="invalid YAML") as exc:
        load_policy(path)
    assert exc.value.file == str(path) and exc.value.line is not None


@pytest.mark.parametrize("content", ["", "- a\n- b\n", "just text\n"])
def test_not_a_mapping(tmp_path, content):
    path = tmp_path / "p.yaml"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(PolicyError, match="mapping"):
        load_policy(path)


def test_unknown_policy_id_and_missing_file(tmp_path):
    with pytest.raises(PolicyError, match="unknown policy 'nowhere-2099'.*kunming-panlong-2024q3"):
        load_policy("nowhere-2099")
    with pytest.raises(PolicyError, match="not found"):
        load_policy(tmp_path / "absent.yaml")


def test_builtin_id_must_match_file_name(tmp_path, monkeypatch):
    from preaudit.validators import policy as policy_module

    (tmp_path / "a.yaml").write_text(KUNMING.read_text(encoding="utf-8"), encoding="utf-8")
    monkeypatch.setattr(policy_module, "POLICY_DIR", tmp_path.resolve())
    with pytest.raises(PolicyError, match="must equal its file name"):
        load_policy("a")


# --------------------------------------------------------------------------- extends


def _child(tmp_path: Path, body: str, name: str = "child.yaml") -> Path:
    path = tmp_path / name
    path.write_text(body, encoding="utf-8")
    return path


def test_extends_merges_values_and_rules(tmp_path):
    path = _child(tmp_path, """\
policy: sample-batch
extends: kunming-panlong-2024q3
title: 样例批次（无公示表、承诺书）
required_documents:
  enterprise: [id_card_front, id_card_back, pension_certificate, contract_filing]
rules:
  - id: insurance.streak
    params: {months: 12}
  - id: contract.expiring
    enabled: false
  - id: identity.name_consistency
    severity: warning
    source: "003 §一(二)2"
""")
    parent = load_policy("kunming-panlong-2024q3")
    child = load_policy(path)
    assert child.policy == "sample-batch" and child.extends == "kunming-panlong-2024q3"
    assert child.region == parent.region and child.as_of_default == parent.as_of_default
    assert child.required_documents["enterprise"] == [
        DocType.ID_CARD_FRONT, DocType.ID_CARD_BACK, DocType.PENSION_CERTIFICATE, DocType.CONTRACT_FILING]
    assert child.required_documents["public_institution"] == parent.required_documents["public_institution"]
    assert [r.id for r in child.rules] == [r.id for r in parent.rules]  # overrides keep their place
    assert child.params_for("insurance.streak")["months"] == 12
    assert child.params_for("insurance.streak")["months_by_education"] == {"硕士": 1, "博士": 1}
    assert child.rule("insurance.streak").source == parent.rule("insurance.streak").source
    assert child.rule("contract.expiring").enabled is False
    assert child.rule("identity.name_consistency").severity is Severity.WARNING
    assert child.params_for("documents.required")["required_documents"] == child.required_documents


def test_extends_by_relative_path_and_new_rule_appended(tmp_path):
    base = _child(tmp_path, """\
policy: base
title: base
source: "001"
as_of_default: 2024-09-20
region: 昆明
rules:
  - {id: declared.present, severity: info, source: "001 §三(一)3"}
""", "base.yaml")
    path = _child(tmp_path, """\
policy: child
extends: base.yaml
rules:
  - {id: files.readable, severity: error, source: "001 §五"}
""")
    assert base.exists()
    assert [r.id for r in load_policy(path).rules] == ["declared.present", "files.readable"]


def test_error_in_a_child_entry_names_the_child_file_and_line(tmp_path):
    path = _child(tmp_path, """\
policy: child
extends: kunming-panlong-2024q3
rules:
  - id: insurance.streak
    params: {monthz: 12}
""")
    with pytest.raises(PolicyError) as exc:
        load_policy(path)
    assert f"{path}:4:" in str(exc.value) and "monthz" in str(exc.value)


def test_extends_unknown_parent_and_cycle(tmp_path):
    path = _child(tmp_path, "policy: child\nextends: nowhere-2099\n")
    with pytest.raises(PolicyError, match="unknown policy 'nowhere-2099'") as exc:
        load_policy(path)
    assert exc.value.file == str(path) and exc.value.line == 2
    _child(tmp_path, "policy: a\nextends: b.yaml\n", "a.yaml")
    _child(tmp_path, "policy: b\nextends: a.yaml\n", "b.yaml")
    with pytest.raises(PolicyError, match="cycle"):
        load_policy(tmp_path / "a.yaml")


def test_policy_built_in_python_is_checked_too():
    with pytest.raises(PolicyError, match="unknown rule id"):
        Policy(policy="x", title="x", source="001", as_of_default=date(2024, 9, 20), region="昆明",
               rules=[RuleEntry(id="no.such", severity="error", source="001 §一")])


# --------------------------------------------------------------------------- run_rules


def _policy(*entries: RuleEntry, **kw) -> Policy:
    fields = dict(policy="t", title="t", source="001", as_of_default=date(2024, 9, 20), region="昆明") | kw
    return Policy(**fields, rules=list(entries))


def test_a_clean_complete_case_passes(policy):
    findings, errors = run_rules(make_case(*full_documents()), policy)
    assert (findings, errors) == ([], [])


def test_run_rules_takes_severity_and_rule_id_from_the_policy(tmp_path):
    case = make_case(contract(start_date="2021-07-01", end_date="2024-09-28"))
    assert {(f.code, f.severity, f.rule_id) for f in run_rules(case, load_policy("kunming-panlong-2024q3"))[0]
            if f.code == "CONTRACT_EXPIRING"} == {("CONTRACT_EXPIRING", Severity.WARNING, "contract.expiring")}
    path, _ = _variant(tmp_path, "    severity: warning\n    source: \"001 §四, §五(五)2(2)\"",
                       "    severity: error\n    source: \"001 §四, §五(五)2(2)\"")
    findings, _ = run_rules(case, load_policy(path))
    [f] = [f for f in findings if f.code == "CONTRACT_EXPIRING"]
    assert f.severity is Severity.ERROR


def test_run_rules_keeps_policy_order_and_skips_disabled():
    case = make_case(pension(months("2024-08", 3)), contract(end_date="2024-01-01"), decl=None)
    p = _policy(
        RuleEntry(id="contract.valid", severity="error", source="001 §五(五)2(2)"),
        RuleEntry(id="declared.present", severity="info", source="001 §三(一)3"),
        RuleEntry(id="insurance.streak", severity="warning", source="001 §二(二)", enabled=False),
        RuleEntry(id="insurance.region", severity="error", source="001 §二(二)", params={"months": 3}),
    )
    findings, errors = run_rules(case, p)
    assert [f.code for f in findings] == ["CONTRACT_EXPIRED", "DECLARED_DATA_MISSING"]
    assert errors == []


def test_a_crashing_rule_is_a_processing_error_and_the_others_run(monkeypatch):
    monkeypatch.setattr(registry, "_RULES", dict(registry.registered_rules()))

    @registry.rule("test.crash")
    def crash(case: Case, *, id_number: str = "530103199003070015"):
        yield registry.finding("X", "before the crash")
        raise RuntimeError(f"bad value {id_number}")

    p = _policy(
        RuleEntry(id="test.crash", severity="warning", source="001 §一"),
        RuleEntry(id="declared.present", severity="info", source="001 §三(一)3"),
    )
    findings, errors = run_rules(make_case(decl=None), p)
    assert [(f.code, f.severity) for f in findings] == [("X", Severity.WARNING),
                                                         ("DECLARED_DATA_MISSING", Severity.INFO)]
    [err] = errors
    assert err.stage == "validate"
    assert err.message.startswith("test.crash: RuntimeError: bad value ")
    assert "530103199003070015" not in err.message  # masked


def test_registry_refuses_duplicates_and_unbindable_signatures(monkeypatch):
    monkeypatch.setattr(registry, "_RULES", dict(registry.registered_rules()))
    with pytest.raises(ValueError, match="already registered"):
        registry.rule("contract.valid")(lambda case: iter(()))
    with pytest.raises(TypeError, match="keyword-only"):
        registry.rule("test.positional")(lambda case, months=6: iter(()))
    with pytest.raises(ValueError, match="area"):
        registry.rule("nodot")
    assert "test.positional" not in registry._RULES


def test_finding_helper_leaves_grading_to_the_policy():
    f = registry.finding("DOC_MISSING", "未上传", documents=[3, 1, 3], evidence={"a": 1})
    assert (f.rule_id, f.documents, f.evidence) == ("", [1, 3], {"a": 1})


def test_policy_params_fill_rule_params_of_the_same_name():
    case = make_case(pension(months("2024-08", 6, region="曲靖市")), decl=declared())
    entry = RuleEntry(id="insurance.region", severity="error", source="001 §二(二)")
    assert [f.code for f in run_rules(case, _policy(entry))[0]] == ["INSURANCE_REGION"]
    assert run_rules(case, _policy(entry, region="曲靖"))[0] == []


# --------------------------------------------------------------------------- the rulebook and CONTRACT.md

CONTRACT = Path(__file__).resolve().parents[2] / "docs" / "contract.md"
OTHER_ISSUES = {"DUPLICATE_DOCUMENT", "PDF_EDITED"}  # the fraud rules have their own issue


def _contract_codes() -> dict[str, str]:
    rows = re.findall(r"^\| `([A-Z_]+)` \| (error|warning|info) \|", CONTRACT.read_text(encoding="utf-8"), re.M)
    return dict(rows)


def _codes_of(rule_id: str) -> set[str]:
    source = inspect.getsource(registry.registered_rules()[rule_id].fn)
    return set(re.findall(r'finding\(\s*"([A-Z_]+)"', source))


def test_every_contract_code_has_a_rule():
    emitted = {c for rid, spec in registry.registered_rules().items()
               if spec.fn.__module__.startswith("preaudit.validators.rules.") for c in _codes_of(rid)}
    assert set(_contract_codes()) - OTHER_ISSUES <= emitted


def test_every_emitted_code_is_in_the_contract():
    codes = _contract_codes()
    for rule_id, spec in registry.registered_rules().items():
        if spec.fn.__module__.startswith("preaudit.validators.rules."):
            assert _codes_of(rule_id), f"{rule_id} emits no code"
            assert _codes_of(rule_id) <= set(codes), rule_id


@pytest.mark.parametrize("path", BUILTIN, ids=[p.stem for p in BUILTIN])
def test_policies_grade_codes_as_the_contract_says(path):
    codes = _contract_codes()
    for entry in load_policy(path).rules:
        for code in _codes_of(entry.id):
            assert entry.severity.value == codes[code], (path.stem, entry.id, code)


@pytest.mark.parametrize("path", BUILTIN, ids=[p.stem for p in BUILTIN])
def test_every_policy_runs_a_complete_case_without_errors(path):
    findings, errors = run_rules(make_case(*full_documents()), load_policy(path))
    assert errors == []
    assert all(f.rule_id and f.message for f in findings)


def test_the_four_notices_have_their_policies():
    assert {pid for pid, _ in list_policies()} >= {
        "kunming-panlong-2024q3", "qujing-2023", "kunming-guide", "pingliang-2022-engineering"}


@pytest.mark.parametrize(
    ("policy_id", "source", "as_of", "region"),
    [
        ("kunming-panlong-2024q3", "001", date(2024, 9, 20), "昆明"),
        ("qujing-2023", "002", date(2023, 12, 31), "曲靖"),  # 002 §三(一) 履职 to 2023-12-31
        ("kunming-guide", "003", None, "昆明"),  # not a dated notice: the application date decides
        ("pingliang-2022-engineering", "004", date(2022, 9, 30), "平凉"),  # 004 §四(二)
    ],
)
def test_policy_headers(policy_id, source, as_of, region):
    p = load_policy(policy_id)
    assert (p.source, p.as_of_default, p.region) == (source, as_of, region)
    assert p.params_for("publicity.working_days")["min_working_days"] == 5
    assert p.rule("eligibility.retirement_age") is not None


def test_policy_specific_rules():
    panlong = load_policy("kunming-panlong-2024q3")
    assert panlong.params_for("insurance.print_date")["print_from"] == date(2024, 8, 1)
    assert panlong.params_for("seniority.months")["requirements"]["大专"]["助理级"] == 36
    assert panlong.params_for("seniority.months")["unrelated_major_months"] == 12
    assert panlong.params_for("declared.work_summary")["min_chars"] == 400
    assert panlong.params_for("seniority.evidence") == panlong.params_for("seniority.months")
    pingliang = load_policy("pingliang-2022-engineering")
    assert pingliang.params_for("education.paper_similarity")["limits"] == {"核心": 15, "省级": 25}
    assert pingliang.rule("education.continuing").severity is Severity.ERROR
    assert pingliang.rule("insurance.streak") is None
    guide = load_policy("kunming-guide")
    assert guide.params_for("photo.spec") | {} == guide.params_for("photo.spec") | {
        "formats": ["jpg", "jpeg"], "min_bytes": 10240, "max_bytes": 30720, "min_width": 295, "min_height": 413}


@pytest.mark.parametrize(
    ("old", "new", "rule_id", "says"),
    [
        ("        本科: {员级: 0, 助理级: 12}\n", "        本科: {员级: 0, 助理级: twelve}\n", "seniority.months",
         "requirements"),
        ("      count_until: publicity_end ", "      count_until: publicity_start ", "seniority.months",
         "count_until"),
        ("      female_default: 55 ", "      female_default: 52 ", "eligibility.retirement_age", "female_default"),
        ("    params: {min_working_days: 5}", "    params: {min_workdays: 5}", "publicity.working_days",
         "min_workdays"),
        ("    params: {doc_types: [pledge, publicity_form, contract_filing, dispatch_agreement, education_unit_proof], id_copy: true}", "    params: {doc_types: [pledge_letter]}", "seals.present",
         "doc_types"),
    ],
)
def test_bad_params_of_the_new_rules_name_file_and_line(tmp_path, old, new, rule_id, says):
    path, text = _variant(tmp_path, old, new)
    with pytest.raises(PolicyError) as exc:
        load_policy(path)
    assert f"{path}:{_line_of(text, f'- id: {rule_id}')}:" in str(exc.value)
    assert exc.value.rule_id == rule_id and says in str(exc.value)


# the conditions decided by words of the declared data, and the keys their words need
WORD_CONDITIONS = {"degree_route": ("degrees",), "out_of_province_branch": ("outside", "branch"),
                   "delegated_unit": ("central", "outside", "branch")}


@pytest.mark.parametrize("path", sorted(POLICY_DIR.glob("*.yaml")), ids=lambda p: p.stem)
def test_every_word_condition_a_policy_uses_has_its_words_in_the_policy(path):
    """A conditional entry decided by words (validators/rules/documents.py condition_holds) never holds
    without them: each policy that uses one gives its words (`condition_words`), the place names
    (在平, 外省) being the notice's."""
    policy = load_policy(path)
    params = policy.params_for("documents.required")
    used = {getattr(e, "when", None) for entries in params["required_documents"].values() for e in entries}
    words = params.get("condition_words") or {}
    for when in used & set(WORD_CONDITIONS):
        for key in WORD_CONDITIONS[when]:
            assert words.get(when, {}).get(key), (path.stem, when, key)
