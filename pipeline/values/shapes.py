"""The shapes values can take: a person's name, a unit's name, a date, a blank left to fill in.

A reader that takes a label, a title or an instruction for a value (employer = 劳动合同备案表, a
pledge's name = 签字并按手印) produces a value no real one looks like. These checks say so, from
vocabulary in shapes.yaml and nothing about any layout; extractors use them to refuse candidates,
and pipeline/values/certainty.py uses them to call a read value unsure.
"""

from __future__ import annotations

import re
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from preaudit.pipeline.values.text import nfkc

_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_BRACKETED_TAIL = re.compile(r"\([^()]*\)$")
EARLIEST = date(1900, 1, 1)
LATEST = date(2100, 12, 31)


@lru_cache(maxsize=1)
def vocabulary() -> dict[str, Any]:
    return yaml.safe_load(Path(__file__).with_name("shapes.yaml").read_text(encoding="utf-8"))


@lru_cache(maxsize=1)
def _blank() -> re.Pattern[str]:
    return re.compile(vocabulary()["blank_pattern"])


@lru_cache(maxsize=1)
def _strokes() -> frozenset[str]:
    return frozenset(vocabulary().get("stroke_marks") or [])


def is_han(ch: str) -> bool:
    """A Han character that can stand in a name (not a lone stroke OCR reads off a rule: 丨)."""
    return bool(_HAN.fullmatch(ch)) and ch not in _strokes()


def han_count(text: str) -> int:
    return sum(1 for ch in text if is_han(ch))


def is_blank(text: Any) -> bool:
    """An empty cell, underline, box or 无: nothing was filled in."""
    if text is None:
        return True
    return bool(_blank().match(str(text)))


def contains_label_word(text: str) -> str | None:
    """The first label/title/instruction word (shapes.yaml `label_words`) inside `text`, or None."""
    flat = nfkc(text)
    return next((w for w in vocabulary()["label_words"] if w in flat), None)


def starts_with_surname(name: str) -> bool:
    """Whether a Han name begins with a surname (shapes.yaml `surnames`, minority first syllables
    included): a form's line taken for a name (不属于公务员) does not."""
    spec = vocabulary().get("surnames") or {}
    single = set(str(spec.get("single", "")).replace(" ", ""))
    if not single:
        return True
    return name[:1] in single or any(name.startswith(c) for c in spec.get("compound", []))


def person_name_problem(text: Any) -> str | None:
    """Why `text` cannot be a person's name, or None when it can: 2–6 Han characters, or a minority
    name whose parts, joined by a middle dot, are Han; no label or instruction word."""
    if not isinstance(text, str) or is_blank(text):
        return "空白"
    flat = nfkc(text)
    spec = vocabulary()["person_name"]
    if "·" in flat:
        parts = flat.split("·")
        if any(not p or any(not is_han(c) for c in p) for p in parts):
            return "含有汉字以外的字符"
        if han_count(flat) > spec["max_han_with_dot"]:
            return "过长"
    else:
        if any(not is_han(c) for c in flat):
            return "含有汉字以外的字符"
        if not spec["min_han"] <= len(flat) <= spec["max_han"]:
            return f"字数（{len(flat)}）不像姓名"
        if not starts_with_surname(flat):
            return f"首字“{flat[0]}”不是姓氏"
    word = contains_label_word(flat)
    if word:
        return f"含有表格用语“{word}”"
    return None


def unit_name_problem(text: Any) -> str | None:
    """Why `text` cannot be a unit's name, or None when it can: at least a few characters, mostly
    Han, ending like a unit (公司, 中心, 医院 …), with no title or instruction word."""
    if not isinstance(text, str) or is_blank(text):
        return "空白"
    flat = nfkc(text)
    vocab = vocabulary()
    if len(flat) < vocab["unit"]["min_chars"] or han_count(flat) < 3:
        return "过短"
    word = next((w for w in vocab["unit_stop_words"] if w in flat), None)
    if word:
        return f"含有表格用语“{word}”"
    core = flat
    while _BRACKETED_TAIL.search(core) and len(_BRACKETED_TAIL.sub("", core)) >= 3:
        core = _BRACKETED_TAIL.sub("", core)
    if not any(core.endswith(s) for s in vocab["unit_suffixes"]):
        return "结尾不像单位名称"
    return None


def date_problem(value: Any, earliest: date = EARLIEST, latest: date = LATEST) -> str | None:
    """Why an ISO date string (or date) is not a plausible date, or None."""
    if isinstance(value, date):
        d = value
    elif isinstance(value, str):
        try:
            d = date.fromisoformat(value.strip())
        except ValueError:
            return "不是有效日期"
    else:
        return "不是有效日期"
    if not earliest <= d <= latest:
        return f"日期{d.isoformat()}超出合理范围"
    return None


@lru_cache(maxsize=1)
def _place_heads() -> frozenset[str]:
    """What an issuing authority's name may begin with: every place name of the code table, and
    its short forms (楚雄彝族自治州 -> 楚雄州, 楚雄)."""
    from preaudit.pipeline.values.cards import ETHNIC_GROUPS  # noqa: PLC0415 - cards needs nothing from here
    from preaudit.pipeline.values.idnumber import division_names  # noqa: PLC0415

    spec = vocabulary()["authority"]
    endings = sorted(spec["place_endings"], key=len, reverse=True)
    least = int(spec["min_place_chars"])
    peoples = sorted((g + "族" for g in ETHNIC_GROUPS), key=len, reverse=True)
    out: set[str] = set()
    for name in division_names():
        out.add(name)
        ending = next((e for e in endings if name.endswith(e) and len(name) - len(e) >= least), None)
        if ending is None:
            continue
        core = name[: -len(ending)]
        for people in peoples:  # 楚雄彝族 -> 楚雄; 红河哈尼族彝族 -> 红河
            while core.endswith(people) and len(core) - len(people) >= least:
                core = core[: -len(people)]
        for short in ("州", "县", "市") if ending.startswith("自治") else ():
            out.add(core + short)
        out.add(core)
    # a short form that begins the organ's own words (公安县 -> 公安) would pass 公安局盘龙分局
    return frozenset(h for h in out if len(h) >= least and not any(e.startswith(h) for e in spec["endings"]))


def authority_problem(text: Any) -> str | None:
    """Why `text` cannot be an ID card's issuing authority, or None when it can: Han characters
    only, beginning with a place (a province, prefecture or county of the code table, whole or
    short) and ending like a public-security organ (shapes.yaml `authority`). A reading cut short
    at either end (明市公安局五华分) fails one of the two."""
    if not isinstance(text, str) or is_blank(text):
        return "空白"
    flat = re.sub(r"\s+", "", nfkc(text))
    if han_count(flat) != len(flat):
        return "含非汉字字符"
    spec = vocabulary()["authority"]
    if not flat.endswith(tuple(spec["endings"])):
        return "结尾不像公安机关名称（疑似截断）"
    heads = _place_heads()
    if not any(flat[:k] in heads for k in range(int(spec["min_place_chars"]), len(flat))):
        return "开头不是行政区划名称（疑似截断）"
    return None


def address_problem(text: Any) -> str | None:
    """Why `text` cannot be an ID card's whole 住址, or None when it can: it begins with a
    province-level division (shapes.yaml `address`); a reading that does not is a later line of it."""
    if not isinstance(text, str) or is_blank(text):
        return "空白"
    flat = re.sub(r"\s+", "", nfkc(text))
    if not flat.startswith(tuple(vocabulary()["address"]["provinces"])):
        return "开头不是省级行政区名称（疑似只识别到住址的后续行）"
    return None
