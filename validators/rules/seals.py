"""Seals and the pledge letter: a stamped document shows a seal, the seal names the applying unit,
the pledge names the declared specialty and level."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from rapidfuzz import fuzz
from rapidfuzz.distance import Levenshtein

from preaudit.pipeline.model import Case, Document, DocType, Finding
from preaudit.pipeline.integrity.seals import UNIT_WORDS, rare_share
from preaudit.pipeline.values import confusable
from preaudit.pipeline.values.text import nfkc, normalize_unit
from preaudit.validators.registry import finding, rule
from preaudit.validators.rules._common import current_contract, doc_label, is_false, match_key
from preaudit.validators.rules.seniority import LEVELS


def _has_seal(d: Document) -> Any:
    """The `has_seal` field when judged, else what the seal detector left in `meta["seals"]`
    (a list, empty when it looked and found none; None or absent when it could not look, e.g. a
    grayscale scan or photocopy on which a red seal cannot show)."""
    value = d.value("has_seal")
    if value is not None:
        return value
    seals = d.meta.get("seals") if isinstance(d.meta, dict) else None
    return False if seals == [] else (True if seals else None)


def id_copies(case: Case) -> list[list[int]]:
    """ID card copies: both faces read from the same page of one file (a photocopy on A4, to be
    签字盖章), as lists of document indices, front first. A card photographed or scanned face by
    face is not a copy: it carries no seal and is not judged for one."""
    pages: dict[tuple[str, int], list[int]] = {}
    for i, d in case.of_type(DocType.ID_CARD_FRONT, DocType.ID_CARD_BACK):
        pages.setdefault((d.file, d.page), []).append(i)
    out = []
    for group in pages.values():
        types = {case.documents[i].doc_type for i in group}
        if {DocType.ID_CARD_FRONT, DocType.ID_CARD_BACK} <= types:
            out.append(sorted(group, key=lambda i: case.documents[i].doc_type != DocType.ID_CARD_FRONT))
    return out


def _stamped_documents(case: Case, doc_types: list[str], id_copy: bool) -> list[tuple[list[int], Document]]:
    """(document indices, the document judged) for each stamped document to check: every
    document of `doc_types`, and each ID card copy once (judged on its front) when `id_copy`."""
    out = [([i], d) for i, d in case.of_type(*[DocType(t) for t in doc_types])]
    if id_copy:
        out += [(group, case.documents[group[0]]) for group in id_copies(case)]
    return sorted(out, key=lambda item: item[0][0])


# 001 §五(七): 承诺书……加盖单位公章; §五(三)(四)(五) 只上传签字盖章复印件; 003 §二 Q24(2).
@rule("seals.present")
def seals_present(case: Case, *, doc_types: list[DocType], id_copy: bool = False) -> Iterator[Finding]:
    """SEAL_MISSING for each document of `doc_types` (and, with `id_copy`, each ID card copy: see
    `id_copies`) on which no seal was found: its `has_seal` field is no, or (without the field)
    the seal detector's `meta["seals"]` is an empty list. A seal that could not be judged (None,
    no field, no detector result: e.g. a grayscale scan) is not reported. Where the pages showed
    no colour at all (`meta["seal_check"]["achromatic_pages"]`: an unstamped black-and-white page,
    or a photocopy scanned or photographed in colour), the finding says it is unsure."""
    for docs, d in _stamped_documents(case, doc_types, id_copy):
        if not is_false(_has_seal(d)):
            continue
        copy = len(docs) > 1
        label = "身份证复印件" if copy else doc_label(d.doc_type)
        check = d.meta.get("seal_check") if isinstance(d.meta, dict) else None
        achromatic = (check or {}).get("achromatic_pages") if isinstance(check, dict) else None
        unsure = ["页面上没有任何彩色：若上传的是复印件的彩色扫描或照片，红色公章无法显示，请人工核对"] if achromatic else []
        yield finding(
            "SEAL_MISSING",
            f"{label}（文件“{d.file}”）未见{'单位公章' if d.doc_type != DocType.CONTRACT_FILING else '备案机构印章'}，"
            + ("请在复印件上签字并加盖申报单位公章后重新上传。" if copy else
               "请上传备案机构盖章的备案表。" if d.doc_type == DocType.CONTRACT_FILING else
               "请加盖申报单位公章后重新上传。"),
            documents=docs,
            evidence={"document": "id_copy" if copy else d.doc_type.value, "file": d.file,
                      "page": d.page, "has_seal": d.value("has_seal"),
                      **({"achromatic_pages": achromatic} if achromatic else {})},
            unsure=unsure,
        )


def _unchecked(d: Document) -> str | None:
    """Why the seal detector could not look (e.g. "grayscale"), when the document's seal is
    unknown for that reason; None otherwise."""
    if _has_seal(d) is not None or not isinstance(d.meta, dict):
        return None
    check = d.meta.get("seal_check")
    if isinstance(check, dict) and check.get("checked") is False and check.get("reason"):
        return str(check["reason"])
    return None


# 001 §五(七), §五(三): the seal must be seen; a page without colour cannot show a red one.
@rule("seals.not_checked")
def seals_not_checked(case: Case, *, doc_types: list[DocType], id_copy: bool = False,
                      reasons: list[str] | None = None) -> Iterator[Finding]:
    """SEAL_NOT_CHECKED for each document of `doc_types` (and, with `id_copy`, each ID card copy)
    whose seal could not be checked for one of `reasons` (default: grayscale: a black-and-white
    scan or photocopy, on which a red seal cannot show). Not an accusation: the reviewer looks."""
    wanted = set(reasons or ["grayscale"])
    for docs, d in _stamped_documents(case, doc_types, id_copy):
        why = _unchecked(d)
        if why not in wanted:
            continue
        copy = len(docs) > 1
        label = "身份证复印件" if copy else doc_label(d.doc_type)
        yield finding(
            "SEAL_NOT_CHECKED",
            f"{label}（文件“{d.file}”）为黑白（灰度）扫描件或复印件，无法核对红色印章，"
            "请人工核对是否加盖公章；如需补正，请上传彩色扫描件或照片。",
            documents=docs,
            evidence={"document": "id_copy" if copy else d.doc_type.value, "file": d.file, "page": d.page,
                      "reason": why, "blind_pages": (d.meta.get("seal_check") or {}).get("blind_pages")},
        )


MIN_SEAL_TEXT = 4  # characters: a shorter ring reading is noise, not a unit name


@dataclass(frozen=True)
class _Ring:
    """What was read on one seal: its readings (best first) as (text, confidence or None)."""

    readings: list[tuple[str, float | None]]

    @property
    def best(self) -> tuple[str, float | None]:
        return self.readings[0]


def _names_a_unit(text: str, unit_words: list[str], max_rare_share: float) -> bool:
    flat = normalize_unit(text)
    return len(flat) >= MIN_SEAL_TEXT and any(nfkc(w) in flat for w in unit_words) \
        and rare_share(flat) <= max_rare_share


def _rings(d: Document) -> list[_Ring]:
    """The seals read on the document: the `seal_text` field (a string or a list, one seal each)
    and the seal detector's `meta["seals"]` (each seal's `readings`, else its `text`)."""
    value = d.value("seal_text")
    raw = [value] if isinstance(value, str) else list(value) if isinstance(value, (list, tuple)) else []
    out = [_Ring([(t, None)]) for t in raw if isinstance(t, str) and t]
    seals = d.meta.get("seals") if isinstance(d.meta, dict) else None
    for s in seals if isinstance(seals, list) else []:
        if not isinstance(s, dict):
            continue
        readings: list[tuple[str, float | None]] = []
        text, conf = s.get("text"), s.get("text_confidence")
        if isinstance(text, str) and text:
            readings.append((text, float(conf) if isinstance(conf, (int, float)) else None))
        for r in s.get("readings") or []:
            if isinstance(r, dict) and isinstance(r.get("text"), str) and r["text"] \
                    and r["text"] not in [t for t, _ in readings]:
                c = r.get("confidence")
                readings.append((r["text"], float(c) if isinstance(c, (int, float)) else None))
        if readings:
            out.append(_Ring(readings))
    return out


def _canonical(text: str, equivalents: dict[str, str]) -> str:
    out = normalize_unit(text)
    for old, new in equivalents.items():
        out = out.replace(normalize_unit(old), normalize_unit(new))
    return out


def _core(name: str, prefixes: list[str], suffixes: list[str]) -> str:
    """A unit name without its region prefix and its legal-form suffix: what tells units apart."""
    out = name
    for p in sorted((normalize_unit(x) for x in prefixes), key=len, reverse=True):
        if p and out.startswith(p):
            out = out[len(p):]
            break
    for s in sorted((normalize_unit(x) for x in suffixes), key=len, reverse=True):
        if s and out.endswith(s):
            out = out[: -len(s)]
            break
    return out


def _misread_of(seal: str, unit: str, prefixes: list[str], suffixes: list[str], share: float) -> bool:
    """Whether a ring reading differs from the unit's name by no more characters than OCR of a
    curved seal misreads (`share` of the distinctive core, at least one): 昆明舞城软件有限贵任公司
    for 昆明春城软件有限责任公司 is the same seal read badly; 昆明新迪网络科技 is another unit."""
    if share <= 0:
        return False
    core = _core(unit, prefixes, suffixes)
    if not core or not seal:
        return False
    # the core against every stretch of the reading about its length: the ring's own prefix and
    # suffix may be misread too (有限贵任公司) or cut off
    n = len(core)
    best = min(Levenshtein.distance(core, seal[i:i + m])
               for m in range(max(1, n - 1), n + 2) for i in range(max(1, len(seal) - m + 1)))
    return best <= max(1, int(n * share))


def _lcs(a: str, b: str, lookalike: float = 0.0) -> int:
    """Length of the longest common subsequence (characters in the same order, gaps allowed); with
    `lookalike` > 0, two characters the recogniser sees at least that alike count as the same (龄 for
    岭: pipeline/values/confusable.py)."""
    def same(x: str, y: str) -> bool:
        return x == y or (lookalike > 0 and confusable.similarity(x, y) >= lookalike)

    prev = [0] * (len(b) + 1)
    for x in a:
        cur = [0]
        for j, y in enumerate(b):
            cur.append(prev[j] + 1 if same(x, y) else max(prev[j + 1], cur[j]))
        prev = cur
    return prev[-1]


def _said_in_name(seal: str, unit: str, prefixes: list[str], suffixes: list[str], share: float,
                  lookalike: float = 0.0) -> bool:
    """Whether what a ring reading says of its own (its core: region and legal form set aside) is
    found, in order, in the unit's name, for at least `share` of its characters, from whichever
    character the ring is read: ring text is a circle (环保科技有限公司云南翠), and a curved seal loses
    characters at its ends and under the star (市区云小学 on 昆明市盘龙区青云小学's seal) while another
    unit's seal says words the name does not (新迪网络 on 北辰建筑设计's form). A character read as its
    look-alike (`lookalike`: 龄 for 岭) counts as found."""
    if share <= 0 or not seal or not unit:
        return False
    own = seal
    for word in sorted((normalize_unit(x) for x in [*prefixes, *suffixes]), key=len, reverse=True):
        if word:
            own = own.replace(word, "")
    name = _core(unit, prefixes, suffixes)
    if len(own) < 2 or not name:
        return False
    return any(_lcs(own[k:] + own[:k], name, lookalike) >= share * len(own) for k in range(len(own)))


def unit_matcher(
    unit: str,
    *,
    min_similarity: float,
    equivalents: dict[str, str],
    region_prefixes: list[str],
    legal_suffixes: list[str],
    max_misread_share: float,
    min_core_in_name: float,
    lookalike_similarity: float = 0.0,
):
    """A test of one ring reading (text, whether it is the ring's best reading) for naming `unit`:
    a `partial_ratio` of at least `min_similarity`, the unit's seal misread (`max_misread_share`), or
    the reading's own core found in the name (`min_core_in_name`); see `seals_text`. A reading other
    than the best one counts only when it is at least as long as the name's core."""
    target = _canonical(unit, equivalents)
    core = _core(target, region_prefixes, legal_suffixes)

    def names(text: str, best: bool) -> bool:
        flat = _canonical(text, equivalents)
        if len(flat) < MIN_SEAL_TEXT or (not best and len(flat) < len(core)):
            return False
        return fuzz.partial_ratio(flat, target) >= min_similarity or _misread_of(
            flat, target, region_prefixes, legal_suffixes, max_misread_share) or _said_in_name(
            flat, target, region_prefixes, legal_suffixes, min_core_in_name, lookalike_similarity)

    return names


def rings_of(d: Document) -> list[list[tuple[str, float | None]]]:
    """The readings of each seal read on the document, best first (see `_rings`)."""
    return [ring.readings for ring in _rings(d)]


def names_some_unit(text: str, confidence: float | None, *, unit_words: list[str] | None = None,
                    max_rare_share: float = 1.0, min_text_confidence: float = 0.0) -> bool:
    """Whether a ring's best reading is a clean reading of some unit's name (a judged seal of
    `seals_text`): long enough, naming a unit word, in common characters, read surely enough."""
    return _names_a_unit(text, unit_words or UNIT_WORDS, max_rare_share) and (
        confidence is None or confidence >= min_text_confidence)


# 001 §五(七) 加盖单位公章 and §六(二) (the unit answers for what it stamps): the seal must be the applying
# unit's; DOMAIN.md rule 9: the seal's text should name the applying unit.
@rule("seals.text")
def seals_text(
    case: Case,
    *,
    doc_types: list[DocType],
    min_similarity: float = 85.0,
    equivalents: dict[str, str] | None = None,
    unit_words: list[str] | None = None,
    id_copy: bool = False,
    max_rare_share: float = 1.0,
    max_misread_share: float = 0.0,
    region_prefixes: list[str] | None = None,
    legal_suffixes: list[str] | None = None,
    min_text_confidence: float = 0.0,
    sure_confidence: float = 0.95,
    min_core_in_name: float = 0.0,
    lookalike_similarity: float = 0.0,
) -> Iterator[Finding]:
    """SEAL_TEXT_MISMATCH for each document of `doc_types` (and, with `id_copy`, each ID card
    copy) with a seal whose ring text names another unit than the applying unit (the declared
    unit, else the current contract's employer), when no seal on it names the applying unit.

    A seal names the applying unit when its best reading, or any other reading of it at least as
    long as the name's core, has a rapidfuzz `partial_ratio` of at least `min_similarity` after
    normalisation, or (where `max_misread_share` is set) comes within that share of characters
    of the name's core (the name without `region_prefixes` and `legal_suffixes`): the unit's
    seal read badly, or (where `min_core_in_name` is set) the reading's own core, from any point of
    the ring, is found in order in the unit's name for that share of its characters (a character read as
    its look-alike, `lookalike_similarity`, counting as found). A seal names another unit only on a clean reading: its best reading looks
    like a unit name (at least MIN_SEAL_TEXT characters, one of `unit_words`, at most
    `max_rare_share` of characters outside GB2312 level 1) and was read with at least
    `min_text_confidence` (a reading without a confidence, given as a field, counts). A garbled
    reading is no evidence.
    Below `sure_confidence` the finding says it is unsure. Silent while no seal text is read."""
    unit = case.declared.unit if case.declared and normalize_unit(case.declared.unit) else None
    if unit is None:
        term = current_contract(case)
        employer = term.doc.value("employer") if term else None
        unit = employer if isinstance(employer, str) and normalize_unit(employer) else None
    if unit is None:
        return
    eq = equivalents or {}
    target = _canonical(unit, eq)
    words = unit_words or UNIT_WORDS
    names_target = unit_matcher(unit, min_similarity=min_similarity, equivalents=eq,
                                region_prefixes=region_prefixes or [], legal_suffixes=legal_suffixes or [],
                                max_misread_share=max_misread_share, min_core_in_name=min_core_in_name,
                                lookalike_similarity=lookalike_similarity)

    for docs, d in _stamped_documents(case, doc_types, id_copy):
        rings = _rings(d)
        if any(names_target(t, k == 0) for ring in rings for k, (t, _) in enumerate(ring.readings)):
            continue
        judged = [ring for ring in rings if _names_a_unit(ring.best[0], words, max_rare_share)
                  and (ring.best[1] is None or ring.best[1] >= min_text_confidence)]
        if not judged:
            continue
        seals = list(dict.fromkeys(ring.best[0] for ring in judged))
        scores = [round(fuzz.partial_ratio(_canonical(t, eq), target), 1) for t in seals]
        confidences = [ring.best[1] for ring in judged]
        unsure = [f"印章环形文字“{ring.best[0]}”识别置信度 {ring.best[1]:.2f}，低于 {sure_confidence:.2f}"
                  for ring in judged if ring.best[1] is not None and ring.best[1] < sure_confidence]
        label = "身份证复印件" if len(docs) > 1 else doc_label(d.doc_type)
        yield finding(
            "SEAL_TEXT_MISMATCH",
            f"{label}上的公章“{'”、“'.join(seals)}”与申报单位“{unit}”不一致，"
            "请加盖申报单位公章后重新上传。",
            documents=docs,
            evidence={"document": "id_copy" if len(docs) > 1 else d.doc_type.value, "file": d.file, "seal_text": seals,
                      "text_confidence": confidences,
                      "readings": [[{"text": t, "confidence": c} for t, c in ring.readings] for ring in judged],
                      "unit": unit, "scores": scores, "min_similarity": min_similarity},
            unsure=unsure,
        )


# 001 §五(七): 申报职称横线上填写：“申报专业+申报级别”. 004 附件3: 现申报____专业技术资格, where a
# 资格 name (高级工程师) names the level and the specialty may be left out.
@rule("pledge.specialty_level")
def pledge_specialty_level(case: Case, *, min_similarity: float = 90.0,
                           level_aliases: dict[str, str] | None = None,
                           specialty_required: bool = True) -> Iterator[Finding]:
    """PLEDGE_SPECIALTY_MISMATCH for each pledge whose `specialty_level` was read and does not
    name the declared level, or (where `specialty_required`) names the declared specialty with a
    rapidfuzz `partial_ratio` below `min_similarity`. `level_aliases` maps a title name to its
    level (the policy's: 高级工程师 → 副高级); the longest name found wins, so 助理工程师 is not
    工程师. Silent without a declared specialty and level."""
    if case.declared is None:
        return
    specialty, level = case.declared.specialty, match_key(case.declared.level, LEVELS)
    if not (isinstance(specialty, str) and nfkc(specialty)) or level is None:
        return
    for i, d in case.of_type(DocType.PLEDGE):
        text = d.value("specialty_level")
        if not isinstance(text, str) or not nfkc(text):
            continue
        flat = nfkc(text)
        level_ok = match_key(flat, LEVELS, level_aliases) == level
        score = round(fuzz.partial_ratio(nfkc(specialty), flat), 1)
        if level_ok and (score >= min_similarity or not specialty_required):
            continue
        if specialty_required:
            ask = (f"请在承诺书“申报职称”横线上填写“{specialty}{level}”（申报专业+申报级别），"
                   "重新打印、签字按手印并加盖单位公章后上传原件。")
        else:
            ask = f"请在承诺书“现申报____专业技术资格”处填写申报的{level}资格，重新签名并经单位审核盖章后上传。"
        yield finding(
            "PLEDGE_SPECIALTY_MISMATCH",
            f"{doc_label(d.doc_type)}上填写的申报职称为“{text}”，与申报信息"
            f"（{specialty}{level}）不一致。" + ask,
            documents=[i],
            evidence={"pledge_specialty_level": text, "declared_specialty": specialty,
                      "declared_level": level, "specialty_score": score, "level_matches": level_ok},
        )
