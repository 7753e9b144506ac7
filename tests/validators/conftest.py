"""Fixtures for the validator tests; the Case builders live in tests/validators/builders.py."""

from __future__ import annotations

from functools import cache
from typing import Any

import pytest

from preaudit.pipeline.model import Case, Finding
from tests.validators.builders import POLICY_ID
from preaudit.validators import Policy, load_policy, registered_rules


@cache
def _policy(policy_id: str) -> Policy:
    return load_policy(policy_id)


def run_one(policy: Policy, case: Case, rule_id: str, **params: Any) -> list[Finding]:
    """One rule's findings with the policy's params (overridable) and its severity stamped, as
    run_rules would."""
    spec = registered_rules()[rule_id]
    entry = policy.rule(rule_id)
    if entry is None:
        raise KeyError(f"{policy.policy} does not list {rule_id}")
    bound = policy.params_for(rule_id) | params
    out = list(spec.fn(case, **bound))
    return [f.model_copy(update={"rule_id": rule_id, "severity": entry.severity}) for f in out]


@pytest.fixture(scope="session")
def policy():
    return _policy(POLICY_ID)


@pytest.fixture
def check(policy):
    """check(case, rule_id, **params) -> findings of one rule under kunming-panlong-2024q3."""

    def _check(case: Case, rule_id: str, **params: Any) -> list[Finding]:
        return run_one(policy, case, rule_id, **params)

    return _check


@pytest.fixture
def check_in():
    """check_in(policy_id, case, rule_id, **params) -> findings of one rule under that policy."""

    def _check(policy_id: str, case: Case, rule_id: str, **params: Any) -> list[Finding]:
        return run_one(_policy(policy_id), case, rule_id, **params)

    return _check
