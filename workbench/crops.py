"""The evidence crops of a report, taken from its report.html (inlined there as data: URIs).

report.html lists the findings in `ranked_findings` order, each in a `<div class="finding …">`,
each evidence group headed `材料N：` and ending in one crop (or 无可用截图). The crops there already
have the hidden digits of ID numbers blacked out, so the workbench never cuts crops itself.
"""

from __future__ import annotations

import re
from pathlib import Path

_FINDING = re.compile(r'<div class="finding sev-[a-z]+">(.*?)</div>', re.S)
_GROUP = re.compile(r'class="evhead">材料(\d+)：(.*?)(?=class="evhead">材料|\Z)', re.S)
_IMG = re.compile(r'<img src="(data:image/(?:png|jpeg|webp);base64,[A-Za-z0-9+/=]+)"')


def crops_by_finding(html_path: Path) -> list[dict[int, list[str]]]:
    """For each finding of report.html in its order: {document index: [data URIs]}; [] when the
    page is missing or unreadable."""
    try:
        text = Path(html_path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return []
    out: list[dict[int, list[str]]] = []
    for block in _FINDING.findall(text):
        groups: dict[int, list[str]] = {}
        for number, body in _GROUP.findall(block):
            groups.setdefault(int(number) - 1, []).extend(_IMG.findall(body))
        out.append(groups)
    return out
