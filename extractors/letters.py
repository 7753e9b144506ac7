"""What the letters a unit signs share (issue 15: the 总公司's 推荐报告, 001 附件2; the 委托函, 004 附件2):
the signing unit of the signature block and the letter's date, where no label names them.

The signing unit is the last line (after the letter's closing words where it has them, before
`until`, a list that follows the letter) that is a unit's name once its 盖章 instruction is taken off; the date the last full date before it, in Chinese
numerals or not. A letter that its unit heads with its name (the letterhead) names its issuer there
too (letterhead_unit). All are read less surely (ROUTE_FACTORS["position"]) for having no label.
"""

from __future__ import annotations

import re

from preaudit.extractors.base import ROUTE_FACTORS, FieldReader, Hit, field_from_hit
from preaudit.extractors.common import SHAPES, dates_in_rows, read_date, read_fields
from preaudit.pipeline.model import FieldValue
from preaudit.pipeline.values.text import nfkc

SEAL_WORDS = re.compile(r"[(（\[【]?(?:盖章|公章|签章|印章)[)）\]】]?")


# the words a letter closes with, before its signature block: a list after them follows the letter
CLOSINGS = ("特此报告", "特此证明", "特此函告", "特此推荐", "特此通知", "请予以办理", "请予办理", "请予审批", "此致")


def _closed(r: FieldReader) -> int:
    """Index of the letter's last closing line (特此报告, 请予以办理为盼 …), -1 where it has none."""
    return max((i for i, (_, _, norm) in enumerate(r.lines) if any(c in norm for c in CLOSINGS)), default=-1)


def _end(r: FieldReader, until: list[str]) -> int:
    """Index of the first line that opens with one of `until` (the list after the letter). Where the
    letter has closed (特此报告, 请予以办理为盼 …), only a list after its closing counts: a table of the
    applicants inside the letter (序号 姓名 … above 特此报告) is no end of it."""
    closed = _closed(r)
    for i, (_, _, norm) in enumerate(r.lines):
        if i > closed and any(norm.startswith(u) for u in until):
            return i
    return len(r.lines)


def roster_names(r: FieldReader, heads: list[str]) -> tuple[list[str], Hit | None]:
    """The names in a table's 姓名 column (the applicants listed under the letter or inside it): the
    boxes under a header box that is one of `heads`, in its column, each a person's name, until a
    box of that column is none. The first such column with names gives them."""
    accept = SHAPES["person_name"].accept()
    wanted = {nfkc(h) for h in heads}
    for k, (page_no, head, norm) in enumerate(r.lines):
        if norm not in wanted:
            continue
        hb = head.bbox
        width = hb.x1 - hb.x0
        names: list[str] = []
        first: Hit | None = None
        for item in r.lines[k + 1:]:
            p, ln, text = item
            b = ln.bbox
            if p != page_no or b.y0 < hb.y1 - 0.002:
                continue
            if not hb.x0 - width <= (b.x0 + b.x1) / 2 <= hb.x1 + width:
                continue  # another column
            if b.x1 - b.x0 > 4 * max(width, 0.01) or not (2 <= len(text) <= 6) or accept(text) is None:
                break  # the table ends: a line across it, or a cell that holds no name
            names.append(text)
            first = first or r.hit(item, 0, len(text))
        if names:
            return names, first
    return [], None


def signing_unit(r: FieldReader, cfg: dict, field: str, until: list[str]) -> FieldValue:
    """The unit beside `field`'s labels, else the signature block's unit (see the module)."""
    fv = read_fields(r, cfg, (field,))[field]
    accept = SHAPES["unit"].accept()
    if fv.value is not None and accept(str(fv.value)) == (1.0, 1.0):
        return fv
    # the signature block follows the letter's closing where it has one: a unit named in the body on
    # a line of its own (a blank filled in by hand: XX单位为我单位下属…) is not the signer
    for item in reversed(r.lines[_closed(r) + 1:_end(r, until)]):
        text = SEAL_WORDS.sub("", item[2]).strip(":：")
        if text.endswith((":", "：")) or item[2].rstrip().endswith((":", "：")):
            continue  # the addressee (甘肃省人力资源和社会保障厅：), not the signer
        if len(text) >= 4 and accept(text) == (1.0, 1.0):
            value = SHAPES["unit"].value(text)
            start = item[2].find(text)
            hit: Hit = r.hit(item, max(start, 0), max(start, 0) + len(text))
            return field_from_hit(hit, value, ROUTE_FACTORS["position"])
    return fv if fv.value is not None and not re.search(r"\d", str(fv.value)) else FieldValue()


def letterhead_unit(r: FieldReader, head_lines: int, suffixes: list[str]) -> FieldValue:
    """The unit a letter is headed by: a line of the first page's first `head_lines`, above the
    addressee (各科室：), that is a unit's name once a `suffixes` word (文件) is taken off its end.
    Read less surely (ROUTE_FACTORS["position"]) for having no label."""
    accept = SHAPES["unit"].accept()
    first_page = r.lines[0][0] if r.lines else None
    for item in r.lines[:head_lines]:
        norm = item[2]
        if item[0] != first_page or norm.endswith(":"):
            break  # the letter's body begins at its addressee
        text = SEAL_WORDS.sub("", norm)
        for word in suffixes:
            if text.endswith(nfkc(word)) and len(text) > len(nfkc(word)):
                text = text[: -len(nfkc(word))]
        if len(text) >= 4 and accept(text) == (1.0, 1.0):
            start = max(norm.find(text), 0)
            return field_from_hit(r.hit(item, start, start + len(text)), SHAPES["unit"].value(text), ROUTE_FACTORS["position"])
    return FieldValue()


def letter_date(r: FieldReader, labels: list[str], stop_labels: list[str] | None, until: list[str]) -> FieldValue:
    """The date beside its label, else the last full date of the letter (before `until`)."""
    fv = read_date(r, labels, stop_labels, at_start=True)
    if fv.value is not None:
        return fv
    end = _end(r, until)
    limit = (r.lines[end][0], r.lines[end][1].bbox.y0) if end < len(r.lines) else None
    dated = [(hit, value) for hit, value in dates_in_rows(r.rows()) if len(value) == 10
             and (limit is None or (hit.page or 0, hit.bbox.y0 if hit.bbox else 0.0) < limit)]
    return field_from_hit(*dated[-1], ROUTE_FACTORS["position"]) if dated else FieldValue()


_COUNT = re.compile(r"等([0-9]{1,3}|[一二两三四五六七八九十]{1,3})(?:名|位|人)")
_DIGITS = {"一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}


def stated_count(r: FieldReader) -> int | None:
    """How many people the letter says it names (张伟等3名同志, 等四位同志), where it says so."""
    m = _COUNT.search("".join(norm for _, _, norm in r.lines))
    if m is None:
        return None
    t = m.group(1)
    if t.isdigit():
        return int(t)
    if t.startswith("十"):
        return 10 + _DIGITS.get(t[1:], 0)
    if "十" in t:
        tens, _, ones = t.partition("十")
        return _DIGITS.get(tens, 0) * 10 + _DIGITS.get(ones, 0)
    return _DIGITS.get(t)


def listed_names(r: FieldReader, read: FieldValue, heads: list[str]) -> FieldValue:
    """The names a letter lists: those its text read (`read`, joined by 、) where they are as many as
    it says (等N名), else its table's 姓名 column (roster_names) where that is, else what was read.
    Names filled in by hand lose their 、 to OCR (郭涛 黄婷 -> 郭涛黄婷); the typed list keeps them apart."""
    count = stated_count(r)
    mine = [n for n in str(read.value or "").split("、") if n]
    if mine and (count is None or len(mine) == count):
        return read
    listed, hit = roster_names(r, heads)
    if listed and hit is not None and (count is None or len(listed) == count or not mine):
        return field_from_hit(hit, "、".join(listed), ROUTE_FACTORS["cell"])
    return read
