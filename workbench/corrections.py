"""A reviewer's field corrections: the trail's `field_correction` rows read back as corrections.

The trail masks every ID-like run of its payloads, so a corrected ID number cannot ride there in
full: its value is kept in the reviewers' private state folder (review/corrections/, keyed by the
value's SHA-256, which the trail row records), never under OUT, where full numbers appear only in
report.json's document fields. Any other value rides in the trail row itself.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterable

from preaudit.pipeline.model import ID_LIKE, Report, mask_id_number
from preaudit.pipeline.report.outdir import write_private_text
from preaudit.pipeline.report.wording import is_id_field
from preaudit.workbench.trail import Entry
from preaudit.workbench.users import review_dir

ACTION = "field_correction"
MAX_VALUE = 500


class CorrectionError(ValueError):
    """A correction that cannot be recorded (Chinese message for the page)."""


@dataclass(frozen=True)
class Correction:
    """One field's corrected value, as the latest trail row about that field says."""

    document: int
    field: str
    value: Any  # None when the value could not be recovered (an ID number whose store is gone)
    shown: str  # the value as the page shows it (masked when an ID)
    old_shown: str
    reason: str
    user: str
    ts: str
    entry_id: int

    @property
    def usable(self) -> bool:
        return self.value is not None


def holds_id(name: str, value: Any) -> bool:
    """Whether a value must be masked wherever it is shown: an ID field's, or one with an ID-like run."""
    return (is_id_field(name) and bool(value)) or (isinstance(value, str) and bool(ID_LIKE.search(value)))


def shown(name: str, value: Any) -> str:
    """A value as pages and the trail may show it."""
    if value is None:
        return ""
    text = json.dumps(value, ensure_ascii=False) if isinstance(value, (list, dict)) else str(value)
    return mask_id_number(text) if is_id_field(name) else ID_LIKE.sub(lambda m: mask_id_number(m.group(0)), text)


def value_digest(value: Any) -> str:
    return hashlib.sha256(json.dumps(value, ensure_ascii=False, sort_keys=True).encode("utf-8")).hexdigest()


def _store(out: Path, state_dir: Path | None) -> Path:
    tag = hashlib.sha256(str(Path(out).resolve()).encode("utf-8")).hexdigest()[:16]
    return review_dir(state_dir) / "corrections" / f"{tag}.json"


def _load_store(out: Path, state_dir: Path | None) -> dict[str, Any]:
    try:
        data = json.loads(_store(out, state_dir).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def keep_value(out: Path, state_dir: Path | None, value: Any) -> str:
    """Keep a value that holds an ID number in the private store; returns its digest."""
    digest = value_digest(value)
    path = _store(out, state_dir)
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    store = _load_store(out, state_dir)
    store[digest] = value
    write_private_text(path, json.dumps(store, ensure_ascii=False, sort_keys=True))
    return digest


def typed_value(old: Any, text: str) -> Any:
    """The reviewer's text as the field's type: a number stays a number, 是/否 a yes/no.

    Raises:
        CorrectionError: the text does not fit the field's type, or the field is a table.
    """
    text = text.strip()
    if isinstance(old, (list, dict)):
        raise CorrectionError("表格类字段不能在此更正。")
    if not text:
        raise CorrectionError("请填写更正后的值。")
    if len(text) > MAX_VALUE:
        raise CorrectionError(f"更正后的值不能超过{MAX_VALUE}个字符。")
    if isinstance(old, bool):
        if text in ("是", "true", "True", "1"):
            return True
        if text in ("否", "false", "False", "0"):
            return False
        raise CorrectionError("该字段须填写“是”或“否”。")
    if isinstance(old, int):
        if not text.lstrip("-").isdigit():
            raise CorrectionError("该字段须填写整数。")
        return int(text)
    if isinstance(old, float):
        try:
            return float(text)
        except ValueError:
            raise CorrectionError("该字段须填写数字。") from None
    return text


def correction_payload(report: Report, document: int, field: str, value: Any, digest: str) -> dict[str, Any]:
    """The trail row's payload: where, the old and new values as shown (masked when an ID) and the
    new value's digest (the key of the private store for an ID number)."""
    doc = report.documents[document]
    old = doc.fields[field].value
    return {"document": document, "field": field, "file": doc.file, "type": doc.doc_type.value,
            "old_value": shown(field, old), "value_sha256": digest, "masked": holds_id(field, value),
            "new_value": shown(field, value) if holds_id(field, value) else value}


def corrections(rows: Iterable[Entry], out: Path, state_dir: Path | None) -> list[Correction]:
    """The corrections in force, one per field (the latest row about it wins), in trail order."""
    latest: dict[tuple[int, str], Entry] = {}
    for row in rows:
        if row.action != ACTION:
            continue
        doc, name = row.payload.get("document"), row.payload.get("field")
        if isinstance(doc, int) and isinstance(name, str):
            latest.pop((doc, name), None)
            latest[(doc, name)] = row
    store: dict[str, Any] | None = None
    out_list = []
    for (doc, name), row in latest.items():
        digest = str(row.payload.get("value_sha256", ""))
        value: Any = None
        if row.payload.get("masked"):
            store = _load_store(out, state_dir) if store is None else store
            value = store.get(digest)
        else:
            value = row.payload.get("new_value")
        if value is not None and value_digest(value) != digest:
            value = None  # a value that is not the one recorded is no correction
        out_list.append(Correction(doc, name, value, shown(name, row.payload.get("new_value")),
                                   str(row.payload.get("old_value", "")), row.reason, row.user, row.ts, row.id))
    return out_list
