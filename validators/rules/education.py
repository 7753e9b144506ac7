"""Education: the 学信网 report's validity and verification code, the 证书编号's structure,
continuing education and the declared papers (similarity, supplements)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from preaudit.pipeline.model import Case, DocType, Finding
from preaudit.pipeline.values.text import nfkc
from preaudit.validators.registry import finding, rule
from preaudit.validators.rules.papers import declared_papers as _declared_papers
from preaudit.validators.rules.papers import paper_name as _paper_name
from preaudit.validators.rules._common import (
    declared_attr,
    doc_label,
    extracted,
    found,
    join_cn,
    match_key,
)

_REPORTS = (DocType.XUEXIN_RECORD, DocType.XUEXIN_DEGREE)


# 001 §五(四): 《教育部学历证书电子注册备案表》及学信网查询学历信息截图; DOMAIN.md rule 6: the report must not
# have expired on the application date (学信网 reports carry an online-verification validity date).
@rule("education.report_valid")
def report_valid(case: Case) -> Iterator[Finding]:
    """EDUCATION_REPORT_EXPIRED for each xuexin_record / xuexin_degree whose `valid_until` is
    before as_of (the report is valid through that day). No validity date: nothing to check."""
    for i, d in case.of_type(*_REPORTS):
        until = d.date("valid_until")
        if until is None or until >= case.as_of:
            continue
        label = doc_label(d.doc_type)
        yield finding(
            "EDUCATION_REPORT_EXPIRED",
            f"{label}的在线验证有效期至{until.isoformat()}，申报日（{case.as_of.isoformat()}）已过期。"
            f"请登录学信网（www.chsi.com.cn）延长验证有效期或重新生成{label}后上传。",
            documents=[i],
            evidence={"document": d.doc_type.value, "file": d.file,
                      "valid_until": until.isoformat(), "as_of": case.as_of.isoformat()},
        )


# 001 §五(四): the report must be verifiable online (学信网查询); DOMAIN.md rule 6: verification code present.
@rule("education.verification_code")
def verification_code(case: Case) -> Iterator[Finding]:
    """EDUCATION_REPORT_NO_CODE for each xuexin_record / xuexin_degree that an extractor read but
    on which no 在线验证码 was found (not printed, or not legible: the message asks for a clear
    report with a code either way). A document no extractor has read yet (no fields) is not
    judged."""
    for i, d in case.of_type(*_REPORTS):
        if not extracted(d) or found(d, "verification_code"):
            continue
        label = doc_label(d.doc_type)
        yield finding(
            "EDUCATION_REPORT_NO_CODE",
            f"{label}上未识别到在线验证码，无法在学信网核验。请上传带有清晰在线验证码且在有效期内的"
            f"{label}（学信网“在线验证报告”或“电子注册备案表”）。",
            documents=[i],
            evidence={"document": d.doc_type.value, "file": d.file},
        )


_DIGITS = re.compile(r"\d+")


def _parts(number: str) -> dict[str, str]:
    return {"school_code": number[:5], "type": number[5], "year": number[6:10],
            "level_code": number[10:12]}


# DOMAIN.md rule 6 (and rule 10, fraud signals): the 18-digit 证书编号 is school code (5) + 办学类型 (1)
# + graduation year (4) + 层次 (2) + sequence (6); 001 §五(四) makes the 备案表 the education proof.
@rule("education.certificate_number")
def certificate_number(
    case: Case,
    *,
    level_codes: dict[str, list[str]],
    school_codes: dict[str, str] | None = None,
    from_year: int = 2001,
) -> Iterator[Finding]:
    """CERTIFICATE_NUMBER_INCONSISTENT when a xuexin_record's `certificate_number` is not 18
    digits, or its school code differs from `school_codes[school]` (schools not in the table are
    not checked), or its year digits differ from the graduation year, or its level digits are not
    among `level_codes[level]`. Graduates before `from_year` (older numbering) are not checked.
    One finding per record, listing every disagreement."""
    schools = {nfkc(k): v for k, v in (school_codes or {}).items()}
    for i, d in case.of_type(DocType.XUEXIN_RECORD):
        raw = d.value("certificate_number")
        if not isinstance(raw, str) or not nfkc(raw):
            continue
        number = "".join(_DIGITS.findall(nfkc(raw)))
        graduated = d.date("graduation_date")
        if graduated is not None and graduated.year < from_year:
            continue
        school = d.value("school")
        level = d.value("level")
        problems: list[str] = []
        expected: dict[str, Any] = {}
        if len(number) != 18 or len(number) != len(nfkc(raw)):
            problems.append(f"不是18位数字（识别为{len(nfkc(raw))}位）")
        else:
            code = schools.get(nfkc(school)) if isinstance(school, str) else None
            if code and number[:5] != code:
                problems.append(f"前5位学校代码为{number[:5]}，而{school}的学校代码为{code}")
                expected["school_code"] = code
            if graduated is not None and number[6:10] != f"{graduated.year:04d}":
                problems.append(f"第7至10位年份为{number[6:10]}，与毕业年份{graduated.year}不符")
                expected["year"] = f"{graduated.year:04d}"
            level_key = match_key(level, level_codes)
            if level_key is not None and number[10:12] not in level_codes[level_key]:
                problems.append(
                    f"第11、12位层次代码为{number[10:12]}，与层次“{level}”"
                    f"（{join_cn(level_codes[level_key])}）不符"
                )
                expected["level_codes"] = level_codes[level_key]
        if not problems:
            continue
        yield finding(
            "CERTIFICATE_NUMBER_INCONSISTENT",
            f"{doc_label(d.doc_type)}的证书编号{'；'.join(problems)}。"
            "请核对学历证书编号，上传学信网可查验的正确备案表；如编号无误，请单位核查学历真实性。",
            documents=[i],
            # The number's parts, never the whole: an 18-digit run reads as an ID number to every
            # masking guard (CONTRACT.md) and would be masked or flagged in the report.
            evidence={
                "certificate_number_parts": _parts(number) if len(number) == 18 else None,
                "certificate_number_length": len(nfkc(raw)),
                "school": school,
                "graduation_date": graduated.isoformat() if graduated else None,
                "level": level,
                "expected": expected,
            },
        )


# 004 §四(四): 未按要求参加继续教育的专业技术人才，不得参加职称申报评审；2022年及以后申报人需在信息系统中填写
# 继续教育证书编号，2021年及之前的需上传继续教育证书等佐证材料.
@rule("education.continuing")
def continuing_education(case: Case, *, certificate_words: list[str]) -> Iterator[Finding]:
    """CONTINUING_EDUCATION_MISSING when the declared 继续教育证书编号 (`Declared.continuing_education`,
    the manifest column of that name) is empty and no qualification_certificate names one of
    `certificate_words` (a certificate is the proof the notice asks for before 2022). Without
    declared data at all it is DECLARED_DATA_MISSING's business, not this rule's."""
    if case.declared is None:
        return
    number = declared_attr(case, "continuing_education")
    if isinstance(number, str) and nfkc(number):
        return
    for _, d in case.of_type(DocType.QUALIFICATION_CERTIFICATE):
        name = d.value("certificate_name")
        if isinstance(name, str) and any(nfkc(w) in nfkc(name) for w in certificate_words):
            return
    yield finding(
        "CONTINUING_EDUCATION_MISSING",
        "申报信息中未填写继续教育证书编号，也未上传继续教育证书。未按要求参加继续教育的不得申报职称；"
        "请在申报信息中填写继续教育证书编号（2021年及以前的继续教育请上传继续教育证书）。",
        evidence={"declared_continuing_education": number, "certificate_words": certificate_words},
    )


# 004 附件1 §四: 重新调整论文查重率，调整后核心期刊为15%、省级期刊为25%，超过比例范围的不按相应级别论文对待.
@rule("education.paper_similarity")
def paper_similarity(case: Case, *, limits: dict[str, float]) -> Iterator[Finding]:
    """PAPER_SIMILARITY_HIGH for each declared paper (`Declared.papers`, the manifest's 论文 column)
    whose 查重率 exceeds `limits[journal_level]`. The limit itself is allowed (15 % for 核心
    passes); a level without a limit (其他) is not judged. Silent when no papers are declared."""
    for n, paper in enumerate(_declared_papers(case), 1):
        level = match_key(paper.journal_level, limits)
        if level is None or paper.similarity <= limits[level]:
            continue
        name = _paper_name(paper, n)
        yield finding(
            "PAPER_SIMILARITY_HIGH",
            f"{name}（{level}期刊）查重率为{paper.similarity:g}%，超过{level}期刊{limits[level]:g}%的上限，"
            f"不能按{level}期刊论文对待。请核对查重报告，或不将该论文作为{level}期刊论文申报。",
            evidence={"paper": n, "title": paper.title, "journal_level": level,
                      "similarity": paper.similarity, "limit": limits[level]},
            relied_on=[(None, "papers")],
        )


# 004 附件1 §四: 核心期刊和省级期刊均不含增刊、副刊、特刊、专刊、专辑、内部期刊、论文集等.
@rule("education.paper_supplement")
def paper_supplement(case: Case, *, levels: list[str]) -> Iterator[Finding]:
    """PAPER_SUPPLEMENT for each declared paper graded as one of `levels` (核心, 省级) whose 是否增刊
    is 是: the notice counts no supplement as a paper of those levels, so the paper cannot carry
    the level it is declared at. Silent when no papers are declared."""
    for n, paper in enumerate(_declared_papers(case), 1):
        level = match_key(paper.journal_level, levels)
        if level is None or not paper.supplement:
            continue
        name = _paper_name(paper, n)
        yield finding(
            "PAPER_SUPPLEMENT",
            f"{name}申报为{level}期刊论文，但发表于增刊（或副刊、特刊、专刊等），"
            f"{level}期刊不含增刊，该论文不能按{level}期刊论文对待。请核对论文发表期次，或不将其作为{level}期刊论文申报。",
            evidence={"paper": n, "title": paper.title, "journal_level": level, "supplement": True},
            relied_on=[(None, "papers")],
        )
