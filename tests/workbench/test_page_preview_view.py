"""The case page draws each document's field boxes over its page previews, served to logged-in users only."""

from __future__ import annotations

import json
import re
from urllib.parse import quote

from preaudit.pipeline.model import Report
from tests.workbench.workbench_builders import MAIN_KEY, login

CASE = f"/case/{quote(MAIN_KEY, safe='')}"
RECT = re.compile(r'<rect x="([\d.]+)%" y="([\d.]+)%" width="([\d.]+)%" height="([\d.]+)%" data-field="(\d+):(\w+)"')


def _index(out) -> dict:
    return json.loads((out / MAIN_KEY / "pages" / "index.json").read_text(encoding="utf-8"))


def test_a_logged_in_user_gets_the_preview_with_security_headers(client, out):
    login(client, "李审核")
    r = client.get(f"{CASE}/page/1.jpg")
    assert r.status_code == 200
    assert r.headers["content-type"] == "image/jpeg"
    assert r.content == (out / MAIN_KEY / "pages" / "1.jpg").read_bytes()
    assert r.headers["x-content-type-options"] == "nosniff"
    assert r.headers["cache-control"] == "no-store"
    assert "default-src 'none'" in r.headers["content-security-policy"]


def test_anonymous_users_are_sent_to_the_login(client):
    r = client.get(f"{CASE}/page/1.jpg", follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"].startswith("/login")
    assert not r.content.startswith(b"\xff\xd8")


def test_only_preview_files_of_the_applicant_are_served(client, out):
    (out / MAIN_KEY / "pages" / "secret.jpg").write_bytes(b"\xff\xd8nope")
    login(client, "李审核")
    for path in (
        f"{CASE}/page/index.json", f"{CASE}/page/secret.jpg", f"{CASE}/page/0.jpg", f"{CASE}/page/99.jpg",
        f"{CASE}/page/..%2F..%2Freport.json", f"{CASE}/page/%2E%2E%2Freport.json", f"{CASE}/page/-1.jpg",
        "/case/..%2F" + quote(MAIN_KEY, safe="") + "/page/1.jpg", "/case/%2E%2E/page/1.jpg", "/case/p000/page/1.jpg",
        "/case/nobody/page/1.jpg",
    ):
        r = client.get(path, follow_redirects=False)
        assert r.status_code == 404, path
        assert not r.content.startswith(b"\xff\xd8"), path


def test_the_case_page_has_the_boxes_at_the_field_percentages(client, out):
    login(client, "李审核")
    html = client.get(CASE).text
    report = Report.from_json(json.loads((out / MAIN_KEY / "report.json").read_text(encoding="utf-8")))
    boxes = {(int(d), name): tuple(float(v) for v in xywh) for *xywh, d, name in RECT.findall(html)}
    for d in (0, 1):
        for name, fv in report.documents[d].fields.items():
            if fv.bbox is None:
                assert (d, name) not in boxes
                continue
            b = fv.bbox
            want = (b.x0 * 100, b.y0 * 100, (b.x1 - b.x0) * 100, (b.y1 - b.y0) * 100)
            assert boxes[(d, name)] == tuple(round(v, 2) for v in want), (d, name)
            assert f'<tr data-field="{d}:{name}">' in html
    n = _index(out)["documents"]["1"]["1"]
    assert f'src="{CASE}/page/{n}.jpg"' in html
    assert html.count('data-testid="page-preview"') == 2
    assert html.count('data-testid="no-page-image"') == 1  # the contract's source file was gone
    assert "无页面图像" in html


def test_previews_of_another_report_json_are_not_shown(client, out):
    """An OUT written again without crops (or by an older version) has no previews: fields as before."""
    folder = out / MAIN_KEY
    index = _index(out) | {"report_sha256": "0" * 64}
    (folder / "pages" / "index.json").write_text(json.dumps(index), encoding="utf-8")
    login(client, "李审核")
    html = client.get(CASE).text
    assert 'data-testid="page-preview"' not in html
    assert html.count('data-testid="no-page-image"') == 3
    assert 'data-field="1:employer"' in html  # the field rows are still there


def test_an_old_out_without_previews_still_shows_the_fields(client, out):
    for path in (out / MAIN_KEY / "pages").iterdir():
        path.unlink()
    login(client, "李审核")
    r = client.get(CASE)
    assert r.status_code == 200 and "无页面图像" in r.text and 'data-testid="field-box"' not in r.text
