"""The typed objects that flow one way: SourceFile -> Page -> Document -> Finding -> Report.

Nothing here imports cv2 or fitz; pixels ride in private attributes and never reach JSON.
Bounding boxes are page-relative (0..1, top-left origin) so that a crop can be cut from any
rendering of the page at any resolution.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date
from enum import Enum
from functools import lru_cache
from pathlib import Path
from typing import Annotated, Any, Literal, get_args

import yaml
from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, PrivateAttr

SCHEMA = "preaudit.report/1"
DOC_TYPE_NAMES_PATH = Path(__file__).with_name("doc_types.yaml")


class Severity(str, Enum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"


class DocType(str, Enum):
    """Document types of CONTRACT.md."""

    ID_CARD_FRONT = "id_card_front"
    ID_CARD_BACK = "id_card_back"
    XUEXIN_RECORD = "xuexin_record"
    XUEXIN_DEGREE = "xuexin_degree"
    # 001 §五(四): where the 学信网 record cannot be had, the unit's certificate after checking the
    # 档案, or (a foreign degree) the 教育部留学服务中心 certification stands in for it
    EDUCATION_UNIT_PROOF = "education_unit_proof"
    FOREIGN_DEGREE_CERTIFICATION = "foreign_degree_certification"
    PENSION_CERTIFICATE = "pension_certificate"
    CONTRACT_FILING = "contract_filing"
    LABOR_CONTRACT = "labor_contract"
    # 001 §三(一)2, §五(五)2(3): an applicant of a 劳务派遣公司 uploads the dispatch agreement (its first and
    # last pages and the part naming the nature of the dispatched work)
    DISPATCH_AGREEMENT = "dispatch_agreement"
    # 001 §三(一)2, §五(五)2(5), 附件2: a branch of an out-of-province company registered in 盘龙区 uploads its
    # superior unit's (具有企业法人资格, the 总公司) 推荐报告
    BRANCH_RECOMMENDATION = "branch_recommendation"
    # 004 §二, 附件2: 中央在平单位 and 外省单位在平分支机构 applicants need the 委托函 (经省人社厅同意) that
    # delegates their review to a Gansu 评审委员会
    REVIEW_DELEGATION = "review_delegation"
    PUBLICITY_FORM = "publicity_form"
    PLEDGE = "pledge"
    EMPLOYMENT_NOTICE = "employment_notice"
    # 001 §五(五)1, §二(四); 003 §二 Q10: a public institution's 工资审批表 (正常晋升, 岗位（职务）变动,
    # 新参加工作人员): beside the 聘用通知书, and a start of the 履职年限
    SALARY_APPROVAL = "salary_approval"
    # 003 §二 Q12: an applicant whose 毕业专业 is not the declared one (专业对口 否) shows 专业培训 of half a year,
    # a 进修结业证书 of three 主要科目, a year of study at a college, or a 市级行业主管部门's 业务培训
    TRAINING_CERTIFICATE = "training_certificate"
    QUALIFICATION_CERTIFICATE = "qualification_certificate"
    # 职称证书 / 专业技术资格证书 (电子证书 too): the current title a 晋升, 转系列 or 调入 rests on
    # (001 §二(二)1, §二(七); 003 Q16–17; 004 §四(三)(五)); a licence of 001 §五(八) is the one above
    TITLE_CERTIFICATE = "title_certificate"
    # 004 附件1 §四: a paper 中国知网 does not hold is checked by CNKI staff at the unit's request; the 查重报告
    # (文本复制检测报告单, or the unit's 查重证明) is uploaded under the unit's seal
    PLAGIARISM_REPORT = "plagiarism_report"
    PHOTO = "photo"
    OTHER = "other"


@lru_cache(maxsize=1)
def doc_type_names() -> dict[str, str]:
    """The Chinese name of every document type (pipeline/doc_types.yaml): the one table that rule
    messages and report headings share."""
    with DOC_TYPE_NAMES_PATH.open(encoding="utf-8") as fh:
        return {str(k): str(v) for k, v in yaml.safe_load(fh).items()}


def doc_type_name(doc_type: DocType | str) -> str:
    """A document type's Chinese name (身份证正面); an unknown type's key as it is."""
    key = doc_type.value if isinstance(doc_type, DocType) else str(doc_type)
    return doc_type_names().get(key, key)


TextSource = Literal["pdf_text", "ocr"]
# Where a field's value came from: read (a text source), or typed in by a reviewer who corrected the
# reading in the workbench (issue 16: the rules then run again on the corrected case).
ValueSource = Literal["pdf_text", "ocr", "reviewer"]
# How sure a value is (pipeline/values/certainty.py decides it once per case): "certain" values may carry
# an error; a finding that relies on an "unsure" one is at most a warning asking for a human look.
Certainty = Literal["certain", "unsure"]
FileStatus = Literal["processed", "unreadable", "unsupported"]


def overlap_share(a: tuple[float, float, float, float], b: tuple[float, float, float, float]) -> float:
    """Overlap of two (x0, y0, x1, y1) boxes as a share of the smaller one."""
    w = min(a[2], b[2]) - max(a[0], b[0])
    h = min(a[3], b[3]) - max(a[1], b[1])
    if w <= 0 or h <= 0:
        return 0.0
    smaller = min((a[2] - a[0]) * (a[3] - a[1]), (b[2] - b[0]) * (b[3] - b[1]))
    return w * h / smaller if smaller > 0 else 0.0


class BBox(BaseModel):
    """A page-relative box, 0..1 on both axes, origin top-left."""

    model_config = ConfigDict(frozen=True)

    x0: float
    y0: float
    x1: float
    y1: float

    def as_list(self) -> list[float]:
        return [round(self.x0, 4), round(self.y0, 4), round(self.x1, 4), round(self.y1, 4)]

    def union(self, other: "BBox") -> "BBox":
        return BBox(
            x0=min(self.x0, other.x0),
            y0=min(self.y0, other.y0),
            x1=max(self.x1, other.x1),
            y1=max(self.y1, other.y1),
        )

    def overlap_share(self, other: "BBox") -> float:
        """Overlap as a share of the smaller box (1.0: one lies inside the other)."""
        return overlap_share((self.x0, self.y0, self.x1, self.y1), (other.x0, other.y0, other.x1, other.y1))

    @property
    def cy(self) -> float:
        return (self.y0 + self.y1) / 2

    @property
    def height(self) -> float:
        return self.y1 - self.y0


class TextLine(BaseModel):
    """One line of text on a page, from the PDF text layer or from OCR."""

    model_config = ConfigDict(frozen=True)

    text: str
    bbox: BBox
    confidence: float = 1.0
    source: TextSource = "pdf_text"


class SourceFile(BaseModel):
    """An input file as ingested: every one of them ends up in the report's `files`."""

    model_config = ConfigDict(frozen=True)

    path: str  # relative to the applicant folder (POSIX separators)
    abs_path: str
    sha256: str
    size: int
    kind: Literal["pdf", "image", "unsupported"]
    # Set at intake when the file must not be read at all (a link, a device, over a bound of
    # pipeline/intake/limits.yaml): the file record takes this status and reason as they are.
    refused: FileStatus | None = None
    reason: str = ""
    # The name(s) the applicant declared: a person's name read by OCR on this file is read again
    # against them (pipeline/intake/readings.py). Set by the run, never by the file.
    expected_names: tuple[str, ...] = ()


# The reason of a file that opened but in which OCR read no text at all: what it holds is unknown
# (a photo too dark or too small for the recogniser, or a blank page), never certain (validators/rules).
NO_TEXT_READ = "未识别出任何文字"


class FileRecord(BaseModel):
    """What became of one input file (report.json `files`)."""

    model_config = ConfigDict(frozen=True)

    path: str
    sha256: str
    status: FileStatus
    pages: int = 0
    size: int = 0  # bytes (the photo specification and fraud checks read it)
    reason: str = ""  # why a file is unreadable/unsupported (or only partly read), in Chinese
    pages_read: int | None = None  # set when fewer than `pages` were read (pdf.max_pages): DOC_TRUNCATED


class Rule(BaseModel):
    """A horizontal table rule (ruled line) of a page, page-relative like BBox: from (x0, y0) to
    (x1, y1), y0 and y1 apart only as far as the page is askew. A form's section is the row between
    two rules (FieldReader.section_bounds), which a guess from its label's place cannot know."""

    model_config = ConfigDict(frozen=True)

    x0: float
    y0: float
    x1: float
    y1: float

    def y_at(self, x: float) -> float:
        """The rule's height at `x` (interpolated along the rule, held at its ends)."""
        if self.x1 <= self.x0:
            return (self.y0 + self.y1) / 2
        t = min(1.0, max(0.0, (x - self.x0) / (self.x1 - self.x0)))
        return self.y0 + t * (self.y1 - self.y0)


class Page(BaseModel):
    """One rendered page with its text lines. The image (numpy array) is private."""

    model_config = ConfigDict(frozen=True, arbitrary_types_allowed=True)

    file: str
    file_sha256: str
    number: int  # 1-based
    width: int  # pixels of the rendered image
    height: int
    source: TextSource
    lines: list[TextLine] = Field(default_factory=list)
    geometry: dict[str, Any] = Field(default_factory=dict)  # turn/perspective/deskew applied before OCR
    rules: list[Rule] = Field(default_factory=list)  # horizontal table rules (pipeline/intake/rulings.py)
    _image: Any = PrivateAttr(default=None)

    @property
    def image(self) -> Any:
        return self._image

    def with_image(self, image: Any) -> "Page":
        self._image = image
        return self

    @property
    def text(self) -> str:
        return "\n".join(line.text for line in self.lines)


# A date or a month written out (2024年8月15日, 2024.08.15; 2024年3月, 202403), read where a value is
# not in the ISO form the extractors write. The model imports no stage, so it reads them itself.
_WRITTEN_DATE = re.compile(r"(\d{4})\s*(?:年|[.\-/])\s*(\d{1,2})\s*(?:月|[.\-/])\s*(\d{1,2})\s*日?")
_WRITTEN_MONTH = re.compile(r"(\d{4})\s*[年.\-/]?\s*(\d{1,2})\s*月?")


def _plain(text: str) -> str:
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))


def as_date(value: Any) -> date | None:
    """A field's value as a date: a date as it is, an ISO string (what the extractors write and
    report.json holds), else a date written out (2024年8月15日); a month alone, 长期 or anything
    else None."""
    if isinstance(value, date):
        return value
    if not isinstance(value, str) or not value.strip():
        return None
    try:
        return date.fromisoformat(value.strip())
    except ValueError:
        pass
    m = _WRITTEN_DATE.search(_plain(value))
    if m is None:
        return None
    try:
        return date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    except ValueError:
        return None


def year_month(value: Any) -> str | None:
    """A month as 'YYYY-MM' (2024-03, 202403, 2024年3月, 2024.3), or None."""
    if not isinstance(value, str):
        return None
    t = _plain(value)
    m = re.fullmatch(r"(\d{4})(\d{2})", t) or _WRITTEN_MONTH.search(t)
    if m is None:
        return None
    year, month = int(m.group(1)), int(m.group(2))
    return f"{year:04d}-{month:02d}" if 1 <= month <= 12 and 1900 <= year <= 2200 else None


def _year_month(value: Any) -> str:
    month = year_month(value)
    if month is None:
        raise ValueError(f"no year-month: {value!r}")
    return month


# A calendar month as 'YYYY-MM' (202403, 2024年3月 and 2024.3 are read into it): ordered as text
# as in time, and what report.json and the findings' evidence show.
YearMonth = Annotated[str, BeforeValidator(_year_month)]
PaymentStatus = Literal["paid", "unpaid"]


class PensionRow(BaseModel):
    """One month of a pension certificate's payment table (field `months`), as the rules read it.

    report.json keeps the row as the dict `to_json` gives (docs/contract.md); `from_json` reads
    such a dict back, so that no rule checks keys and types again.
    """

    model_config = ConfigDict(frozen=True)

    month: YearMonth
    employer: str | None = None  # 单位名称 of the month's row
    region: str | None = None  # 统筹区 / 参保地 of the month's row
    base: float | None = None  # 缴费基数
    status: PaymentStatus | None = None  # None: the print's status could not be read

    @property
    def paid(self) -> bool:
        return self.status == "paid"

    @property
    def month_index(self) -> int:
        """A running month number, for month arithmetic (2024-03 minus 2023-12 is 3)."""
        year, month = self.month.split("-")
        return int(year) * 12 + int(month) - 1

    @classmethod
    def from_json(cls, data: Any) -> "PensionRow | None":
        """A row from its dict; None when it names no month (a row no rule can place). A value of
        the wrong type reads as unknown (None), as does a status other than paid or unpaid."""
        if not isinstance(data, dict):
            return None
        month = year_month(str(data["month"])) if data.get("month") else None
        if month is None:
            return None
        base = data.get("base")
        status = data.get("status")
        return cls(
            month=month,
            employer=data["employer"] if isinstance(data.get("employer"), str) else None,
            region=data["region"] if isinstance(data.get("region"), str) else None,
            base=float(base) if isinstance(base, (int, float)) and not isinstance(base, bool) else None,
            status=status if status in ("paid", "unpaid") else None,
        )

    def to_json(self) -> dict[str, Any]:
        return {"month": self.month, "employer": self.employer, "region": self.region, "base": self.base,
                "status": self.status}


# The fields whose value is a table, and the type of its rows (Document.tables).
TABLE_ROWS: dict[str, type[PensionRow]] = {"months": PensionRow}


class FieldValue(BaseModel):
    """A field as read: value plus everything needed to show evidence for it.

    `value` is None when the field was not found; it is still emitted so that a missing
    field is visible. `value` may be a list (the monthly table of a pension certificate: dicts
    as report.json shows them, read as typed rows by `rows`). Dates are ISO strings; `as_date`
    reads one as a date.
    """

    model_config = ConfigDict(frozen=True)

    value: Any = None
    confidence: float = 0.0
    bbox: BBox | None = None
    page: int | None = None  # 1-based page within the document's file
    source: ValueSource | None = None
    raw: str = ""
    # None until pipeline/values/certainty.py has weighed the value against its shape and the other
    # documents; `why` says what decided it ("文字层", "置信度0.62低于0.90", "与2份材料一致").
    certainty: Certainty | None = None
    why: list[str] = Field(default_factory=list)
    # A person's name read by OCR, read again against a declared name (pipeline/intake/readings.py):
    # {"text": the declared name, "margin": log P(crop reads as it) - log P(its best reading)}.
    reread: dict[str, Any] | None = None

    @property
    def found(self) -> bool:
        return self.value is not None and self.value != "" and self.value != []

    # The typed readings below are made on each call, not kept: a kept reading would take part in
    # pydantic's equality (a field that was read would differ from its twin), and they cost
    # microseconds.
    def as_date(self) -> date | None:
        """The value as a date (`as_date`), or None."""
        return as_date(self.value)

    def rows(self, row_type: type[PensionRow] = PensionRow) -> tuple[PensionRow, ...]:
        """The value as a table's typed rows (rows that name no month left out); () when the value
        is no table."""
        rows = (row_type.from_json(item) for item in (self.value if isinstance(self.value, list) else []))
        return tuple(row for row in rows if row is not None)

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "value": self.value,
            "confidence": round(self.confidence, 4),
            "bbox": self.bbox.as_list() if self.bbox else None,
        }
        if self.page is not None:
            out["page"] = self.page
        if self.source is not None:
            out["source"] = self.source
        if self.certainty is not None:
            out["certainty"] = self.certainty
            out["why"] = list(self.why)
        if self.reread is not None:
            out["reread"] = dict(self.reread)
        return out


class Document(BaseModel):
    """A classified document: one or more pages of one file, with extracted fields."""

    model_config = ConfigDict(frozen=True)

    file: str
    file_sha256: str = ""
    page: int  # first page, 1-based
    pages: list[int] = Field(default_factory=list)
    doc_type: DocType
    type_confidence: float = 0.0
    source: TextSource = "pdf_text"
    fields: dict[str, FieldValue] = Field(default_factory=dict)
    # Integrity facts gathered while reading (PDF structure, seals found, fingerprints): the
    # fraud rules judge them; nothing here is a verdict.
    meta: dict[str, Any] = Field(default_factory=dict)

    def value(self, name: str) -> Any:
        fv = self.fields.get(name)
        return fv.value if fv is not None else None

    def date(self, name: str) -> date | None:
        """A date field as a date (None when absent, unread or no date: 长期, a month alone)."""
        fv = self.fields.get(name)
        return fv.as_date() if fv is not None else None

    @property
    def tables(self) -> dict[str, tuple[PensionRow, ...]]:
        """The document's tables as typed rows, by field (`months`: a pension certificate's months,
        in the order read); a table field absent from the document has no entry."""
        return {name: self.fields[name].rows(row_type) for name, row_type in TABLE_ROWS.items() if name in self.fields}

    def table(self, name: str) -> tuple[PensionRow, ...]:
        """One table's typed rows; () when the document has none."""
        return self.tables.get(name, ())

    def to_json(self) -> dict[str, Any]:
        return {
            "file": self.file,
            "page": self.page,
            "pages": self.pages or [self.page],
            "type": self.doc_type.value,
            "type_confidence": round(self.type_confidence, 4),
            "source": self.source,
            "fields": {k: v.to_json() for k, v in self.fields.items()},
            "meta": self.meta,
        }


# The title levels of the 职称 system, lowest first (003 §二 Q3: 员级, 助理级 | 中级 | 副高级, 正高级).
TitleLevel = Literal["员级", "助理级", "中级", "副高级", "正高级"]
TITLE_LEVELS: tuple[str, ...] = get_args(TitleLevel)
# 申报类型: a first recognition, a promotion, a change of series (001 §二(七), 003 Q17, 004 §四(五)) or a
# transfer from elsewhere (003 Q16).
ApplicationType = Literal["首次认定", "晋升", "转系列", "调入"]
APPLICATION_TYPES: tuple[str, ...] = get_args(ApplicationType)
# A paper's journal level as the notices grade papers (004 附件1 §四): 核心期刊, 省级期刊, or neither.
JournalLevel = Literal["核心", "省级", "其他"]
JOURNAL_LEVELS: tuple[str, ...] = get_args(JournalLevel)


class Paper(BaseModel):
    """One declared paper (the manifest's 论文 column): what 004 附件1 §四 grades a paper by."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    journal_level: JournalLevel  # 期刊级别
    similarity: float = Field(ge=0, le=100)  # 查重率, in percent
    supplement: bool  # 是否增刊 (增刊、副刊、特刊… count as neither 核心 nor 省级)
    title: str | None = None  # 论文题目, optional: messages name the paper by it
    # Optional labelled elements of the cell (发表:2022-05, 知网:否): the publication date, a month read as
    # its first day with `published_month` set (004 §四(二) counts 业绩 to a cutoff), and whether CNKI
    # holds the paper (004 附件1 §四: one it does not hold needs the unit's 查重报告); None = not declared.
    published: date | None = None  # 发表时间
    published_month: bool = False  # 发表时间 was a month (published is its first day)
    in_cnki: bool | None = None  # 知网收录


class Declared(BaseModel):
    """Declared data for one applicant, from the manifest row or applicant.yaml.

    Every value is already checked at intake (pipeline/intake/ingest.py): a cell that cannot be
    read is a manifest problem there and None here, never a crash.
    """

    model_config = ConfigDict(frozen=True, extra="ignore")

    folder: str | None = None
    name: str | None = None
    id_number: str | None = None
    unit: str | None = None
    series: str | None = None
    specialty: str | None = None
    level: str | None = None
    education: str | None = None
    major_matches: bool | None = None
    application_date: date | None = None
    unit_type: str | None = None
    work_summary: str | None = None  # 主要工作业绩 text, when the manifest supplies it
    staff_category: str | None = None  # 人员身份 (干部/工人): a woman's original retirement age 55/50
    # The current title and the application's kind (issue 15): the 员级+48 path (001 §二(二)1), the
    # 任职年限 (004 §四(三)), 转系列 and 调入 (001 §二(七), 003 Q16–17, 004 §四(五)).
    current_title_level: TitleLevel | None = None  # 现有职称级别
    current_title_date: date | None = None  # 取得现职称时间
    appointment_date: date | None = None  # 聘任时间 (public institutions in post management, 004 §四(三))
    application_type: ApplicationType | None = None  # 申报类型
    continuing_education: str | None = None  # 继续教育证书编号 (004 §四(四))
    papers: tuple[Paper, ...] | None = None  # 论文; () when declared as none
    returns_count: int | None = Field(default=None, ge=0)  # 退回次数 so far (001 §四, 003 §五(三), 004 §五(六))
    # 毕业时间 (a month reads as its first day): 学信网 registers diplomas from 2001 on (001 §五(四))
    graduation_date: date | None = None
    # 用工单位: the unit a 劳务派遣公司 dispatches the applicant to (001 §三(一)2, §五(五)2(3)); filled in, it
    # marks the applicant as dispatched, whose 申报单位 is the dispatch company (003 §二 Q14(1))
    user_unit: str | None = None
    # 原岗位类别: a public institution's 管理 or 工勤 post the applicant moved from into a professional
    # post (003 §二 Q10); empty, 无 or 专技 = no such change
    former_post: str | None = None


class FieldRef(BaseModel):
    """A value a finding relied on: a document's field, or (document None) the declared data."""

    model_config = ConfigDict(frozen=True)

    document: int | None = None  # index into Case.documents; None = declared (manifest) data
    field: str

    def to_json(self) -> dict[str, Any]:
        return {"document": "declared" if self.document is None else self.document, "field": self.field}


class Finding(BaseModel):
    """One problem (or note) for the reviewer, with a stable code from CONTRACT.md.

    `relied_on` names the values the conclusion rests on and `unsure` the rule's own doubts (an
    area code the table does not know); the rule layer grades the finding by them
    (validators/registry.py): an error that rests on anything less than certain is a warning.
    """

    model_config = ConfigDict(frozen=True)

    code: str
    severity: Severity = Severity.ERROR
    message: str
    documents: list[int] = Field(default_factory=list)  # indexes into Report.documents
    evidence: dict[str, Any] = Field(default_factory=dict)
    rule_id: str = ""
    relied_on: list[FieldRef] = Field(default_factory=list)
    unsure: list[str] = Field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        out = {
            "code": self.code,
            "severity": self.severity.value,
            "message": self.message,
            "documents": list(self.documents),
            "evidence": self.evidence,
            "rule_id": self.rule_id,
        }
        if self.relied_on:
            out["relied_on"] = [r.to_json() for r in self.relied_on]
        return out


class Case(BaseModel):
    """Everything the validators see for one applicant: pure data, no files."""

    model_config = ConfigDict(frozen=True)

    key: str
    declared: Declared | None = None
    declared_source: Literal["manifest", "applicant.yaml", "manifest+applicant.yaml"] | None = None
    files: list[FileRecord] = Field(default_factory=list)
    documents: list[Document] = Field(default_factory=list)
    as_of: date
    # Where as_of came from: --as-of, the declared 申报日期, the policy's dated notice, or (a policy
    # without one and no 申报日期) the day of the audit.
    as_of_source: Literal["cli", "declared", "policy", "audit_date"] = "policy"
    # Fingerprints of this applicant's documents found under another person (preaudit.pipeline.integrity.dupindex).
    duplicates: list[dict[str, Any]] = Field(default_factory=list)
    # The same person's applications in other batches (preaudit.pipeline.integrity.dupindex
    # `applications`: batch, applicant key, year, certain, first_seen, earlier) and this one's year.
    applications: list[dict[str, Any]] = Field(default_factory=list)
    # Rows of the 失信/黑名单 list that name this applicant's ID number (pipeline/intake/blacklist.py).
    blacklist: list[dict[str, Any]] = Field(default_factory=list)

    def of_type(self, *types: DocType) -> list[tuple[int, Document]]:
        """(index, document) pairs of the given types, in input order."""
        return [(i, d) for i, d in enumerate(self.documents) if d.doc_type in types]

    def first(self, doc_type: DocType) -> tuple[int, Document] | None:
        found = self.of_type(doc_type)
        return found[0] if found else None


class ProcessingError(BaseModel):
    """An internal failure recorded instead of crashing (stage, file, message)."""

    model_config = ConfigDict(frozen=True)

    stage: str
    file: str = ""
    message: str


def mask_id_number(value: str | None) -> str:
    """Mask an ID number for display: keep the first 6 and last 4 characters.

    Anything that looks like it could be an ID number is masked, even when invalid, so that a
    full number never leaks into a log or summary.
    """
    if not value:
        return ""
    v = str(value)
    if len(v) <= 10:
        return v[:2] + "*" * max(0, len(v) - 2)
    return v[:6] + "*" * (len(v) - 10) + v[-4:]


# The shape of an ID number in text, 18 characters (the last may be X) or the old 15 digits: the one
# pattern, compiled twice. `ID_LIKE` finds it as a token of its own (not part of a longer run of
# letters or digits): it masks messages, logs, report.json and crops (a SHA-256 in hex keeps its
# digits) and tells an 18-character window an ID number's shape. `ID_ANYWHERE` finds it inside
# longer runs too, so that the fingerprint index keeps no ID number that OCR ran into the next cell
# (53010219900307123X202403). Here, not in pipeline/values/idnumber.py, because the model masks
# with it and imports no stage.
ID_PATTERN = r"\d{17}[0-9Xx]|\d{15}"
ID_LIKE = re.compile(rf"(?<![0-9A-Za-z])(?:{ID_PATTERN})(?![0-9A-Za-z])")
ID_ANYWHERE = re.compile(ID_PATTERN)


def mask_ids_in_text(text: str) -> str:
    """Mask every 15/18-character ID-like run inside free text (messages, logs)."""
    return ID_LIKE.sub(lambda m: mask_id_number(m.group(0)), text)


def mask_ids_in_json(value: Any) -> Any:
    """Every string value in a JSON structure (lists, dicts) with ID-like runs masked; keys kept."""
    if isinstance(value, str):
        return mask_ids_in_text(value)
    if isinstance(value, list):
        return [mask_ids_in_json(v) for v in value]
    if isinstance(value, dict):
        return {k: mask_ids_in_json(v) for k, v in value.items()}
    return value


def _id_key(value: Any) -> str:
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", str(value))).upper()


class CaseRecord(BaseModel):
    """What report.json keeps of the Case beyond files and documents (its `case` block), so that the
    workbench can run the rules again on a reviewer's corrections without the applicant's folder.

    The declared ID number is kept masked only (full numbers stay in documents[].fields): it is
    recovered from `id_number_ref`, the first document field whose reading equals it; None when no
    document reads it (the workbench then cannot know it). Duplicates, other applications and 失信
    rows are kept with every ID-like run masked, as the rest of report.json."""

    model_config = ConfigDict(frozen=True)

    declared: Declared | None = None
    id_number_ref: FieldRef | None = None
    declared_source: str | None = None
    as_of_source: str = "policy"
    duplicates: list[dict[str, Any]] = Field(default_factory=list)
    applications: list[dict[str, Any]] = Field(default_factory=list)
    blacklist: list[dict[str, Any]] = Field(default_factory=list)

    @classmethod
    def of(cls, case: "Case") -> "CaseRecord":
        """The record of a judged case: the declared number masked, with its reference."""
        declared, ref = case.declared, None
        if declared is not None and declared.id_number:
            key = _id_key(declared.id_number)
            ref = next((FieldRef(document=i, field=name) for i, d in enumerate(case.documents)
                        for name, fv in d.fields.items()
                        if isinstance(fv.value, str) and fv.value and _id_key(fv.value) == key), None)
            declared = declared.model_copy(update={"id_number": mask_id_number(declared.id_number)})
        return cls(declared=declared, id_number_ref=ref, declared_source=case.declared_source,
                   as_of_source=case.as_of_source, duplicates=mask_ids_in_json(case.duplicates),
                   applications=mask_ids_in_json(case.applications), blacklist=mask_ids_in_json(case.blacklist))

    @classmethod
    def from_json(cls, data: Any) -> "CaseRecord | None":
        if not isinstance(data, dict):
            return None
        ref = data.get("id_number_ref")
        return cls(
            declared=Declared.model_validate(data["declared"]) if isinstance(data.get("declared"), dict) else None,
            id_number_ref=FieldRef(document=int(ref["document"]), field=str(ref["field"])) if isinstance(ref, dict) else None,
            declared_source=data.get("declared_source"), as_of_source=data.get("as_of_source") or "policy",
            duplicates=list(data.get("duplicates") or []), applications=list(data.get("applications") or []),
            blacklist=list(data.get("blacklist") or []),
        )

    def to_json(self) -> dict[str, Any]:
        return {
            "declared": self.declared.model_dump(mode="json") if self.declared is not None else None,
            "id_number_ref": self.id_number_ref.to_json() if self.id_number_ref is not None else None,
            "declared_source": self.declared_source,
            "as_of_source": self.as_of_source,
            "duplicates": mask_ids_in_json(self.duplicates),
            "applications": mask_ids_in_json(self.applications),
            "blacklist": mask_ids_in_json(self.blacklist),
        }


class Report(BaseModel):
    """The per-applicant audit report (schema preaudit.report/1)."""

    model_config = ConfigDict(frozen=True)

    key: str
    name: str = ""
    id_number: str = ""
    unit: str = ""
    series: str = ""
    level: str = ""
    policy: str
    as_of: date
    files: list[FileRecord] = Field(default_factory=list)
    documents: list[Document] = Field(default_factory=list)
    findings: list[Finding] = Field(default_factory=list)
    errors: list[ProcessingError] = Field(default_factory=list)
    pipeline_version: str = ""
    # the rest of the Case (report.json `case`), for a re-run on a reviewer's corrections; None in
    # reports written before it existed
    case: CaseRecord | None = None
    source_dir: str = Field(default="", exclude=True)  # the applicant folder, for evidence crops; never in JSON

    @property
    def verdict(self) -> str:
        severities = {f.severity for f in self.findings}
        if Severity.ERROR in severities:
            return "reject"
        if Severity.WARNING in severities or self.errors:
            return "needs_review"
        return "pass"

    @property
    def status(self) -> str:
        return "partial" if self.errors else "complete"

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> "Report":
        """A Report from its report.json (what `to_json` or preaudit.pipeline.report.writer.report_json wrote), for
        re-audits and the review workbench. The applicant's number comes back masked, as written;
        `verdict` and `status` follow from the findings and errors again."""
        applicant = data.get("applicant") or {}

        def field(f: dict[str, Any]) -> FieldValue:
            box = f.get("bbox")
            return FieldValue(value=f.get("value"), confidence=float(f.get("confidence") or 0.0),
                              bbox=BBox(x0=box[0], y0=box[1], x1=box[2], y1=box[3]) if box else None,
                              page=f.get("page"), source=f.get("source"), certainty=f.get("certainty"),
                              why=list(f.get("why") or []))

        documents = [
            Document(file=d["file"], page=d["page"], pages=list(d.get("pages") or []), doc_type=DocType(d["type"]),
                     type_confidence=float(d.get("type_confidence") or 0.0), source=d.get("source", "pdf_text"),
                     fields={k: field(v) for k, v in (d.get("fields") or {}).items()}, meta=dict(d.get("meta") or {}))
            for d in data.get("documents") or []
        ]
        findings = [
            Finding(code=f["code"], severity=Severity(f["severity"]), message=f["message"],
                    documents=list(f.get("documents") or []), evidence=dict(f.get("evidence") or {}),
                    rule_id=f.get("rule_id", ""),
                    relied_on=[FieldRef(document=None if r["document"] == "declared" else int(r["document"]),
                                        field=r["field"]) for r in f.get("relied_on") or []])
            for f in data.get("findings") or []
        ]
        return cls(
            key=applicant.get("key", ""), name=applicant.get("name", ""),
            id_number=applicant.get("id_number_masked", ""), unit=applicant.get("unit", ""),
            level=applicant.get("level", ""), policy=data["policy"], as_of=date.fromisoformat(data["as_of"]),
            files=[FileRecord(**f) for f in data.get("files") or []], documents=documents, findings=findings,
            errors=[ProcessingError(**e) for e in data.get("errors") or []],
            pipeline_version=data.get("pipeline_version", ""), case=CaseRecord.from_json(data.get("case")),
        )

    def to_json(self) -> dict[str, Any]:
        return {
            "schema": SCHEMA,
            "applicant": {
                "key": self.key,
                "name": self.name,
                "id_number_masked": mask_id_number(self.id_number),
                "unit": self.unit,
                "level": self.level,
            },
            "policy": self.policy,
            "as_of": self.as_of.isoformat(),
            "verdict": self.verdict,
            "status": self.status,
            "pipeline_version": self.pipeline_version,
            "files": [
                {"path": f.path, "sha256": f.sha256, "status": f.status, "pages": f.pages, "size": f.size}
                | ({"reason": f.reason} if f.reason else {})
                | ({"pages_read": f.pages_read} if f.pages_read is not None else {})
                for f in self.files
            ],
            "documents": [d.to_json() for d in self.documents],
            "findings": [f.to_json() for f in self.findings],
            "errors": [e.model_dump() for e in self.errors],
        } | ({"case": self.case.to_json()} if self.case is not None else {})
