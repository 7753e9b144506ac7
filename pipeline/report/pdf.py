"""report.pdf: the report HTML laid out on A4 by MuPDF's Story engine (no browser, no system font).

`pymupdf.Story` chooses a font per glyph: Latin text uses MuPDF's built-in Nimbus fonts and
Chinese falls back to the Droid Sans Fallback CJK font compiled into the PyMuPDF wheel, so the
PDF renders the same on any machine with only the Python package installed. Fonts are embedded
(subset) in the output. A footer line with the applicant, pipeline version, policy, the
report.json digest and the page number is drawn on every page.
"""

from __future__ import annotations

import html
import io

import pymupdf

from preaudit.pipeline.model import Report, mask_id_number
from preaudit.pipeline.report.wording import safe

PAGE = pymupdf.paper_rect("a4")  # 595 x 842 pt
MARGIN_X, MARGIN_TOP, MARGIN_BOTTOM = 42, 42, 52
BODY = PAGE + (MARGIN_X, MARGIN_TOP, -MARGIN_X, -MARGIN_BOTTOM)
FOOTER = pymupdf.Rect(MARGIN_X, PAGE.height - MARGIN_BOTTOM + 14, PAGE.width - MARGIN_X, PAGE.height - 10)
FOOTER_CSS = "body { font-family: sans-serif; font-size: 7pt; color: #555; } p { margin: 0; }"
MAX_PAGES = 200  # a runaway layout (an element that never fits) must stop


def _footer_html(report: Report, json_sha256: str, page: int, pages: int) -> str:
    who = " ".join(x for x in (safe(report.name), mask_id_number(report.id_number)) if x)
    digest = f" · report.json {json_sha256[:16]}" if json_sha256 else ""
    text = (
        f"{who} · preaudit {report.pipeline_version or '?'} · {report.policy}"
        f" · 基准日 {report.as_of.isoformat()}{digest} · 第 {page}/{pages} 页"
    )
    return f"<p>{html.escape(safe(text))}</p>"


def _count_pages(story: pymupdf.Story) -> int:
    pages, more = 0, 1
    while more and pages < MAX_PAGES:
        more, _ = story.place(BODY)
        story.draw(None)  # a null device: advances the layout without drawing
        pages += 1
    story.reset()
    return pages


def render_pdf(report: Report, report_html: str, *, json_sha256: str = "", title: str = "") -> bytes:
    """Lay the (print) report HTML out on A4 pages; returns the PDF bytes.

    Args:
        report: the report (for the page footer).
        report_html: `render_html(report, crops, for_print=True)`.
        json_sha256: SHA-256 of report.json, printed in every page footer.
        title: the PDF's title (default: 职称申报材料预审报告 and the applicant's name).
    """
    story = pymupdf.Story(html=report_html)
    total = _count_pages(story)
    buf = io.BytesIO()
    writer = pymupdf.DocumentWriter(buf)  # uncompressed: compressed once, after font subsetting
    more, page = 1, 0
    while more and page < MAX_PAGES:
        page += 1
        device = writer.begin_page(PAGE)
        more, _ = story.place(BODY)
        story.draw(device)
        footer = pymupdf.Story(html=_footer_html(report, json_sha256, page, total), user_css=FOOTER_CSS)
        footer.place(FOOTER)
        footer.draw(device)
        writer.end_page()
    writer.close()
    return _with_metadata(buf.getvalue(), report, title or f"职称申报材料预审报告 {report.name}")


def _with_metadata(pdf: bytes, report: Report, title: str) -> bytes:
    """Subset the embedded fonts (the CJK font is ~1.8 MB whole) and fill in the info dictionary."""
    with pymupdf.open("pdf", pdf) as doc:
        doc.subset_fonts()
        doc.set_metadata({
            "title": safe(title),
            "subject": f"{report.policy} {report.as_of.isoformat()}",
            "creator": f"preaudit {report.pipeline_version}",
            "producer": "preaudit (PyMuPDF Story)",
        })
        return doc.tobytes(garbage=3, deflate=True)

