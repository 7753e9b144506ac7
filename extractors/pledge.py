"""职称申报承诺书 (001 §五(七) 附件5): 承诺人, 申报专业及级别 as printed, date, seal.

The letter is signed by hand: the name, often the specialty and level and the date are written on
lines the template prints (承诺人（签字并按手印）：＿＿＿, 申报专业及级别：＿＿＿, 年 月 日). OCR reads
a handwritten value as a box of its own over the line, a little off the printed baseline and less
surely; FieldReader's `handwriting` route finds it there, and an instruction printed beside an empty
line (签字并按手印) is part of the label, never the name. A template that asks for the specialty inside
a sentence (现申报＿＿专业技术资格, 004 附件3; 在参加2021年＿＿专业技术职称申报中, 003 Q23(3)) is read over
the visual row, where the written-in box falls between the printed words.

The date: beside its label (or on the label's row, numbers written into a printed 年 月 日); else
the date under or beside the signer's label (a letter with a second, unit signature block dates
both); else the last date of the letter, read less surely for having no label.

`has_seal` is emitted as None: a seal is seen on the page image, not in its text, and the seal
detector (preaudit.pipeline.integrity.facts) fills the field after extraction.
"""

from __future__ import annotations

import re

from preaudit.extractors.base import ROUTE_FACTORS, FieldReader, Hit, Row, field_from_hit, load_labels, register
from preaudit.extractors.common import (SHAPES, Shape, clean_value, clipped_dates_in_rows, date_on_label_row, dates_in_rows, read_date, read_fields,
                               read_text, reader_for, register_shape, tiers)
from preaudit.pipeline.model import DocType, FieldValue, Page
from preaudit.pipeline.values.shapes import han_count, is_blank
from preaudit.pipeline.values.text import nfkc

LABELS = load_labels("pledge")
SPECK_CHARS = 2  # a visual row of at most this many characters and no Han one is a speck's reading


def _specialty_value(text: str) -> str | None:
    value = SHAPES["text"].value(text)
    return value or None


def _specialty_verdict(value: str) -> tuple[float, float] | None:
    """A specialty (and level) has the shape of a short name: never a phrase of the letter, a
    piece of its running text or a number (labels file `specialty_shape`), nor a part's own label
    word alone ((专业) of 申报职称：（专业）＿＿（级别）＿＿)."""
    shape = LABELS["specialty_shape"]
    if _bare_part_words(value):
        return None
    if any(w in value for w in LABELS["specialty_stop_words"]) or any(w in value for w in shape["reject"]):
        return None
    if sum(ch.isdigit() for ch in value) > shape["max_digits"] or len(value) > shape["max_length"]:
        return None
    if han_count(value) < shape["min_han"]:
        return None  # a speck or a stroke read as L, 1 or a: a specialty is named in Han characters
    return 1.0, 1.0


register_shape("specialty", Shape(_specialty_value, _specialty_verdict))


def _part_words() -> list[str]:
    return sorted((nfkc(w) for words in LABELS["sub_labels"].values() for w in words), key=len, reverse=True)


def _bare_part_words(value: str) -> bool:
    """Whether a value is nothing but the parts' label words, with their brackets and colons."""
    rest = re.sub(r"[()（）:：\s_＿]", "", nfkc(value))
    for word in _part_words():
        rest = rest.replace(word, "")
    return not rest


def _labelled_parts(r: FieldReader) -> FieldValue:
    """申报职称's two parts each labelled on its row (（专业）计算机应用技术（级别）助理级, or 专业：…级别：…),
    joined as 专业(级别); nothing unless both parts are there and each has a specialty's shape."""
    heads = [nfkc(x) for x in LABELS["labels"]["specialty_level"]]
    words = {k: "|".join(re.escape(nfkc(w)) for w in sorted(v, key=len, reverse=True))
             for k, v in LABELS["sub_labels"].items()}
    part = r"(?:\((?:{w})\):?|(?:{w}):)"
    regex = re.compile(part.format(w=words["specialty"]) + r"(.+?)" + part.format(w=words["level"]) + r"(.+)$")
    for row in r.rows():
        at = next((row.text.find(h) + len(h) for h in heads if h in row.text), -1)
        m = regex.search(row.text, at) if at >= 0 else None
        if m is None:
            continue
        texts = [clean_value(m.group(g)) for g in (1, 2)]
        if not all(texts) or any(is_blank(t) or _specialty_verdict(t) is None for t in texts):
            continue
        return field_from_hit(row.hit(m.start(1), m.end(2)), f"{texts[0]}({texts[1]})")
    return FieldValue()


@register(DocType.PLEDGE)
def extract(pages: list[Page]) -> dict[str, FieldValue]:
    r = reader_for(pages, LABELS)
    fields = read_fields(r, LABELS, ("name", "specialty_level", "date"))
    if not fields["name"].found:
        # the signature not read (a fingerprint pressed over it): the name the letter's own
        # sentence gives (本人＿郭晖＿，身份证号…), read less surely: it is not the signature
        named = _sentence_fill(r, "name", SHAPES["person_name"].accept())
        if named.found:
            fields["name"] = named.model_copy(update={"confidence": round(named.confidence * ROUTE_FACTORS["position"], 4)})
    # a printed sentence's blanks before labels printed apart: 专业 opens a filled-in sentence's
    # second line too (申报＿物流工程＿ / 专业助理级职称), where no label stands
    parted = _labelled_parts(r)
    if parted.found:
        fields["specialty_level"] = parted
    if fields["specialty_level"].value is None:
        fields["specialty_level"] = _sentence_fill(r, "specialty_level")
    if fields["specialty_level"].value is None:
        fields["specialty_level"] = _specialty_and_level(r)
    if fields["specialty_level"].value is not None:
        fields["specialty_level"] = _cleaned(fields["specialty_level"])
    if fields["date"].value is None:
        fields["date"] = date_on_label_row(r, LABELS["labels"]["date"])
    signer = [x for t in tiers(LABELS["labels"]["name"])[:1] for x in t]
    if fields["date"].value is None:
        fields["date"] = read_date(r, signer)
    if fields["date"].value is None:
        # The signing date often stands alone under 承诺人: the last date on the letter (on its
        # visual row: the numbers may be written by hand beside a printed 年 月 日). Found by its
        # place alone, it is read less surely.
        dated = dates_in_rows(r.rows())
        if dated:
            fields["date"] = field_from_hit(*_signers_date(r, dated, signer), ROUTE_FACTORS["position"])
    if fields["date"].value is None:
        # a date that reads whole only once a lost separator or a clipped year is put back (日期：
        # 202408-20, its 年 and 月 run together): the letter's last such date, never sure
        clipped = clipped_dates_in_rows(r.rows(), int(LABELS["clipped_dates"]["century"]))
        if clipped:
            fields["date"] = field_from_hit(*clipped[-1], float(LABELS["clipped_dates"]["factor"]))
    fields["has_seal"] = FieldValue(value=None, confidence=0.0)
    return fields


def _signers_date(r: FieldReader, dated: list[tuple[Hit, str]], signer: list[str]) -> tuple[Hit, str]:
    """Of the dates on the letter's last dated row, the one in the signer's column: a letter the
    unit signs off beside the applicant (承诺人签名 | 单位审核（签名）盖章) carries two dates level
    with each other, and the unit's is the later one in reading order."""
    last = dated[-1][0]
    row = [d for d in dated if d[0].page == last.page and abs(d[0].bbox.cy - last.bbox.cy) < last.bbox.height]
    labels = [at for at in r.find_labels(signer, fuzzy=0) if r.lines[at.index][0] == last.page]
    if len(row) < 2 or not labels:
        return dated[-1]
    x0 = r.lines[labels[0].index][1].bbox.x0
    return min(row, key=lambda d: abs(d[0].bbox.x0 - x0))


def _cleaned(value: FieldValue) -> FieldValue:
    text = clean_value(value.value) if isinstance(value.value, str) else value.value
    update: dict = {"value": text or None}
    if isinstance(text, str) and _stammers(text):
        update["confidence"] = round(min(value.confidence, LABELS["corrected_confidence"]), 4)
    return value.model_copy(update=update)


def _stammers(text: str) -> bool:
    """Whether a specialty says a word of two characters or more twice (物流程物流工程, 计算机临用技术计算机
    应用技术): a word written, struck through and written again, the struck one read too. What the
    hand meant is not sure."""
    specialty = re.split(r"[(（\[]", nfkc(text))[0]
    for word in sorted(LABELS["level_words"], key=len, reverse=True):  # the level is no part of it
        specialty = specialty.removesuffix(word)
    han = "".join(ch for ch in specialty if "\u4e00" <= ch <= "\u9fff")
    return any(han.find(han[i:i + 2], i + 2) >= 0 for i in range(len(han) - 3))


def _sentence_fill(r: FieldReader, name: str, verdict=None) -> FieldValue:  # noqa: ANN001
    """A value written into a blank of a printed sentence, read over the visual rows; `verdict`
    (the value's shape; the specialty's by default) refuses what is no such value."""
    verdict = verdict or _specialty_verdict
    rows = r.rows()
    for pattern in LABELS.get("sentence_fills", {}).get(name, []):
        regex = re.compile(pattern)
        for row in rows + _wrapped_rows(rows):
            m = regex.search(row.text)
            if not m:
                continue
            # one blank (the group), or two: 申报＿专业＿专业＿级别＿职称, joined as 专业(级别)
            parts = [_unruled(row.text, m.start(g), m.end(g)) for g in range(1, (regex.groups or 1) + 1)]
            texts = [clean_value(row.text[a:b]) for a, b in parts]
            if not all(texts) or any(is_blank(t) for t in texts):
                continue
            value = texts[0] if len(texts) == 1 else f"{texts[0]}({texts[1]})"
            if verdict(value) is None:
                continue
            return field_from_hit(row.hit(parts[0][0], parts[-1][1]), value)
    return FieldValue()


def _wrapped_rows(rows: list[Row]) -> list[Row]:
    """Each visual row joined with the next one on its page: a sentence copied out by hand wraps
    where the line ends (申报电气工程助 / 理级职称), and its blank's value with it. A speck read as a
    mark or two (1, L: no Han character) between the two lines is no line of the sentence."""
    kept = [row for row in rows if han_count(row.text) > 0 or len(nfkc(row.text).strip()) > SPECK_CHARS]
    return [Row(a.page, a.tokens + b.tokens) for a, b in zip(kept, kept[1:]) if a.page == b.page]


def _unruled(text: str, start: int, end: int) -> tuple[int, int]:
    """The span [start, end) of `text` without the printed blank's underline around what was
    written on it (＿＿计算机应用技术助理级＿＿): the blank's rule is no part of the value."""
    marks = LABELS["blank_marks"]
    while start < end and text[start] in marks:
        start += 1
    while end > start and text[end - 1] in marks:
        end -= 1
    return start, end


def _specialty_and_level(r: FieldReader) -> FieldValue:
    """申报专业 and 申报级别 printed apart: joined as 专业(级别). The labels must open their line:
    申报专业 is also a phrase of the letter's text (本人自愿申报专业技术职称)."""
    stops = LABELS["stop_labels"]
    spec = read_text(r, LABELS["labels"]["specialty"], stops, at_start=True, kind="specialty")
    level = read_text(r, LABELS["labels"]["level"], stops, at_start=True, kind="specialty")
    spec_text = clean_value(spec.value) if spec.value else ""
    level_text = clean_value(level.value) if level.value else ""
    if not spec_text:
        return level if level_text else FieldValue()
    if not level_text:
        return spec
    return spec.model_copy(update={"value": f"{spec_text}({level_text})", "confidence": min(spec.confidence, level.confidence)})
