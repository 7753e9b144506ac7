"""Fixtures for the validator tests; the Case builders live in tests/validators/builders.py."""

from __future__ import annotations

from typing import Any

import pytest

from pipeline.model import Case, Finding
from tests.validators.builders import POLICY_ID
from validators import load_policy, registered_rules


@pytest.fixture(scope="session")
def policy():
    return load_policy(POLICY_ID)


@pytest.fixture
def check(policy):
    """check(case, rule_id, **params) -> findings of one rule, with the built-in policy's params
    (overridable) and its severity stamped, as run_rules would."""

    def _check(case: Case, rule_id: str, **params: Any) -> list[Finding]:
        spec = registered_rules()[rule_id]
        entry = policy.rule(rule_id)
        bound = policy.params_for(rule_id) | params
        out = list(spec.fn(case, **bound))
        return [f.model_copy(update={"rule_id": rule_id, "severity": entry.severity}) for f in out]

    return _check
