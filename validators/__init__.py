"""Validators: rules over a `Case`, enabled, parameterised and graded by a policy file."""

from preaudit.validators.policy import Policy, PolicyError, RuleEntry, list_policies, load_policy
from preaudit.validators.registry import finding, registered_rules, rule, run_rules

__all__ = [
    "Policy",
    "PolicyError",
    "RuleEntry",
    "finding",
    "list_policies",
    "load_policy",
    "registered_rules",
    "rule",
    "run_rules",
]
