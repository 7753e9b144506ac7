"""The current title on the command line (issue 15, Absent 5): the corpus's three title scenarios
(fixtures/scenarios.py) audited under kunming-panlong-2024q3, their 职称证书 text PDFs: a 晋升 with its
员级 certificate passes, a certificate in another series is SERIES_CROSS and a declared date the
certificate contradicts is TITLE_DATE_MISMATCH, both errors (text layers are certain)."""

from __future__ import annotations

import json
from dataclasses import replace

import numpy as np

from preaudit.fixtures import persona
from preaudit.fixtures.delivery import write_planned
from preaudit.fixtures.generate import manifest_csv
from preaudit.fixtures.scenarios import SCENARIOS, build_applicant
from preaudit.pipeline.cli import main
from tests.helpers import text_deliveries


def test_title_scenarios_through_the_cli(tmp_path):
    batch = tmp_path / "batch"
    apps = []
    for n, key in enumerate(("clean_promotion_title", "series_cross", "title_date_mismatch"), 40):
        scenario = replace(next(s for s in SCENARIOS if s.key == key), id_form="copy", deliveries=text_deliveries())
        rng = np.random.default_rng([5, n])
        app = build_applicant(n, scenario, persona.pick_names(np.random.default_rng(n), 1)[0], persona.UNITS[n % 5], rng)
        files = write_planned(batch / app.folder, app, rng, {})
        assert "title_certificate" in {f["doc_type"] for f in files.values()}
        apps.append(app)
    (batch / "applicants.csv").write_bytes(manifest_csv(apps))
    out = tmp_path / "out"
    main(["audit", str(batch), "--out", str(out), "--state-dir", str(tmp_path / "state"), "--no-progress"])
    reports = {p.parent.name: json.loads(p.read_text(encoding="utf-8")) for p in out.glob("*/report.json")}
    by_scenario = {app.scenario.key: reports[app.folder] for app in apps}
    got = {k: sorted((f["code"], f["severity"]) for f in r["findings"] if f["code"] != "SENIORITY_UNVERIFIED")
           for k, r in by_scenario.items()}
    assert got == {"clean_promotion_title": [], "series_cross": [("SERIES_CROSS", "error")],
                   "title_date_mismatch": [("TITLE_DATE_MISMATCH", "error")]}
    cert = next(d for d in by_scenario["title_date_mismatch"]["documents"] if d["type"] == "title_certificate")
    assert cert["fields"]["obtained_date"]["value"] == "2019-12-30" and cert["fields"]["title_level"]["value"] == "员级"
