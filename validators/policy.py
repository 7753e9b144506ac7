"""Policies: one YAML file per notice (place and year), parsed into a checked `Policy`.

A policy names the rules to run, their severities and params, and cites the seed notice
section each one comes from. `load_policy` checks every entry against the rule registry (the id
is registered, the params bind to the function's keyword-only signature and fit its types)
before any document is read, and raises `PolicyError` naming the file and line otherwise.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ConfigDict, Field, PrivateAttr, ValidationError, model_validator

from preaudit.pipeline.model import DocType, Severity
from preaudit.validators.attachments import RequiredEntry
from preaudit.validators.notice import Scope, Timeline
from preaudit.validators.registry import get_rule, registered_rules

POLICY_DIR = Path(__file__).resolve().parent / "policies"

# Policy-level values that a rule receives as a param of the same name unless its entry's
# `params` give one: data shared by several rules lives once, at the top of the policy.
POLICY_LEVEL_PARAMS: tuple[str, ...] = (
    "region",
    "unit_types",
    "default_unit_type",
    "required_documents",
    "document_names",
    "required_fields",
    "timeline",
    "scope",
)

# Top-level mappings that a child policy (`extends`) merges key by key instead of replacing.
_MERGED_MAPPINGS = (
    "unit_types", "required_documents", "document_names", "required_fields", "certainty", "timeline", "scope",
)


class PolicyError(Exception):
    """A policy file that cannot be used: raised at load time, before any document is read.

    Attributes:
        reason: what is wrong.
        file: the policy file, when known.
        line: 1-based line in that file, when YAML gives one.
        rule_id: the rule entry concerned, if any.
    """

    def __init__(
        self,
        reason: str,
        *,
        file: str | os.PathLike[str] | None = None,
        line: int | None = None,
        rule_id: str | None = None,
    ) -> None:
        self.reason = reason
        self.file = str(file) if file is not None else None
        self.line = line
        self.rule_id = rule_id
        super().__init__(self.__str__())

    def __str__(self) -> str:
        where = self.file or "policy"
        if self.line is not None:
            where += f":{self.line}"
        rule = f" rule {self.rule_id!r}:" if self.rule_id else ""
        return f"{where}:{rule} {self.reason}"

    def located(self, file: str | os.PathLike[str] | None, line: int | None) -> "PolicyError":
        return PolicyError(
            self.reason,
            file=self.file or file,
            line=self.line if self.line is not None else line,
            rule_id=self.rule_id,
        )


class RuleEntry(BaseModel):
    """One `rules:` entry: which rule, how serious, with what params, from which notice."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    id: str
    severity: Severity
    source: str = Field(min_length=1)  # "001 §二(二)", "law: 居民身份证法 第五条" or "own check: why"
    params: dict[str, Any] = Field(default_factory=dict)
    enabled: bool = True


class Policy(BaseModel):
    """A checked policy. Constructing one validates every rule entry against the registry.

    Fields:
        policy: the id (a built-in's file stem).
        title: one line for `preaudit policies`.
        source: the seed notice it encodes (e.g. "001").
        extends: the parent policy id or path whose values this one overrides.
        as_of_default: the date used when neither --as-of nor the declared 申报日期 gives one; None
            for a policy without a dated notice (the guide): then the application date is required,
            and the audit date stands in for it with APPLICATION_DATE_MISSING.
        region: the insurance region (统筹区) required, e.g. 昆明.
        unit_types: unit type -> declared 单位性质 words that select it (first match wins).
        default_unit_type: the unit type when the declared 单位性质 matches none.
        required_documents: unit type -> required attachments, each a document type or a group met
            by any one of its members (`{any_of: [...]}`, validators/attachments.py: 001 §五(四) takes
            the unit's certificate or a foreign-degree certification for the 学信网 record).
        document_names: document type -> the attachment's name as the notice words it (附件3 …), for the
            messages that ask for it (DOC_MISSING); a type not named here takes its name from the one
            table, pipeline/doc_types.yaml.
        required_fields: document type -> fields that must be read (FIELD_UNREADABLE).
        timeline: the notice's dates (application window, recommendation deadline, review end).
        scope: the levels, series and specialties the notice covers, and the series it excludes.
        certainty: overrides of pipeline/values/certainty.yaml (how sure a read value must be before an
            error may rest on it); empty = the calibrated defaults.
        rules: the rules to run, in order.
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    policy: str = Field(pattern=r"^[A-Za-z0-9][A-Za-z0-9._-]*$")
    title: str = Field(min_length=1)
    source: str = Field(min_length=1)
    extends: str | None = None
    as_of_default: date | None = None
    region: str = Field(min_length=1)
    unit_types: dict[str, list[str]] = Field(default_factory=dict)
    default_unit_type: str = "enterprise"
    required_documents: dict[str, list[RequiredEntry]] = Field(default_factory=dict)
    document_names: dict[DocType, str] = Field(default_factory=dict)
    required_fields: dict[DocType, list[str]] = Field(default_factory=dict)
    certainty: dict[str, Any] = Field(default_factory=dict)
    timeline: Timeline = Field(default_factory=Timeline)
    scope: Scope = Field(default_factory=Scope)
    rules: list[RuleEntry]

    _params: dict[str, dict[str, Any]] = PrivateAttr(default_factory=dict)

    @model_validator(mode="after")
    def _check_rules(self) -> "Policy":
        from preaudit.pipeline.values.certainty import default_settings

        unknown = sorted(set(self.certainty) - set(default_settings()))
        if unknown:
            raise PolicyError(f"unknown certainty key(s) {unknown} (known: {sorted(default_settings())})")
        # Raises PolicyError (not ValueError) so that it passes through pydantic unchanged and
        # load_policy can add the file and line of the offending entry.
        if self.required_documents and self.default_unit_type not in self.required_documents:
            raise PolicyError(
                f"default_unit_type {self.default_unit_type!r} has no required_documents list"
            )
        seen: set[str] = set()
        bound: dict[str, dict[str, Any]] = {}
        for entry in self.rules:
            if entry.id in seen:
                raise PolicyError("the rule is listed twice", rule_id=entry.id)
            seen.add(entry.id)
            bound[entry.id] = self._bind(entry)
        self._params = bound
        return self

    def _bind(self, entry: RuleEntry) -> dict[str, Any]:
        spec = get_rule(entry.id)
        if spec is None:
            known = ", ".join(sorted(registered_rules()))
            raise PolicyError(f"unknown rule id (registered: {known})", rule_id=entry.id)
        params = {
            name: getattr(self, name)
            for name in POLICY_LEVEL_PARAMS
            if name in spec.param_names and name not in entry.params
        }
        params.update(entry.params)
        try:
            spec.signature.bind(None, **params)
        except TypeError as exc:
            wanted = ", ".join(_describe_param(spec, n) for n in spec.param_names) or "none"
            raise PolicyError(
                f"params do not bind: {exc} (the rule takes: {wanted})", rule_id=entry.id
            ) from None
        try:
            checked = spec.params_model.model_validate(params)
        except ValidationError as exc:
            raise PolicyError(_first_error(exc, prefix="params"), rule_id=entry.id) from None
        return {name: getattr(checked, name) for name in spec.param_names}

    def params_for(self, rule_id: str) -> dict[str, Any]:
        """The checked keyword arguments for a rule (policy-level values filled in)."""
        return dict(self._params[rule_id])

    def rule(self, rule_id: str) -> RuleEntry | None:
        """The entry for `rule_id`, or None when the policy does not list it."""
        return next((r for r in self.rules if r.id == rule_id), None)

    def as_of_for(
        self, *, override: date | None = None, declared: date | None = None, today: date | None = None
    ) -> tuple[date, str]:
        """The audit date and where it came from: --as-of (`cli`), else the declared 申报日期
        (`declared`), else `as_of_default` (`policy`), else `today` (`audit_date`: a policy
        without a dated notice, and no application date given)."""
        if override is not None:
            return override, "cli"
        if declared is not None:
            return declared, "declared"
        if self.as_of_default is not None:
            return self.as_of_default, "policy"
        return today or date.today(), "audit_date"


def _describe_param(spec: Any, name: str) -> str:
    f = spec.params_model.model_fields[name]
    return name if f.is_required() else f"{name}={f.default!r}"


def _first_error(exc: ValidationError, *, prefix: str = "") -> str:
    err = exc.errors()[0]
    loc = ".".join(str(p) for p in ((prefix,) if prefix else ()) + tuple(err["loc"]))
    if err["type"] == "missing":
        return f"missing key {loc!r}"
    if err["type"] == "extra_forbidden":
        return f"unknown key {loc!r}"
    shown = repr(err.get("input"))
    if len(shown) > 80:
        shown = shown[:77] + "..."
    return f"{loc}: {err['msg']} (got {shown})"


# --------------------------------------------------------------------------- loading


@dataclass
class _Source:
    """One parsed policy file with the lines of its keys and rule entries."""

    path: Path
    data: dict[str, Any]
    key_lines: dict[str, int]
    rule_lines: list[int]
    # lines of the entries under the mappings whose errors should point at the entry, not the key:
    # ("required_documents", "enterprise", "2") -> line
    entry_lines: dict[tuple[str, ...], int] = field(default_factory=dict)


@dataclass
class _Merged:
    data: dict[str, Any] = field(default_factory=dict)
    key_origin: dict[str, tuple[Path, int | None]] = field(default_factory=dict)
    entry_origin: dict[tuple[str, ...], tuple[Path, int]] = field(default_factory=dict)
    rule_origin: dict[str, tuple[Path, int | None]] = field(default_factory=dict)


def _read(path: Path) -> _Source:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise PolicyError(f"cannot read the policy file: {exc}", file=path) from None
    loader = yaml.SafeLoader(text)
    try:
        node = loader.get_single_node()
        data = loader.construct_document(node) if node is not None else None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        problem = getattr(exc, "problem", None) or str(exc)
        raise PolicyError(
            f"invalid YAML: {problem}", file=path, line=mark.line + 1 if mark else None
        ) from None
    finally:
        loader.dispose()
    if not isinstance(data, dict) or not isinstance(node, yaml.MappingNode):
        raise PolicyError("a policy file must be a mapping of keys", file=path, line=1)

    key_lines: dict[str, int] = {}
    rule_lines: list[int] = []
    entry_lines: dict[tuple[str, ...], int] = {}
    for key_node, value_node in node.value:
        if isinstance(key_node, yaml.ScalarNode):
            key_lines[key_node.value] = key_node.start_mark.line + 1
            if key_node.value == "rules" and isinstance(value_node, yaml.SequenceNode):
                rule_lines = [item.start_mark.line + 1 for item in value_node.value]
            if key_node.value in _ENTRY_LINES and isinstance(value_node, yaml.MappingNode):
                entry_lines.update(_entry_lines((key_node.value,), value_node))

    if "policy" not in data:
        raise PolicyError("missing key 'policy'", file=path, line=1)
    if path.parent.resolve() == POLICY_DIR and data["policy"] != path.stem:
        raise PolicyError(
            f"a built-in policy's id must equal its file name: {data['policy']!r} != {path.stem!r}",
            file=path,
            line=key_lines.get("policy"),
        )
    rules = data.get("rules", [])
    if not isinstance(rules, list):
        raise PolicyError("'rules' must be a list of entries", file=path, line=key_lines.get("rules"))
    seen: set[str] = set()
    for i, entry in enumerate(rules):
        line = rule_lines[i] if i < len(rule_lines) else key_lines.get("rules")
        if not isinstance(entry, dict):
            raise PolicyError("a rule entry must be a mapping", file=path, line=line)
        rid = entry.get("id")
        if not isinstance(rid, str) or not rid:
            raise PolicyError("missing key 'id' in a rule entry", file=path, line=line)
        if rid in seen:
            raise PolicyError("the rule is listed twice", file=path, line=line, rule_id=rid)
        seen.add(rid)
        if "params" in entry and not isinstance(entry["params"] or {}, dict):
            raise PolicyError("'params' must be a mapping", file=path, line=line, rule_id=rid)
    return _Source(path, data, key_lines, rule_lines, entry_lines)


# Top-level mappings of lists whose entries' lines an error names (a bad group in one unit type's list).
_ENTRY_LINES = ("required_documents",)


def _entry_lines(prefix: tuple[str, ...], node: yaml.MappingNode) -> dict[tuple[str, ...], int]:
    """The line of every key and list item under `node`, by path (list items by their index)."""
    out: dict[tuple[str, ...], int] = {}
    for key_node, value_node in node.value:
        if not isinstance(key_node, yaml.ScalarNode):
            continue
        here = (*prefix, key_node.value)
        out[here] = key_node.start_mark.line + 1
        if isinstance(value_node, yaml.SequenceNode):
            for i, item in enumerate(value_node.value):
                out[(*here, str(i))] = item.start_mark.line + 1
                if isinstance(item, yaml.MappingNode):
                    out.update(_entry_lines((*here, str(i)), item))
        elif isinstance(value_node, yaml.MappingNode):
            out.update(_entry_lines(here, value_node))
    return out


def _resolve(ref: str | os.PathLike[str], *, relative_to: Path | None = None) -> Path:
    text = os.fspath(ref)
    looks_like_path = (
        isinstance(ref, os.PathLike)
        or text.endswith((".yaml", ".yml"))
        or "/" in text
        or os.sep in text
    )
    if looks_like_path:
        p = Path(text).expanduser()
        if not p.is_absolute() and relative_to is not None and (relative_to / p).is_file():
            p = relative_to / p
        if not p.is_file():
            raise PolicyError("policy file not found", file=p)
        return p
    builtin = POLICY_DIR / f"{text}.yaml"
    if builtin.is_file():
        return builtin
    known = ", ".join(sorted(p.stem for p in POLICY_DIR.glob("*.yaml"))) or "none"
    raise PolicyError(f"unknown policy {text!r} (built-in: {known})")


def _load_chain(path: Path, seen: tuple[Path, ...] = ()) -> _Merged:
    key = path.resolve()
    if key in seen:
        chain = " -> ".join(str(p) for p in (*seen, key))
        raise PolicyError(f"'extends' forms a cycle: {chain}", file=path)
    src = _read(path)
    parent_ref = src.data.get("extends")
    if parent_ref is None:
        merged = _Merged()
    else:
        if not isinstance(parent_ref, str):
            raise PolicyError(
                "'extends' must be a policy id or path", file=path, line=src.key_lines.get("extends")
            )
        try:
            parent = _resolve(parent_ref, relative_to=path.parent)
        except PolicyError as exc:
            raise exc.located(path, src.key_lines.get("extends")) if exc.file is None else exc
        merged = _load_chain(parent, (*seen, key))
    _merge_into(merged, src)
    return merged


def _merge_into(merged: _Merged, src: _Source) -> None:
    replaced = {path[:2] for path in src.entry_lines}  # a child's list replaces the parent's whole
    merged.entry_origin = {p: o for p, o in merged.entry_origin.items() if p[:2] not in replaced}
    for path, line in src.entry_lines.items():
        merged.entry_origin[path] = (src.path, line)
    for k, v in src.data.items():
        merged.key_origin[k] = (src.path, src.key_lines.get(k))
        if k == "rules":
            continue
        old = merged.data.get(k)
        if k in _MERGED_MAPPINGS and isinstance(old, dict) and isinstance(v, dict):
            merged.data[k] = {**old, **v}
        else:
            merged.data[k] = v
    rules: list[dict[str, Any]] = list(merged.data.get("rules", []))
    index = {r["id"]: i for i, r in enumerate(rules)}
    for i, entry in enumerate(src.data.get("rules", []) or []):
        entry = dict(entry)
        if entry.get("params") is None:
            entry.pop("params", None)
        line = src.rule_lines[i] if i < len(src.rule_lines) else None
        merged.rule_origin[entry["id"]] = (src.path, line)
        if entry["id"] in index:
            # A child entry overrides the parent's key by key; params merge by name.
            old = rules[index[entry["id"]]]
            params = {**old.get("params", {}), **entry.get("params", {})}
            rules[index[entry["id"]]] = {**old, **entry} | ({"params": params} if params else {})
        else:
            index[entry["id"]] = len(rules)
            rules.append(entry)
    merged.data["rules"] = rules


def _build(merged: _Merged, path: Path) -> Policy:
    entries: list[RuleEntry] = []
    for raw in merged.data.get("rules", []):
        file, line = merged.rule_origin.get(raw["id"], (path, None))
        try:
            entries.append(RuleEntry.model_validate(raw))
        except ValidationError as exc:
            raise PolicyError(_first_error(exc), file=file, line=line, rule_id=raw["id"]) from None
    top = {k: v for k, v in merged.data.items() if k != "rules"}
    if "rules" in merged.data:
        top["rules"] = entries
    try:
        return Policy.model_validate(top)
    except ValidationError as exc:
        loc = tuple(str(p) for p in exc.errors()[0]["loc"])
        file, line = merged.key_origin.get(loc[0] if loc else "", (path, None))
        # the deepest entry whose line is known (a group inside one unit type's list)
        for depth in range(len(loc), 1, -1):
            if loc[:depth] in merged.entry_origin:
                file, line = merged.entry_origin[loc[:depth]]
                break
        raise PolicyError(_first_error(exc), file=file, line=line) from None
    except PolicyError as exc:
        if exc.rule_id is not None:
            file, line = merged.rule_origin.get(exc.rule_id, (path, None))
        else:
            file, line = path, None
        raise exc.located(file, line) from None


def load_policy(id_or_path: str | os.PathLike[str]) -> Policy:
    """Load a built-in policy by id (`validators/policies/<id>.yaml`) or a policy file by path.

    Args:
        id_or_path: a built-in id such as `kunming-panlong-2024q3`, or a path to a YAML file.

    Returns:
        The checked policy, with `extends` resolved.

    Raises:
        PolicyError: the file is missing or malformed, a key is missing or unknown, a rule id is
            not registered, a severity is not error/warning/info, or a rule's params do not bind
            to its signature. The message names the file and, where YAML gives it, the line.
    """
    path = _resolve(id_or_path)
    return _build(_load_chain(path), path)


def list_policies() -> list[tuple[str, str]]:
    """(id, title) of every built-in policy, sorted by id. Each one is loaded and checked."""
    out = []
    for p in sorted(POLICY_DIR.glob("*.yaml")):
        pol = load_policy(p)
        out.append((pol.policy, pol.title))
    return out
