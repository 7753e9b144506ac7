"""The generated sample batch, audited end to end: every seeded fault found, clean ones pass."""

import csv
import json
import re

import pytest

from preaudit.pipeline.cli import main
from preaudit.pipeline.intake.ingest import safe_key
from preaudit.pipeline.values.text import nfkc

pytestmark = pytest.mark.ocr
FULL_ID = re.compile(r"(?<![0-9A-Za-z])\d{17}[0-9Xx](?![0-9A-Za-z])")


def _cases(sample):
    return sorted(sample["truth"]["applicants"].items())


def test_every_seeded_fault_is_reported(sample, audited):
    missing = {}
    for folder, truth in _cases(sample):
        report = audited["reports"][safe_key(folder)]
        codes = {f["code"] for f in report["findings"]}
        lost = set(truth["expected_codes"]) - codes
        if lost:
            missing[folder] = (sorted(lost), sorted(codes))
    assert not missing, missing


def test_verdicts_match_ground_truth(sample, audited):
    wrong = {}
    for folder, truth in _cases(sample):
        report = audited["reports"][safe_key(folder)]
        if report["verdict"] != truth["expected_verdict"]:
            wrong[folder] = (truth["expected_verdict"], report["verdict"], [(f["code"], f["message"]) for f in report["findings"]])
    assert not wrong, wrong


def test_every_input_file_is_accounted_for(sample, audited):
    for folder, truth in _cases(sample):
        report = audited["reports"][safe_key(folder)]
        on_disk = sorted(p.relative_to(sample["batch"] / folder).as_posix() for p in (sample["batch"] / folder).rglob("*") if p.is_file() and p.name != "applicant.yaml")
        assert sorted(f["path"] for f in report["files"]) == on_disk


def test_documents_are_classified_as_truth_says(sample, audited):
    wrong, checked = [], 0
    for folder, truth in _cases(sample):
        report = audited["reports"][safe_key(folder)]
        types: dict[str, set] = {}
        for d in report["documents"]:
            types.setdefault(d["file"], set()).add(d["type"])
        for path, spec in truth["files"].items():
            if spec.get("doc_type"):
                checked += 1
                if spec["doc_type"] not in types.get(path, set()):
                    wrong.append((folder, path, spec["doc_type"], types.get(path)))
    assert checked >= 50
    assert not wrong, wrong


def test_core_fields_match_ground_truth(sample, audited):
    checked, wrong = 0, []
    for folder, truth in _cases(sample):
        report = audited["reports"][safe_key(folder)]
        docs = {(d["file"], d["type"]): d for d in report["documents"]}
        for path, spec in truth["files"].items():
            doc = docs.get((path, spec.get("doc_type")))
            if doc is None:
                continue
            for name, expected in spec.get("fields", {}).items():
                if name not in doc["fields"]:
                    continue
                got = doc["fields"][name]["value"]
                if name == "months" and isinstance(expected, list) and got:
                    got = [{k: r.get(k) for k in ("month", "status")} for r in got]
                    expected = [{k: r.get(k) for k in ("month", "status")} for r in expected]
                if isinstance(expected, str) and isinstance(got, str):
                    expected, got = nfkc(expected), nfkc(got)  # field exact-match after normalisation
                checked += 1
                if got != expected:
                    wrong.append((folder, path, name, expected, got))
    assert checked > 300
    assert not wrong, wrong[:10]


def test_no_full_id_number_outside_report_json_fields(audited):
    out = audited["out"]
    for path in out.rglob("*"):
        if not path.is_file():
            continue
        text = path.read_text(encoding="utf-8-sig", errors="replace")
        if path.name == "report.json":
            data = json.loads(text)
            for doc in data["documents"]:
                doc.pop("fields")  # the one place full numbers belong
            text = json.dumps(data, ensure_ascii=False)
        assert not FULL_ID.search(text), f"full ID number in {path.relative_to(out)}"


def test_summary_csv_has_a_row_per_applicant(sample, audited):
    with (audited["out"] / "summary.csv").open(encoding="utf-8-sig") as fh:
        rows = list(csv.DictReader(fh))
    assert sorted(r["key"] for r in rows) == sorted(safe_key(f) for f in sample["truth"]["applicants"])
    batch = json.loads((audited["out"] / "batch.json").read_text(encoding="utf-8"))
    assert batch["counts"]["applicants"] == len(rows)


def test_cli_exit_codes(sample, tmp_path, ocr_cache):
    assert main(["audit", str(tmp_path / "missing"), "--out", str(tmp_path / "o")]) == 2
    assert main(["audit", str(sample["batch"]), "--out", str(tmp_path / "o"), "--policy", "no-such-policy"]) == 2
    with pytest.raises(SystemExit) as exc:
        main(["audit"])
    assert exc.value.code == 2
