"""Validators: rules over a `Case`, enabled, parameterised and graded by a policy file."""

from validators.policy import Policy, PolicyError, RuleEntry, list_policies, load_policy
from validators.registry import finding, registered_rules, rule, run_rules

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
