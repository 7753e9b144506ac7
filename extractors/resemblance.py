"""Which types a page that fits no type may still be, by the labels of their fields (issue 12).

The classifier types a page by its title and its type's own words (pipeline/intake/classify.py,
which also says which types an untyped page shows words of). Another unit's form of the same
document may carry a title we do not know (学历情况核实表 for a 学历证明) and still ask for the same
things: 毕业学校, 所学专业, 学历层次, 毕业时间, 人事负责人. A page whose label cells name several
fields of one type is then possibly that document, and a rule that finds the type absent is not
certain of it (validators/rules/documents.py: DOC_MISSING becomes a request for a human look).

Labels every form shares (姓名, 身份证号, 日期, 单位名称) tell no type apart: a label counts only where
few types' label files hold it (`generic_share` of resemblance.yaml). Nothing here is tuned to
one form: the labels are the extractors' own, and the thresholds are the same for every type.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

import yaml

from preaudit.extractors.base import _LABEL_DIR, fold, load_labels
from preaudit.pipeline.model import DocType, Page
from preaudit.pipeline.values.text import nfkc

_STRIP = ":： "
_BRACKETS = re.compile(r"[()（）\[\]【】]")


def _flat(entry: Any) -> list[str]:
    """A field's labels: a list, or tiers (a list of lists)."""
    if isinstance(entry, str):
        return [entry]
    out: list[str] = []
    for item in entry or []:
        out.extend(_flat(item))
    return out


def _norm(text: str) -> str:
    return _BRACKETS.sub("", fold(nfkc(text))).strip(_STRIP)


@lru_cache(maxsize=1)
def settings() -> dict[str, Any]:
    return yaml.safe_load((_LABEL_DIR / "resemblance.yaml").read_text(encoding="utf-8"))


@lru_cache(maxsize=1)
def distinctive_labels() -> dict[DocType, dict[str, frozenset[str]]]:
    """Per type, per field, the labels that few types share (at least 2 characters)."""
    by_type: dict[DocType, dict[str, set[str]]] = {}
    for t in DocType:
        if t in (DocType.OTHER, DocType.PHOTO) or not (_LABEL_DIR / f"{t.value}.yaml").exists():
            continue
        labels = load_labels(t.value).get("labels") or {}
        by_type[t] = {name: {_norm(x) for x in _flat(entry) if len(_norm(x)) >= 2} for name, entry in labels.items()}
    counts: dict[str, int] = {}
    for fields in by_type.values():
        for label in set().union(*fields.values()) if fields else set():
            counts[label] = counts.get(label, 0) + 1
    limit = max(1, int(len(by_type) * float(settings()["generic_share"])))
    return {t: {name: frozenset(x for x in labels if counts[x] <= limit) for name, labels in fields.items()}
            for t, fields in by_type.items()}


def _opens(line: str, label: str) -> bool:
    """A label cell: the line is the label (give or take a colon and brackets) or opens with it
    followed by a separator or its value; never a word inside running text."""
    return line.startswith(label)


def fields_labelled(pages: list[Page], doc_type: DocType) -> list[str]:
    """The fields of `doc_type` whose distinctive labels open a line of the pages."""
    lines = [_norm(line.text) for page in pages for line in page.lines]
    lines = [x for x in lines if x]
    fields = distinctive_labels().get(doc_type, {})
    return sorted(name for name, labels in fields.items()
                  if any(_opens(line, label) for line in lines for label in labels))


def label_resemblance(pages: list[Page]) -> list[str]:
    """The types at least `min_fields` of whose fields (and `min_share` of those with distinctive
    labels) are labelled on the pages."""
    conf = settings()
    out = []
    for t, fields in distinctive_labels().items():
        named = [f for f, labels in fields.items() if labels]
        if not named:
            continue
        found = fields_labelled(pages, t)
        if len(found) >= int(conf["min_fields"]) and len(found) / len(named) >= float(conf["min_share"]):
            out.append(t.value)
    return out
