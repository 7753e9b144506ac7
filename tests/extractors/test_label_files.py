"""The labels files are read as YAML, where a key given twice silently keeps only the last: a second
`form_labels` in pledge.yaml once dropped the first list. Every YAML file the package ships holds
each key once."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
SHIPPED = sorted(p for d in ("extractors", "pipeline", "validators") for p in (ROOT / d).rglob("*.yaml"))


class _Strict(yaml.SafeLoader):
    """A loader that refuses a mapping naming one key twice."""


def _mapping(loader: _Strict, node: yaml.MappingNode, deep: bool = False) -> dict:
    # a merge (<<: *anchor) may be overridden by the mapping's own keys: only those are counted
    keys = [loader.construct_object(k, deep=deep) for k, _ in node.value if k.tag != "tag:yaml.org,2002:merge"]
    twice = sorted({str(k) for k in keys if keys.count(k) > 1})
    if twice:
        raise yaml.constructor.ConstructorError(None, None, f"keys given twice: {twice}", node.start_mark)
    return yaml.SafeLoader.construct_mapping(loader, node, deep=deep)


_Strict.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _mapping)


def test_the_strict_loader_refuses_a_key_given_twice():
    with pytest.raises(yaml.constructor.ConstructorError):
        yaml.load("a: [1]\nb: 2\na: [3]\n", Loader=_Strict)  # noqa: S506 (a SafeLoader subclass)


@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: str(p.relative_to(ROOT)))
def test_no_key_is_given_twice(path: Path):
    assert yaml.load(path.read_text(encoding="utf-8"), Loader=_Strict) == yaml.safe_load(path.read_text(encoding="utf-8"))  # noqa: S506


def test_the_shipped_files_are_found():
    assert len(SHIPPED) >= 30
