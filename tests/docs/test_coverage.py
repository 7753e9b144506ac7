"""docs/coverage.md, the reviewer's map of the four notices: every row well formed, every rule it
names registered (planned rows aside), every rule of every built-in policy documented under the
policy's notice."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, replace
from pathlib import Path

import pytest

from preaudit.validators.policy import Policy, RuleEntry, list_policies, load_policy
from preaudit.validators.registry import registered_rules

COVERAGE = Path(__file__).resolve().parents[2] / "docs" / "coverage.md"

NOTICES = ("001", "002", "003", "004")
COLUMNS = ("notice", "section", "requirement", "status", "rules", "reason")
STATUSES = ("implemented", "partly", "planned", "not checkable")
NEEDS_REASON = {"partly", "not checkable"}
NEEDS_RULE = {"implemented", "partly"}

HEADING = re.compile(r"^#+\s")
NOTICE_HEADING = re.compile(r"^#+\s+(\d{3})(?!\d)")
RULE_ID = re.compile(r"`([a-z][a-z0-9_]*(?:\.[a-z][a-z0-9_]*)+)`")
NO_RULE = "—"
# a seed number cited in a policy entry's `source` ("003 §二 Q23(2)"), not a digit run inside a year
CITED_NOTICE = re.compile(r"(?<!\d)(00[1-4])(?!\d)")


@dataclass(frozen=True)
class Row:
    line: int
    heading: str | None  # the notice of the `## NNN` heading the row sits under
    notice: str
    section: str
    requirement: str
    status: str
    rules: tuple[str, ...]
    rules_text: str
    reason: str


@dataclass(frozen=True)
class Table:
    rows: list[Row]
    problems: list[str]  # lines that are not rows of a coverage table


def _cells(line: str) -> list[str]:
    inner = line.strip()
    inner = inner[1:] if inner.startswith("|") else inner
    inner = inner[:-1] if inner.endswith("|") else inner
    return [c.strip() for c in inner.split("|")]


def parse_table(text: str) -> Table:
    """Every row of every table in `text`, with the notice heading it sits under. A table whose
    header is not COLUMNS, or a row with another number of cells, is a problem."""
    rows: list[Row] = []
    problems: list[str] = []
    heading: str | None = None
    header: list[str] | None = None
    for n, line in enumerate(text.splitlines(), 1):
        if HEADING.match(line):
            m = NOTICE_HEADING.match(line)
            heading = m.group(1) if m else None
            header = None
            continue
        if not line.lstrip().startswith("|"):
            header = None
            continue
        cells = _cells(line)
        if header is None:
            header = [c.lower() for c in cells]
            if tuple(header) != COLUMNS:
                problems.append(f"line {n}: table header {header}, expected {list(COLUMNS)}")
            continue
        if all(c and set(c) <= set("-: ") for c in cells):
            continue  # the separator under the header
        if tuple(header) != COLUMNS:
            continue  # reported once, at its header
        if len(cells) != len(COLUMNS):
            problems.append(f"line {n}: {len(cells)} cells, expected {len(COLUMNS)}")
            continue
        notice, section, requirement, status, rules_text, reason = cells
        rules = tuple(dict.fromkeys(RULE_ID.findall(rules_text)))
        rows.append(Row(n, heading, notice, section, requirement, status, rules, rules_text, reason))
    return Table(rows, problems)


def row_problems(rows: Iterable[Row]) -> list[str]:
    """What is wrong with each row's own cells."""
    out = []
    for r in rows:
        where = f"line {r.line}"
        if r.notice not in NOTICES:
            out.append(f"{where}: notice {r.notice!r} is not one of {', '.join(NOTICES)}")
        elif r.heading != r.notice:
            out.append(f"{where}: notice {r.notice} under the heading of {r.heading or 'no notice'}")
        if not r.section:
            out.append(f"{where}: no section")
        if not r.requirement:
            out.append(f"{where}: no requirement")
        if r.status not in STATUSES:
            out.append(f"{where}: status {r.status!r} is not one of {', '.join(STATUSES)}")
        if r.status in NEEDS_REASON and not r.reason:
            out.append(f"{where}: status {r.status} without a reason")
        if r.status in NEEDS_RULE and not r.rules:
            out.append(f"{where}: status {r.status} names no rule")
        if r.status == "not checkable" and r.rules:
            out.append(f"{where}: not checkable, yet names {', '.join(r.rules)}")
        leftover = RULE_ID.sub("", r.rules_text).replace(NO_RULE, "")
        if leftover.strip(" ,、;；"):
            out.append(f"{where}: rules cell {r.rules_text!r} holds more than `rule.ids` or {NO_RULE}")
    return out


def unregistered(rows: Iterable[Row], registered: Iterable[str]) -> list[str]:
    """Rule ids named outside `planned` rows that no `@rule` registers."""
    known = set(registered)
    return sorted({rid for r in rows if r.status != "planned" for rid in r.rules if rid not in known})


def documented_under(policy: Policy, source: str) -> set[str]:
    """The notices whose rows may document a policy entry: the policy's own, unless the entry's
    `source` cites only other notices (Panlong's photo.spec cites 003 Q23(2) alone)."""
    cited = set(CITED_NOTICE.findall(source))
    return cited if cited and policy.source not in cited else {policy.source}


def undocumented(rows: Iterable[Row], policies: Iterable[Policy]) -> list[str]:
    """Each built-in policy rule that no row of its notice names, as 'policy: rule (notice)'."""
    named: dict[str, set[str]] = {}
    for r in rows:
        named.setdefault(r.notice, set()).update(r.rules)
    out = []
    for p in policies:
        for e in p.rules:
            where = documented_under(p, e.source)
            if not any(e.id in named.get(n, set()) for n in where):
                out.append(f"{p.policy}: {e.id} ({'/'.join(sorted(where))})")
    return out


def check_coverage(text: str, registered: Iterable[str], policies: Iterable[Policy]) -> list[str]:
    """Everything wrong with a coverage table, one line each; empty when it is sound."""
    table = parse_table(text)
    return (
        table.problems
        + row_problems(table.rows)
        + [f"not registered: {rid}" for rid in unregistered(table.rows, registered)]
        + [f"undocumented: {u}" for u in undocumented(table.rows, policies)]
    )


# --------------------------------------------------------------------------- fixtures


@pytest.fixture(scope="module")
def text() -> str:
    return COVERAGE.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def table(text: str) -> Table:
    return parse_table(text)


@pytest.fixture(scope="module")
def policies() -> list[Policy]:
    return [load_policy(pid) for pid, _ in list_policies()]


@pytest.fixture(scope="module")
def registered() -> set[str]:
    return set(registered_rules())


# --------------------------------------------------------------------------- the table


def test_every_notice_has_rows_and_every_table_is_a_coverage_table(table: Table):
    assert table.problems == []
    assert {r.notice for r in table.rows} == set(NOTICES)


def test_every_row_has_a_notice_section_known_status_and_its_reason(table: Table):
    problems = row_problems(table.rows)
    assert not problems, "docs/coverage.md: " + "; ".join(problems)


def test_every_rule_named_outside_planned_rows_is_registered(table: Table, registered: set[str]):
    missing = unregistered(table.rows, registered)
    assert not missing, f"named in docs/coverage.md but not registered: {', '.join(missing)}"


def test_every_policy_rule_has_a_row_under_its_notice(table: Table, policies: list[Policy]):
    missing = undocumented(table.rows, policies)
    assert not missing, f"policy rules without a row in docs/coverage.md: {'; '.join(missing)}"


# --------------------------------------------------------------------------- the checks can fail


MADE_UP = "nosuch.rule"


def test_a_made_up_rule_and_a_missing_policy_rule_are_reported(text, registered, policies):
    victim = policies[0].rules[0]
    assert f"`{victim.id}`" in text
    broken = text.replace(f"`{victim.id}`", "`" + MADE_UP + "`")
    problems = check_coverage(broken, registered, policies)
    assert f"not registered: {MADE_UP}" in problems
    assert any(p.startswith(f"undocumented: {policies[0].policy}: {victim.id} (") for p in problems)


def test_a_policy_rule_documented_only_under_another_notice_is_reported(table, policies):
    panlong = next(p for p in policies if p.source == "001")
    victim = next(e.id for e in panlong.rules if documented_under(panlong, e.source) == {"001"})
    moved = [replace(r, rules=tuple(x for x in r.rules if x != victim)) if r.notice == "001" else r
             for r in table.rows]
    moved.append(replace(moved[-1], notice="003", heading="003", rules=(victim,)))
    assert f"{panlong.policy}: {victim} (001)" in undocumented(moved, policies)


def test_a_rule_a_policy_cites_from_another_notice_alone_is_looked_for_there(policies):
    # as Panlong's photo.spec cites 003 Q23(2) alone: a 003 row documents it, a 001 row does not
    panlong = next(p for p in policies if p.source == "001")
    borrowed = RuleEntry(id="files.readable", severity="warning", source="003 §五(二) 上传原件的扫描件")
    policy = panlong.model_copy(update={"rules": [borrowed]})
    row = Row(1, "001", "001", "§五", "要求", "implemented",
              ("files.readable",), "`files.readable`", "")
    assert undocumented([row], [policy]) == [f"{panlong.policy}: files.readable (003)"]
    under_003 = replace(row, notice="003", heading="003")
    assert undocumented([under_003], [policy]) == []
    # citing its own notice too, it must be documented there
    cites_both = borrowed.model_copy(update={"source": "001 §五; 003 §五(二)"})
    both = policy.model_copy(update={"rules": [cites_both]})
    assert undocumented([under_003], [both]) == [f"{panlong.policy}: files.readable (001)"]


MALFORMED = """
## 001

| notice | section | requirement | status | rules | reason |
|---|---|---|---|---|---|
| 005 | §一 | 要求 | implemented | `files.readable` | |
| 001 |  | 要求 | implemented | `files.readable` | |
| 001 | §一 | 要求 | done | `files.readable` | |
| 001 | §一 | 要求 | partly | `files.readable` | |
| 001 | §一 | 要求 | implemented | — | |
| 001 | §一 | 要求 | not checkable | `files.readable` | reason |
| 001 | §一 | 要求 | planned | files.readable | |
| 002 | §一 | 要求 | implemented | `files.readable` | |
| 001 | §一 | 要求 | implemented | `files.readable` |
| 001 | §一 | 要求 | planned | `future.rule` | |

| notice | section | what |
|---|---|---|
"""


def test_malformed_rows_are_reported_one_problem_each():
    table = parse_table(MALFORMED)
    problems = table.problems + row_problems(table.rows)
    expected = [
        "notice '005'",
        "no section",
        "status 'done'",
        "status partly without a reason",
        "status implemented names no rule",
        "not checkable, yet names files.readable",
        "holds more than",
        "notice 002 under the heading of 001",
        "5 cells, expected 6",
        "table header ['notice', 'section', 'what']",
    ]
    for needle in expected:
        assert sum(needle in p for p in problems) == 1, (needle, problems)
    assert len(problems) == len(expected), problems


def test_a_planned_row_may_name_a_rule_not_yet_registered(registered):
    planned = [r for r in parse_table(MALFORMED).rows if r.rules == ("future.rule",)]
    assert [r.status for r in planned] == ["planned"]
    assert unregistered(planned, registered) == []
    assert unregistered([replace(planned[0], status="implemented")], registered) == ["future.rule"]
