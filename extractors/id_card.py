"""居民身份证, front (identity) and back (issuing authority, validity period).

Values are read beside their labels first. The card's layout and content are fixed by law
(pipeline/values/cards.py), so where OCR loses or garbles a label (faint blue print, a seal, 姓 名 read as
娃名 or split into two boxes) a value is still found by its place among the other fields and by its
shape: the name is the first line of the card and has a name's shape, 出生 is the line that prints
the birth date the number holds, the address lies between 出生 and the number, the number passes
GB 11643, the validity period is two dates (or a date and 长期), the authority a public-security
organ. A value found that way was not read beside its label: its confidence is capped at
`inferred_confidence` (id_card_front.yaml), below what pipeline/values/certainty.py calls certain on its
own, and `raw` says how it was found. Another document agreeing still makes it certain.
"""

from __future__ import annotations

import re

from preaudit.extractors.base import GAP_GLYPHS, FieldReader, Hit, field_from_hit, load_labels, normalize, register
from preaudit.extractors.common import clean_value, id_number_valid, read_id_number
from preaudit.pipeline.values import cards
from preaudit.pipeline.intake.faces import map_box, reading_of
from preaudit.pipeline.values.idnumber import birth_date
from preaudit.pipeline.model import BBox, DocType, FieldValue, Page, TextLine
from preaudit.pipeline.values.shapes import person_name_problem
from preaudit.pipeline.values.text import day_cut, nfkc, parse_date

FRONT = load_labels("id_card_front")
BACK = load_labels("id_card_back")
_BIRTH = r"(\d{4}\D{1,3}\d{1,2}\D{1,3}\d{1,2}日?)"  # with the 日 the card prints, when it was read


def _front_labels() -> list[str]:
    return [x for k in ("name", "gender", "ethnicity", "birth_date", "address", "id_number") for x in FRONT[k]]


def _back_labels() -> list[str]:
    return [x for k in ("issuing_authority", "validity") for x in BACK[k]]


def _inferred(value: object, line: TextLine, page: int, how: str, bbox: BBox | None = None) -> FieldValue:
    """A value found by its place or shape (`how`), not beside its label: capped confidence; `raw`
    is the line it was read from."""
    cap = float(FRONT["inferred_confidence"])
    return FieldValue(value=value, confidence=round(min(line.confidence, cap), 4), bbox=bbox or line.bbox, page=page,
                      source=line.source, raw=line.text)


def _capped(fv: FieldValue) -> FieldValue:
    """`raw` stays the text the value was read from: report evidence masks an ID number by where
    it lies in that text."""
    cap = float(FRONT["inferred_confidence"])
    return fv.model_copy(update={"confidence": round(min(fv.confidence, cap), 4)})


# --------------------------------------------------------------------------- front


def _in_face_frame(extract):  # noqa: ANN001, ANN202 - a decorator over the two extractors
    """Read a face that was read on its own (preaudit.pipeline.intake.faces) in its own frame (upright, level:
    labels and values on their rows), then report the boxes on the page, where evidence is cut."""

    def run(pages: list[Page]) -> dict[str, FieldValue]:
        maps = {}
        aspects: dict[int, float] = {}
        framed = []
        for p in pages:
            reading = reading_of(p)
            if reading is None:
                framed.append(p)
                continue
            maps[p.number] = reading.to_page
            aspects[p.number] = p.height / p.width if p.width else 1.0
            framed.append(Page(**{**{k: getattr(p, k) for k in Page.model_fields}, "lines": reading.lines}))
        fields = extract(framed)
        if not maps:
            return fields
        out = {}
        for name, fv in fields.items():
            if fv.bbox is not None and fv.page in maps:
                h = maps[fv.page]
                # a face standing steeply on the page: its lines' boxes there are no rows, and the
                # report could not mask the middle of the number inside one; give no box then
                box = None if name == "id_number" and _steep(h, aspects[fv.page]) else map_box(h, fv.bbox)
                fv = fv.model_copy(update={"bbox": box})
            out[name] = fv
        return out

    run.__doc__ = extract.__doc__
    return run


STEEP_DEGREES = 30.0


def _steep(to_page, aspect: float) -> bool:  # noqa: ANN001 - a 3x3 numpy homography
    """Whether a face's rows run more than STEEP_DEGREES off the page's horizontal (`aspect`:
    the page's height / width, for angles in one unit)."""
    import math

    a = to_page @ [0.3, 0.5, 1.0]
    b = to_page @ [0.7, 0.5, 1.0]
    dx, dy = b[0] / b[2] - a[0] / a[2], (b[1] / b[2] - a[1] / a[2]) * aspect
    return abs(math.degrees(math.atan2(dy, dx))) > STEEP_DEGREES


@register(DocType.ID_CARD_FRONT)
@_in_face_frame
def extract_front(pages: list[Page]) -> dict[str, FieldValue]:
    r = FieldReader(pages, _front_labels())
    stops = FRONT["stop_labels"]
    id_number = _id_number(r)
    number = id_number.value if isinstance(id_number.value, str) and id_number_valid(id_number.value) else None
    birth_item = _birth_line(r, number)
    gender_hit = r.after_label(FRONT["gender"], pattern=r"(男|女)")
    gender = field_from_hit(gender_hit, gender_hit.text if gender_hit else None)
    if gender.value is None:
        gender = _gender_from_number(id_number)
    return {
        "name": _name(r, stops, birth_item),
        "gender": gender,
        "ethnicity": _ethnicity(r),
        "birth_date": _birth(r, number, birth_item),
        "address": _address(r, birth_item, id_number),
        "id_number": id_number,
    }


def _id_number(r: FieldReader) -> FieldValue:
    """Beside its label (公民身份号码, also when OCR split it into two boxes); else a number of the
    card's shape anywhere on the face (GB 11643: the check digit and the birth date hold)."""
    found = read_id_number(r, FRONT["id_number"])
    if found.value is not None:
        return found
    anywhere = read_id_number(r, FRONT["id_number"], anywhere=True)
    return _capped(anywhere) if anywhere.value is not None else anywhere


def _birth_line(r: FieldReader, number: str | None) -> tuple[int, TextLine, str] | None:
    """The line (or row of boxes) that prints the number's birth date (the card's 出生 line)."""
    if number is None:
        return None
    for page in r.pages:
        found = cards.birth_line(list(page.lines), number)
        if found is not None:
            return page.number, found, normalize(found.text)
    return None


def _name_of(text: str) -> tuple[str, bool] | None:
    """The name in a line that may open with a garbled or split 姓名 (娃名李娜, 姓明李娜, 名李娜):
    (name, whether a label was taken off). A head that keeps one of the label's characters in its
    place is the label, when what follows has a name's shape."""
    t = clean_value(normalize(text).lstrip(GAP_GLYPHS))  # (the gap after 姓名 read as a box glyph: ☑周斌)
    for cut, garbled in ((2, len(t) >= 4 and (t[:1] == "姓" or t[1:2] == "名")), (1, t[:1] in ("名", "姓"))):
        rest = clean_value(t[cut:])
        if garbled and person_name_problem(rest) is None:
            return rest, True
    if person_name_problem(t) is None:
        return t, False
    return None


def _name(r: FieldReader, stops: list[str], birth_item: tuple[int, TextLine, str] | None) -> FieldValue:
    """姓名 beside its label when that reads as a name; else the card's first line of text, when it
    has a name's shape (2–6 Han characters, or parts joined by ·) and lies above the other fields."""
    read = _beside(r, FRONT["name"], stops)
    if read.value is not None:
        named = _name_of(str(read.value))
        if named is not None and not named[1]:
            return read.model_copy(update={"value": named[0]})
    # the rows of the other fields: the name is printed above all of them
    others = r.label_lines([x for k in ("gender", "ethnicity", "birth_date", "address", "id_number") for x in FRONT[k]], fuzzy=0)
    tops = [r.lines[i][1].bbox.y0 for i, _, _ in others]
    if birth_item is not None:
        tops.append(birth_item[1].bbox.y0)
    limit = min(tops) if tops else None
    for page_no, line, norm in sorted(r.lines, key=lambda it: (it[0], it[1].bbox.y0)):
        if limit is not None and line.bbox.cy >= limit:
            break
        named = _name_of(line.text)
        if named is not None:
            return _inferred(named[0], line, page_no, "label" if named[1] else "position")
    return FieldValue()


def _ethnicity(r: FieldReader) -> FieldValue:
    """民族 beside its label, when it names one of the 56 groups; else a box that names one."""
    hit = r.after_label(FRONT["ethnicity"], pattern=r"([\u4e00-\u9fff]{1,6}?)(?:族)?(?:出生|$)")
    if hit is not None:
        group = cards.ethnic_group(hit.text)
        if group is not None:
            return field_from_hit(hit, hit.text)
        if cards.ethnic_group(hit.text[:1]) is None:
            # none of the 56 groups: a misread or a watermark's words over the value (用无效), kept to
            # show what was read, but never sure
            return field_from_hit(hit, hit.text, FRONT["not_a_group_factor"])
    for page_no, line, norm in r.lines:
        text = re.sub(r"^.*?(民族|族)", "", norm) if "族" in norm[:3] else norm
        text = re.sub(r"^(性别)?[男女]", "", text) if len(text) > 1 else text
        group = cards.ethnic_group(text)
        if group is not None:
            return _inferred(group, line, page_no, "shape")
    return field_from_hit(hit, hit.text) if hit is not None else FieldValue()


def _birth(r: FieldReader, number: str | None, birth_item: tuple[int, TextLine, str] | None) -> FieldValue:
    """出生 beside its label; else the line that prints the number's birth date (年 月 日 lost)."""
    # A day read without the 日 the card prints after it (1999年10月29 for 10月2日) is not sure.
    hit = r.after_label(FRONT["birth_date"], pattern=_BIRTH)
    birth = parse_date(hit.text) if hit else None
    if birth is not None:
        return field_from_hit(hit, birth.isoformat(), FRONT["cut_day_factor"] if day_cut(hit.text) else 1.0)
    # the date in boxes of its own beside the label (1997 | 年4月21日 on a face read askew): the boxes
    # that continue the nearest one on its row, joined
    cand = r.read(FRONT["birth_date"], pattern=_BIRTH)
    birth = parse_date(cand.text) if cand is not None else None
    if birth is not None:
        return field_from_hit(cand.hit, birth.isoformat(), FRONT["cut_day_factor"] if day_cut(cand.text) else 1.0)
    if birth_item is not None and number is not None:
        born = birth_date(number)
        page_no, line, _ = birth_item
        return _inferred(born.isoformat(), line, page_no, "number")
    return FieldValue()


def _gender_from_number(id_number: FieldValue) -> FieldValue:
    """性别 when OCR found no character after its label: the card prints it twice, as the word and
    as the parity of the number's 17th digit (GB 11643: odd = 男). OCR's detector drops a lone glyph
    between two labels (性别 _ 民族) now and then; the number, read and valid, still says it. The
    value is marked as derived (`raw`) and carries the number's box, capped below a printed reading."""
    number = id_number.value
    if not isinstance(number, str) or not id_number_valid(number):
        return FieldValue()
    return FieldValue(
        value="男" if int(number[16]) % 2 else "女",
        confidence=min(id_number.confidence, FRONT["derived_confidence"]),
        bbox=id_number.bbox,
        page=id_number.page,
        source=id_number.source,
        raw=f"derived:id_number[17]={number[16]}",
    )


def _is_field_line(norm: str) -> bool:
    labels = [nfkc(x) for k in ("name", "gender", "ethnicity", "birth_date", "id_number") for x in FRONT[k]]
    return any(lbl in norm for lbl in labels) or re.search(r"\d{15,}", norm) is not None


def _address(r: FieldReader, birth_item: tuple[int, TextLine, str] | None, id_number: FieldValue) -> FieldValue:
    """住址 may wrap onto a second and third line that carry no label; where its label was lost,
    the lines between 出生 and the number, in the text column, are the address."""
    hit = r.after_label(FRONT["address"], stop_labels=FRONT["stop_labels"])
    if hit is not None:
        return _continued(r, hit)
    if birth_item is None or id_number.bbox is None:
        return FieldValue()
    page_no, birth_line, _ = birth_item
    top, bottom = birth_line.bbox.y1, id_number.bbox.y0
    between = sorted(
        (item for item in r.lines
         if item[0] == page_no and top - 0.2 * birth_line.bbox.height <= item[1].bbox.y0 and item[1].bbox.y1 <= bottom
         and item[1].bbox.x0 < birth_line.bbox.x1 and not _is_field_line(item[2]) and re.search(r"[\u4e00-\u9fff]{2}", item[2])),
        key=lambda it: it[1].bbox.y0,
    )
    if not between:
        return FieldValue()
    value = "".join(clean_value(item[2]) for item in between)
    box = between[0][1].bbox
    for item in between[1:]:
        box = box.union(item[1].bbox)
    first = between[0][1]
    line = TextLine(text=value, bbox=box, confidence=min(it[1].confidence for it in between), source=first.source)
    return _inferred(value, line, page_no, "position", box)


_LEADING_MARKS = "·•.,，、 "  # a speck before the first character (a copier's toner dust read as ·)


def _continued(r: FieldReader, hit: Hit) -> FieldValue:
    value = normalize(hit.text).lstrip(_LEADING_MARKS)
    # Append continuation lines: just below the value, indented like it, carrying no label. On a
    # card photographed at an angle the lines' boxes are tall and overlap: a line below is one
    # whose middle lies below the value's middle and that starts lower.
    bbox, bottom, height = hit.bbox, hit.bbox.y1, hit.bbox.height
    below = sorted((ln for p, ln, _ in r.lines if p == hit.page
                    and (ln.bbox.y0 >= bottom - 0.3 * height
                         or (ln.bbox.cy > hit.bbox.cy + 0.15 * height and ln.bbox.y0 > hit.bbox.y0 + 0.25 * height))
                    and min(ln.bbox.x1, hit.bbox.x1) > max(ln.bbox.x0, hit.bbox.x0)), key=lambda ln: ln.bbox.y0)
    taken = 0
    own_labels = {nfkc(x) for x in FRONT["address"]}
    for line in below:
        norm = normalize(line.text)
        if line.bbox.y0 - bottom > 1.2 * height or _is_field_line(norm):
            break
        if norm in own_labels or line.bbox.height > 1.8 * height or abs(line.bbox.x0 - hit.bbox.x0) > 0.05:
            # the address's own label beside its lines, a hand line written across the card (此复印件仅供…)
            # or a box out of the address's column: passed over, the address may go on under it
            continue
        value += norm
        bbox, bottom = bbox.union(line.bbox), line.bbox.y1
        taken += 1
        if taken == 2:
            break
    return FieldValue(value=value, confidence=hit.confidence, bbox=bbox, page=hit.page, source=hit.source, raw=hit.text)  # type: ignore[arg-type]


# --------------------------------------------------------------------------- back


@register(DocType.ID_CARD_BACK)
@_in_face_frame
def extract_back(pages: list[Page]) -> dict[str, FieldValue]:
    r = FieldReader(pages, _back_labels())
    valid_from, valid_until = _validity(r)
    return {
        "issuing_authority": _authority(r),
        "valid_from": valid_from,
        "valid_until": valid_until,
    }


def _period_fields(validity: cards.Validity, hit: Hit | None, line: TextLine | None, page: int, how: str | None) -> tuple[FieldValue, FieldValue]:
    start = validity.start.isoformat()
    end = "long_term" if validity.end is None else validity.end.isoformat()
    if hit is not None:
        f, u = field_from_hit(hit, start), field_from_hit(hit, end)
        if validity.inferred:  # part of a date was lost and completed from the card's structure
            u = _capped(u)
        return f, u
    assert line is not None and how is not None
    return _inferred(start, line, page, how), _inferred(end, line, page, how)


def _validity(r: FieldReader) -> tuple[FieldValue, FieldValue]:
    """有效期限: beside its label, read from the digits (a lost separator does not move a date);
    else any line of the face that is a period of validity."""
    # The period must start with a date: OCR may glue the value's first digit to the label
    # ("有效期限2" + "2023.02.06-长期"), and that stray digit is no value.
    hit = r.after_label(BACK["validity"], pattern=r"(\d{4}\D{0,3}\d{1,2}\D{0,3}\d{1,2}.*)")
    if hit is not None:
        validity = cards.validity_period(hit.text)
        if validity is not None:
            return _period_fields(validity, hit, None, hit.page, None)
    for page_no, line, norm in r.lines:
        validity = cards.validity_period(norm)
        if validity is not None and (validity.exact or not validity.inferred):
            return _period_fields(validity, None, line, page_no, "shape")
    # the start date alone (the end under a seal): its eight digits
    hit = r.after_label(BACK["validity"], pattern=r"(\d{4}\D{0,3}\d{1,2}\D{0,3}\d{1,2}.*)")
    if hit is not None:
        start = cards.parse_loose_date(cards.digits(hit.text))
        if start is not None:
            return field_from_hit(hit, start.isoformat()), FieldValue()
    return FieldValue(), FieldValue()


def _beside(r: FieldReader, labels: list[str], stops: list[str] | None = None) -> FieldValue:
    """The text beside a label (the rest of its line, the box to its right, the line below)."""
    hit = r.after_label(labels, stop_labels=stops)
    return field_from_hit(hit, clean_value(hit.text) or None) if hit else FieldValue()


def _label_rest(text: str, labels: list[str]) -> str:
    """`text` without a label, or the end of one that OCR cut at its start (发机关昆明市公安局 ->
    昆明市公安局), opening it."""
    t = clean_value(normalize(text))
    for label in sorted((nfkc(x) for x in labels), key=len, reverse=True):
        for k in range(len(label) - 1):
            piece = label[k:]
            if len(piece) >= 2 and t.startswith(piece):
                return clean_value(t[len(piece):])
    return t


def _authority(r: FieldReader) -> FieldValue:
    """签发机关 beside its label, when that names a public-security organ; else the line of the
    face that does; else what stands beside the label, unless it is a date or a printed word."""
    read = _beside(r, BACK["issuing_authority"])
    value = _label_rest(str(read.value), BACK["issuing_authority"]) if read.value is not None else ""
    if value and cards.is_authority(value):
        return read.model_copy(update={"value": value})
    for page_no, line, norm in r.lines:
        text = _label_rest(norm, BACK["issuing_authority"])
        if cards.is_authority(text):
            return _inferred(text, line, page_no, "shape")
    printed = [nfkc(w) for w in BACK["printed"]]
    if len(value) >= 4 and not re.search(r"\d", value) and not any(w in nfkc(value) for w in printed):
        return read.model_copy(update={"value": value})
    return FieldValue()
