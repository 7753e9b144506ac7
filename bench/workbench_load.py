"""Load check of the reviewer's workbench (issue 16): queue and case pages over 1,000 applicants.

    .venv/bin/python bench/workbench_load.py [--applicants 1000] [--requests 200] [--seed 7]
                                             [--work bench/out/workbench] [--json PATH] [--reuse]

An audited OUT folder is written without OCR: each synthetic applicant has the report a real audit
writes (report.json and report.html through pipeline/report/writer.py; no crops, no PDF, which the
pages never read): eight documents of six to eight fields and up to six findings of every severity,
verdicts spread as a batch's are. A reviewer account is made in a private state folder, the app runs
under uvicorn on 127.0.0.1 (a port the kernel picks) in this process, and one logged-in client asks,
one request at a time:

- the queue: random filters (verdict, review state), sorts, searches (a name, a masked ID) and pages;
- a case page of a random applicant; a tenth of the applicants first get decisions, so the trail
  (OUT/review.sqlite) holds rows the pages must read.

Printed: p50 / p95 / max milliseconds per page kind, and the figures as JSON. Timings are for the
issue note, never asserted in tests; on a shared 2-core machine compare runs made together.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import statistics
import sys
import time
from datetime import date
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import ROOT, table  # noqa: E402

SCHEMA = "preaudit.bench.workbench_load/1"
PASSWORD = "bench password 1"
CSRF = re.compile(r'name="csrf" value="([^"]+)"')
DECIDE = re.compile(r'name="index" value="(\d+)">\s*<input type="hidden" name="finding_id" value="([^"]+)">\s*'
                    r'<input type="hidden" name="evidence_hash" value="([^"]+)">')
SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂"


def _id_number(rng: random.Random) -> str:
    """A made-up number with a right check digit (GB 11643, ISO 7064 MOD 11-2)."""
    body = f"530102{rng.randint(1965, 2000)}{rng.randint(1, 12):02d}{rng.randint(1, 28):02d}{rng.randint(0, 999):03d}"
    total = sum(int(c) * (2 ** (17 - k) % 11) for k, c in enumerate(body))
    return body + "10X98765432"[total % 11]


def synthetic_report(i: int, rng: random.Random) -> Any:
    """One applicant's report, of the size and mix a real one has."""
    from preaudit.pipeline.model import BBox, Document, DocType, FieldValue, FileRecord, Finding, Report, Severity

    name = rng.choice(SURNAMES) + rng.choice(GIVEN) + (rng.choice(GIVEN) if rng.random() < 0.5 else "")
    number = _id_number(rng)
    unit = f"昆明市第{i % 37 + 1}软件有限公司"
    box = BBox(x0=0.3, y0=0.2, x1=0.6, y1=0.24)

    def fv(value: Any, conf: float = 0.98) -> FieldValue:
        return FieldValue(value=value, confidence=conf, bbox=box, page=1, source="ocr", certainty="certain", why=["识别置信度高"])

    kinds = [DocType.ID_CARD_FRONT, DocType.ID_CARD_BACK, DocType.XUEXIN_RECORD, DocType.PENSION_CERTIFICATE,
             DocType.CONTRACT_FILING, DocType.PUBLICITY_FORM, DocType.PLEDGE, DocType.PHOTO]
    documents, files = [], []
    for k, kind in enumerate(kinds):
        path = f"{kind.value}_{k}.jpg"
        files.append(FileRecord(path=path, sha256=f"{i:032x}{k:032x}", status="processed", pages=1, size=200_000))
        fields = {"name": fv(name), "id_number": fv(number), "unit": fv(unit), "date": fv("2024-08-20"),
                  "employer": fv(unit), "start_date": fv("2021-07-01"), "end_date": fv("2026-06-30")}
        documents.append(Document(file=path, page=1, pages=[1], doc_type=kind, type_confidence=0.95, source="ocr",
                                  fields=dict(list(fields.items())[: 6 + k % 3])))
    findings = []
    roll = rng.random()
    if roll < 0.3:
        findings.append(Finding(code="UNIT_MISMATCH", severity=Severity.ERROR, rule_id="unit.consistency",
                                message=f"养老保险最近参保单位与申报单位“{unit}”不一致，请核对。", documents=[3, 4],
                                evidence={"declared": unit, "insurance": "昆明新迪网络科技有限公司"}))
    if roll < 0.7:
        findings.append(Finding(code="CONTRACT_EXPIRING", severity=Severity.WARNING, rule_id="contract.expiring",
                                message="劳动合同即将到期，请补充续签合同。", documents=[4], evidence={"end_date": "2024-09-30"}))
        findings.append(Finding(code="NAME_MISMATCH", severity=Severity.WARNING, rule_id="identity.name",
                                message="【疑似识别差异，请人工核对】承诺书签名与申报姓名不一致。", documents=[6],
                                evidence={"declared": name, "read": name[:-1] + "军"}))
    for _ in range(rng.randint(0, 3)):
        findings.append(Finding(code="SENIORITY_UNVERIFIED", severity=Severity.INFO, rule_id="seniority.years",
                                message="附件未能证明或否定申报资历，请核对工作经历。", documents=[3], evidence={}))
    return Report(key=f"申报人_{i:04d}", name=name, id_number=number, unit=unit, level="助理级",
                  policy="kunming-panlong-2024q3", as_of=date(2024, 9, 10), files=files, documents=documents,
                  findings=findings, pipeline_version="0.1.0")


def build_out(out: Path, applicants: int, seed: int) -> tuple[list[str], float]:
    """Write the synthetic OUT (report.json and report.html per applicant); returns keys and seconds."""
    from preaudit.pipeline.report.html import render_html
    from preaudit.pipeline.report.outdir import write_private_text
    from preaudit.pipeline.report.writer import report_json, text_digest

    rng = random.Random(seed)
    t = time.perf_counter()
    keys = []
    for i in range(applicants):
        report = synthetic_report(i, rng)
        json_text = json.dumps(report_json(report), ensure_ascii=False, indent=2)
        write_private_text(out / report.key / "report.json", json_text)
        write_private_text(out / report.key / "report.html", render_html(report, None, json_sha256=text_digest(json_text)))
        keys.append(report.key)
    return keys, time.perf_counter() - t


def _csrf(html: str) -> str:
    m = CSRF.search(html)
    if m is None:
        raise RuntimeError("no CSRF token on the page")
    return m.group(1)


def _timed(client: Any, url: str, times: list[float]) -> Any:
    t = time.perf_counter()
    r = client.get(url)
    times.append((time.perf_counter() - t) * 1000)
    if r.status_code != 200:
        raise RuntimeError(f"{url}: HTTP {r.status_code}")
    return r


def _summary(times: list[float]) -> dict[str, Any]:
    ordered = sorted(times)
    p95 = ordered[min(len(ordered) - 1, int(round(0.95 * (len(ordered) - 1))))]
    return {"n": len(times), "p50_ms": round(statistics.median(ordered), 1), "p95_ms": round(p95, 1),
            "max_ms": round(ordered[-1], 1)}


def run(work: Path, applicants: int, requests: int, seed: int, reuse: bool) -> dict[str, Any]:
    import httpx

    from preaudit.workbench.app import LoopbackServer
    from preaudit.workbench.trail import entries as trail_entries
    from preaudit.workbench.users import add_user

    out, state = work / "out", work / "state"
    marker = out / ".bench.json"
    if reuse and marker.is_file() and json.loads(marker.read_text()).get("applicants") == applicants:
        keys = sorted(p.name for p in out.iterdir() if (p / "report.json").is_file())
        build_seconds = 0.0
    else:
        import shutil

        shutil.rmtree(work, ignore_errors=True)
        keys, build_seconds = build_out(out, applicants, seed)
        marker.write_text(json.dumps({"applicants": applicants, "seed": seed}))
    if not (state / "review" / "users.json").is_file():
        add_user("压测审核", "单位审核", PASSWORD, state)
    rng = random.Random(seed + 1)
    queue_ms: list[float] = []
    case_ms: list[float] = []
    with LoopbackServer(out, state) as server, httpx.Client(base_url=server.url, follow_redirects=True, timeout=60) as client:
        page = client.get("/login")
        client.post("/login", data={"csrf": _csrf(page.text), "username": "压测审核", "password": PASSWORD, "next": "/"})
        # a tenth of the applicants decided: the trail holds rows the pages read
        for key in rng.sample(keys, max(1, len(keys) // 10)):
            html = client.get(f"/case/{key}").text
            for index, fid, evidence in DECIDE.findall(html)[:2]:
                client.post(f"/case/{key}/decide", data={"csrf": _csrf(html), "index": index, "finding_id": fid,
                                                         "evidence_hash": evidence, "decision": "确认", "reason": "压测"})
        for n in range(requests):
            params = {"verdict": rng.choice(["", "", "reject", "needs_review", "pass"]),
                      "state": rng.choice(["", "", "未审", "已审"]),
                      "sort": rng.choice(["verdict", "name", "unit"]),
                      "page": str(rng.randint(1, 5))}
            if n % 5 == 0:
                params["q"] = rng.choice(SURNAMES)
            _timed(client, "/?" + "&".join(f"{k}={v}" for k, v in params.items()), queue_ms)
            _timed(client, f"/case/{rng.choice(keys)}", case_ms)
    decided = sum(1 for e in trail_entries(out) if e.action == "decision")
    return {"schema": SCHEMA, "applicants": applicants, "requests": requests, "seed": seed, "decisions": decided,
            "build_seconds": round(build_seconds, 1), "queue": _summary(queue_ms), "case": _summary(case_ms)}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--applicants", type=int, default=1000)
    ap.add_argument("--requests", type=int, default=200)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--work", type=Path, default=ROOT / "bench" / "out" / "workbench")
    ap.add_argument("--json", type=Path, default=None)
    ap.add_argument("--reuse", action="store_true", help="keep the OUT folder a previous run of the same size wrote")
    args = ap.parse_args(argv)
    result = run(args.work, args.applicants, args.requests, args.seed, args.reuse)
    print(table([[kind, result[kind]["n"], result[kind]["p50_ms"], result[kind]["p95_ms"], result[kind]["max_ms"]]
                 for kind in ("queue", "case")], ["page", "requests", "p50 ms", "p95 ms", "max ms"]))
    print(f"{result['applicants']} applicants (OUT written in {result['build_seconds']} s)")
    path = args.json or args.work / "workbench_load.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(result, ensure_ascii=False, indent=2), encoding="utf-8")
    print(f"JSON: {path}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
