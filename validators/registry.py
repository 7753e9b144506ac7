"""The rule registry: `@rule` functions keyed by id, `finding()`, and `run_rules()`.

A rule is a pure function `fn(case, *, <keyword-only params>) -> Iterator[Finding]`. The policy
entry that enables it supplies the params and decides the severity; code never does.
"""

from __future__ import annotations

import importlib
import inspect
import re
import typing
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel, ConfigDict, create_model

from preaudit.pipeline.values.certainty import assess_case, assessed
from preaudit.pipeline.model import (
    Case,
    FieldRef,
    Finding,
    ProcessingError,
    Severity,
    mask_id_number,
    mask_ids_in_text,
)
from preaudit.pipeline.values.idnumber import ID_FIELDS
from preaudit.pipeline.values.text import nfkc

if TYPE_CHECKING:  # pragma: no cover
    from preaudit.validators.policy import Policy

RuleFn = Callable[..., Iterable[Finding]]


@dataclass(frozen=True)
class RuleSpec:
    """A registered rule: its id, function and a pydantic model of its keyword-only params."""

    id: str
    fn: RuleFn
    params_model: type[BaseModel]

    @property
    def signature(self) -> inspect.Signature:
        return inspect.signature(self.fn)

    @property
    def param_names(self) -> tuple[str, ...]:
        return tuple(self.params_model.model_fields)

    @property
    def doc(self) -> str:
        return inspect.getdoc(self.fn) or ""


_RULES: dict[str, RuleSpec] = {}


def _params_model(rule_id: str, fn: RuleFn) -> type[BaseModel]:
    """Build a pydantic model of the rule's keyword-only params (types from annotations)."""
    sig = inspect.signature(fn)
    params = list(sig.parameters.values())
    if not params or params[0].kind not in (
        inspect.Parameter.POSITIONAL_ONLY,
        inspect.Parameter.POSITIONAL_OR_KEYWORD,
    ):
        raise TypeError(f"rule {rule_id!r}: the first parameter must be the case (positional)")
    hints = typing.get_type_hints(fn)
    fields: dict[str, Any] = {}
    for p in params[1:]:
        if p.kind is not inspect.Parameter.KEYWORD_ONLY:
            raise TypeError(
                f"rule {rule_id!r}: parameter {p.name!r} must be keyword-only (after `*`) "
                "so that a policy can bind it"
            )
        annotation = hints.get(p.name, Any)
        default = ... if p.default is inspect.Parameter.empty else p.default
        fields[p.name] = (annotation, default)
    model_name = "Params_" + rule_id.replace(".", "_")
    return create_model(  # type: ignore[call-overload]
        model_name, __config__=ConfigDict(extra="forbid", arbitrary_types_allowed=True), **fields
    )


def rule(rule_id: str) -> Callable[[RuleFn], RuleFn]:
    """Register `fn` under `rule_id` (`<area>.<name>`).

    Args:
        rule_id: the id that policy entries name.

    Returns:
        A decorator that registers the function and returns it unchanged.

    Raises:
        ValueError: the id is already registered or is not of the form `area.name`.
        TypeError: the function's signature cannot be bound from a policy.
    """
    if "." not in rule_id or rule_id != rule_id.strip():
        raise ValueError(f"rule id {rule_id!r} must look like '<area>.<name>'")

    def decorate(fn: RuleFn) -> RuleFn:
        if rule_id in _RULES:
            raise ValueError(
                f"rule id {rule_id!r} is already registered by {_RULES[rule_id].fn.__module__}"
            )
        _RULES[rule_id] = RuleSpec(rule_id, fn, _params_model(rule_id, fn))
        fn.rule_id = rule_id  # type: ignore[attr-defined]
        return fn

    return decorate


def _load_rules() -> None:
    # Importing the package registers every built-in rule (each module's decorators run once).
    importlib.import_module("preaudit.validators.rules")


def registered_rules() -> dict[str, RuleSpec]:
    """Every registered rule, by id (importing the built-in rules first)."""
    _load_rules()
    return dict(_RULES)


def get_rule(rule_id: str) -> RuleSpec | None:
    """The registered rule with this id, or None."""
    _load_rules()
    return _RULES.get(rule_id)


def finding(
    code: str,
    message: str,
    *,
    documents: Iterable[int] = (),
    evidence: Mapping[str, Any] | None = None,
    relied_on: Iterable[tuple[int | None, str]] = (),
    unsure: Iterable[str] = (),
) -> Finding:
    """A finding with its stable code; `run_rules` fills in `severity` and `rule_id` and grades it.

    Args:
        code: finding code from CONTRACT.md (e.g. `NAME_MISMATCH`).
        message: Chinese text for the applicant saying what to correct.
        documents: indexes into `case.documents` that the finding is about.
        evidence: JSON-serialisable values compared (dates as ISO strings, ID numbers masked).
        relied_on: the values the conclusion rests on, as (document index, field name), with
            None for the declared data. Without them, the fields the evidence names for the
            finding's documents are taken.
        unsure: the rule's own doubts about its conclusion (Chinese), e.g. a code table that may
            be incomplete; any doubt makes an error a warning.
    """
    return Finding(
        code=code,
        message=message,
        documents=sorted(set(documents)),
        evidence=dict(evidence or {}),
        relied_on=[FieldRef(document=d, field=f) for d, f in relied_on],
        unsure=list(unsure),
    )


def run_rules(case: Case, policy: "Policy") -> tuple[list[Finding], list[ProcessingError]]:
    """Run every rule the policy enables, in policy order.

    Each finding gets `severity` and `rule_id` from its policy entry. A rule that raises is
    recorded as a `ProcessingError(stage="validate")` (findings it yielded before are kept) and
    the other rules still run. As a last guard (CONTRACT.md: full ID numbers appear only in
    documents[].fields), every ID-like run in a message or error is masked, and so is every
    evidence string that contains one of the case's own ID numbers.

    Args:
        case: the applicant's data.
        policy: a loaded policy (see `preaudit.validators.policy.load_policy`).

    Returns:
        (findings, errors).
    """
    findings: list[Finding] = []
    errors: list[ProcessingError] = []
    if not assessed(case):
        case = assess_case(case, policy.certainty)
    ids = _case_ids(case)
    for entry in policy.rules:
        if not entry.enabled:
            continue
        spec = get_rule(entry.id)
        if spec is None:  # a Policy cannot be built with one; kept for hand-made policies
            errors.append(
                ProcessingError(stage="validate", message=f"{entry.id}: rule is not registered")
            )
            continue
        try:
            for f in _iterate(spec.fn(case, **policy.params_for(entry.id))):
                if not isinstance(f, Finding):
                    raise TypeError(f"rule yielded {type(f).__name__}, not Finding")
                findings.append(_stamp(grade(f, case, Severity(entry.severity)), entry.id, ids))
        except Exception as exc:  # noqa: BLE001 - a crashing rule must not stop the others
            errors.append(
                ProcessingError(
                    stage="validate",
                    message=_mask_text(f"{entry.id}: {type(exc).__name__}: {exc}", ids),
                )
            )
    return findings, errors


def _iterate(result: Iterable[Finding] | None) -> Iterator[Finding]:
    if result is None:
        return iter(())
    return iter(result)


def _case_ids(case: Case) -> set[str]:
    """The case's own ID numbers (declared and read), normalised, at least 15 characters."""
    values = [case.declared.id_number if case.declared else None]
    values += [d.value(name) for d in case.documents for name in ID_FIELDS]
    return {n for n in (nfkc(str(v)).upper() for v in values if v) if len(n) >= 15}


def _mask_text(text: str, ids: set[str]) -> str:
    """Mask ID-like runs; where one of `ids` hides in the text (spaces, full width), mask it too."""
    flat = nfkc(text)
    if any(i in flat.upper() for i in ids):
        for i in sorted(ids, key=len, reverse=True):
            flat = re.sub(re.escape(i), mask_id_number(i), flat, flags=re.IGNORECASE)
        text = flat
    return mask_ids_in_text(text)


def _scrub(value: Any, ids: set[str]) -> Any:
    if isinstance(value, str):
        return _mask_text(value, ids) if any(i in nfkc(value).upper() for i in ids) else value
    if isinstance(value, dict):
        return {k: _scrub(v, ids) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_scrub(v, ids) for v in value]
    return value


def _stamp(f: Finding, rule_id: str, ids: set[str]) -> Finding:
    return f.model_copy(
        update={
            "rule_id": rule_id,
            "message": _mask_text(f.message, ids),
            "evidence": _scrub(f.evidence, ids),
        }
    )


# --------------------------------------------------------------------------- grading

UNSURE_PREFIX = "【疑似识别差异，请人工核对】"


def relied_on(f: Finding, case: Case) -> list[FieldRef]:
    """The values a finding rests on: its own list, else the fields its evidence names for each
    of its documents (`field`, `sources[].field`, keys equal to a field name)."""
    if f.relied_on:
        return list(f.relied_on)
    out: list[FieldRef] = []
    ev = f.evidence
    for i in f.documents:
        if not 0 <= i < len(case.documents):
            continue
        doc = case.documents[i]

        def about(d: Mapping[str, Any]) -> bool:
            return d.get("document") in (None, doc.doc_type.value) and d.get("file") in (None, doc.file)

        names: list[str] = []
        if isinstance(ev.get("field"), str) and about(ev):
            names.append(ev["field"])
        for src in ev.get("sources") or []:
            if isinstance(src, dict) and isinstance(src.get("field"), str) and about(src):
                names.append(src["field"])
        if about(ev):
            names += [k for k, v in ev.items() if k in doc.fields and v not in (None, False, "", [])]
        out += [FieldRef(document=i, field=n) for n in dict.fromkeys(names) if n in doc.fields]
    return out


def grade(f: Finding, case: Case, severity: Severity) -> Finding:
    """The finding at the severity its evidence supports (STYLE.md "Certainty travels with every
    value"): the policy's severity when every value it relied on is certain and the rule has no
    doubt of its own; an error resting on anything less becomes a warning that asks for a human
    look, with the figures that decided it in `evidence["certainty"]` and `evidence["graded"]`."""
    from preaudit.validators.rules._common import doc_label, field_label  # the rules package imports this module

    facts: list[dict[str, Any]] = []
    doubts = list(f.unsure)
    for ref in relied_on(f, case):
        if ref.document is None:
            facts.append({"document": "declared", "field": ref.field, "certainty": "certain", "why": ["申报信息"]})
            continue
        doc = case.documents[ref.document]
        fv = doc.fields.get(ref.field)
        if fv is None or not fv.found:
            continue  # a value not read is FIELD_UNREADABLE's business, not a doubt about this one
        facts.append({"document": ref.document, "field": ref.field, "certainty": fv.certainty,
                      "confidence": round(fv.confidence, 4), "source": fv.source, "why": list(fv.why)})
        if fv.certainty != "certain":
            doubts.append(f"{doc_label(doc.doc_type)}（{doc.file}）的{field_label(doc.doc_type, ref.field)}："
                          + "；".join(fv.why))
    evidence = dict(f.evidence)
    if facts:
        evidence["certainty"] = facts
    message = f.message
    if severity is Severity.ERROR and doubts:
        evidence["graded"] = {"policy_severity": Severity.ERROR.value, "reasons": doubts}
        severity = Severity.WARNING
        message = UNSURE_PREFIX + message
    return f.model_copy(update={"severity": severity, "evidence": evidence, "message": message,
                                "relied_on": relied_on(f, case)})
