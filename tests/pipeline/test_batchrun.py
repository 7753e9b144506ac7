"""The incremental batch run (pipeline/batchrun.py): reports written per applicant, a rerun skips what
is complete and unchanged, reuse between applicants found whichever was read first, also across a
kill. Reading is replaced by a stand-in (no OCR): each file becomes a `file_sha256` fingerprint."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

import preaudit.pipeline.auditor as auditor_mod
import preaudit.pipeline.batchrun as batchrun
from preaudit.pipeline.auditor import AuditOptions, Auditor
from preaudit.pipeline.integrity.dupindex import FingerprintIndex
from preaudit.pipeline.integrity.fingerprints import Fingerprint
from preaudit.pipeline.intake.ingest import ApplicantInput
from preaudit.pipeline.model import FileRecord
from preaudit.pipeline.ops.resume import RECORD_NAME, read_record
from preaudit.pipeline.run import Collected
from preaudit.pipeline.report.summary import load_views
from preaudit.validators.policy import load_policy

POLICY = load_policy("kunming-panlong-2024q3")


class Reader:
    """Stands in for collect_applicant: counts reads; can stop the run at a given applicant."""

    def __init__(self, stop_at: str | None = None) -> None:
        self.read: list[str] = []
        self.stop_at = stop_at

    def __call__(self, applicant: ApplicantInput, ocr, timer=None, on_file=None) -> Collected:
        if applicant.key == self.stop_at:
            raise KeyboardInterrupt  # the kill
        self.read.append(applicant.key)
        files = [FileRecord(path=f.path, sha256=f.sha256, size=f.size, status="processed", pages=1) for f in applicant.files]
        prints = [Fingerprint("file_sha256", f.sha256, f.path, "xuexin_record") for f in applicant.files]
        # a file holding 16 hex digits stands for a 64-bit photo hash (near matches by Hamming distance)
        prints += [Fingerprint("photo_dhash", p.read_text(), f.path, "photo") for f in applicant.files
                   if len((p := Path(f.abs_path)).read_bytes()) == 16]
        for record in files:
            if on_file:
                on_file(record)
        return Collected(applicant, files, [], [], prints)


def _batch(root: Path, folders: dict[str, dict[str, bytes]]) -> Path:
    batch = root / "batch"
    for folder, files in folders.items():
        (batch / folder).mkdir(parents=True, exist_ok=True)
        for name, data in files.items():
            (batch / folder / name).write_bytes(data)
    return batch


class NoOcr:
    """An OCR engine that must never be asked: the Reader stands in for reading."""

    name = "none"

    def read(self, image):  # noqa: ANN001, ANN201
        raise AssertionError("no OCR in these tests")


def _run(batch: Path, out: Path, index: FingerprintIndex, reader: Reader, monkeypatch, as_of: date | None = None,
         **kw) -> batchrun.RunResult:
    monkeypatch.setattr(auditor_mod, "collect_applicant", reader)
    options = AuditOptions(policy=POLICY.policy, state_dir=out.parent / "state", as_of=as_of)
    return Auditor(options, engine=NoOcr(), index_given=index).run(batch, out, **kw)


def _codes(out: Path, key: str) -> set[str]:
    return {f["code"] for f in json.loads((out / key / "report.json").read_text(encoding="utf-8"))["findings"]}


@pytest.fixture
def index(tmp_path):
    idx = FingerprintIndex(tmp_path / "state" / "fingerprints.sqlite")
    yield idx
    idx.close()


def test_reuse_is_found_for_both_applicants_and_a_rerun_skips_everyone(tmp_path, index, monkeypatch):
    batch = _batch(tmp_path, {"a_甲": {"学历.pdf": b"same"}, "b_乙": {"x.pdf": b"b"}, "c_丙": {"学历副本.pdf": b"same"}})
    out = tmp_path / "out"
    first = _run(batch, out, index, Reader(), monkeypatch)
    assert first.audited == ["a_甲", "b_乙", "c_丙"] and first.skipped == []
    # 甲 was judged before 丙 existed: judged again as soon as 丙's lookup named it
    assert first.rejudged == ["a_甲"]
    assert "DUPLICATE_DOCUMENT" in _codes(out, "a_甲") and "DUPLICATE_DOCUMENT" in _codes(out, "c_丙")
    assert "DUPLICATE_DOCUMENT" not in _codes(out, "b_乙")
    mtimes = {k: (out / k / "report.json").stat().st_mtime_ns for k in first.audited}

    reader = Reader()
    second = _run(batch, out, index, reader, monkeypatch)
    assert reader.read == [] and second.audited == [] and second.rejudged == []
    assert second.skipped == ["a_甲", "b_乙", "c_丙"]
    assert {k: (out / k / "report.json").stat().st_mtime_ns for k in mtimes} == mtimes
    data = json.loads((out / "batch.json").read_text(encoding="utf-8"))
    assert data["run"]["skipped_unchanged"] == 3 and data["run"]["audited"] == 0
    assert all(r["complete"] for r in data["applicants"]) and data["counts"]["complete"] == 3


def test_only_changed_applicants_are_audited_again(tmp_path, index, monkeypatch):
    batch = _batch(tmp_path, {"a_甲": {"a.pdf": b"a"}, "b_乙": {"b.pdf": b"b"}})
    out = tmp_path / "out"
    _run(batch, out, index, Reader(), monkeypatch)
    (batch / "b_乙" / "b.pdf").write_bytes(b"b, edited")
    reader = Reader()
    result = _run(batch, out, index, reader, monkeypatch)
    assert reader.read == ["b_乙"] and result.skipped == ["a_甲"]
    # another reference date is another judgement: everyone again
    reader = Reader()
    _run(batch, out, index, reader, monkeypatch, as_of=date(2024, 10, 1))
    assert reader.read == ["a_甲", "b_乙"]
    # without resume (no state directory) nothing is skipped
    reader = Reader()
    _run(batch, out, index, reader, monkeypatch, as_of=date(2024, 10, 1), resume=False)
    assert reader.read == ["a_甲", "b_乙"]


def test_a_killed_run_leaves_finished_reports_complete_and_the_rest_pending(tmp_path, index, monkeypatch):
    batch = _batch(tmp_path, {"a_甲": {"a.pdf": b"a"}, "b_乙": {"b.pdf": b"b"}, "c_丙": {"c.pdf": b"c"}})
    out = tmp_path / "out"
    with pytest.raises(KeyboardInterrupt):
        _run(batch, out, index, Reader(stop_at="b_乙"), monkeypatch)
    views = load_views(out)
    assert set(views) == {"a_甲"} and views["a_甲"].complete
    rows = {r["key"]: r for r in json.loads((out / "batch.json").read_text(encoding="utf-8"))["applicants"]}
    assert {k: r["complete"] for k, r in rows.items()} == {"a_甲": False, "b_乙": False, "c_丙": False}  # written at start
    reader = Reader()
    result = _run(batch, out, index, reader, monkeypatch)
    assert reader.read == ["b_乙", "c_丙"] and result.skipped == ["a_甲"]
    rows = {r["key"]: r for r in json.loads((out / "batch.json").read_text(encoding="utf-8"))["applicants"]}
    assert all(r["complete"] for r in rows.values()) and set(rows) == {"a_甲", "b_乙", "c_丙"}


def test_reuse_by_a_later_run_reaches_an_applicant_skipped_as_unchanged(tmp_path, index, monkeypatch):
    """The first of a pair finished in an earlier (killed) run: the later one's lookup finds it in
    the index, and the earlier one is read again (it was skipped) and judged again."""
    batch = _batch(tmp_path, {"a_甲": {"学历.pdf": b"same"}})
    out = tmp_path / "out"
    _run(batch, out, index, Reader(), monkeypatch)
    assert "DUPLICATE_DOCUMENT" not in _codes(out, "a_甲")
    _batch(tmp_path, {"c_丙": {"copy.pdf": b"same"}})
    reader = Reader()
    result = _run(batch, out, index, reader, monkeypatch)
    assert result.skipped == ["a_甲"] and result.audited == ["c_丙"] and result.rejudged == ["a_甲"]
    assert reader.read == ["c_丙", "a_甲"]  # 甲 read again to be judged again
    assert "DUPLICATE_DOCUMENT" in _codes(out, "a_甲") and "DUPLICATE_DOCUMENT" in _codes(out, "c_丙")


def test_the_final_pass_sets_right_a_record_judged_with_stale_hits(tmp_path, index, monkeypatch):
    """A kill between the later applicant's report and the earlier one's rewrite: the earlier
    report still says no reuse; the next run's final pass judges it again."""
    batch = _batch(tmp_path, {"a_甲": {"a.pdf": b"same"}, "c_丙": {"c.pdf": b"same"}})
    out = tmp_path / "out"
    _run(batch, out, index, Reader(), monkeypatch)
    record = read_record(out / "a_甲")
    record["duplicates"] = "as if judged before 丙 existed"
    (out / "a_甲" / RECORD_NAME).write_text(json.dumps(record), encoding="utf-8")
    result = _run(batch, out, index, Reader(), monkeypatch)
    assert result.skipped == ["a_甲", "c_丙"] and result.rejudged == ["a_甲"]
    assert read_record(out / "a_甲")["duplicates"] != "as if judged before 丙 existed"


def test_one_applicant_folder_is_audited_with_its_parent_batchs_manifest(tmp_path, index, monkeypatch):
    batch = _batch(tmp_path, {"张三": {"a.pdf": b"a"}, "李四": {"b.pdf": b"b"}})
    (batch / "applicants.csv").write_text("文件夹,姓名,身份证号,申报单位\n张三,张三,530102199001011238,某公司\n", encoding="utf-8")
    out = tmp_path / "out"
    seen = []
    result = _run(batch / "张三", out, index, Reader(), monkeypatch, on_scope=lambda b, m: seen.append(m))
    assert result.parent_manifest == batch / "applicants.csv" and seen == [batch / "applicants.csv"]
    assert [a.key for a in result.batch.applicants] == ["张三"]
    assert "DECLARED_DATA_MISSING" not in _codes(out, "张三")
    assert result.batch_id == str(batch.resolve())  # the same batch as a whole-batch audit
    # without a manifest beside it the folder is audited on its own, and says it has no declared data
    result = _run(batch / "李四", out, index, Reader(), monkeypatch)
    assert result.parent_manifest is not None  # the batch has a manifest, 李四 just has no row
    assert "DECLARED_DATA_MISSING" in _codes(out, "李四")
    (batch / "applicants.csv").unlink()
    result = _run(batch / "李四", tmp_path / "out2", index, Reader(), monkeypatch)
    assert result.parent_manifest is None and result.batch_id == str((batch / "李四").resolve())


def test_a_near_candidate_the_policy_drops_does_not_make_anyone_judged_again(tmp_path, index, monkeypatch):
    """The index reports photo hashes up to 12 bits apart; the policy counts 4. Two different
    photos 8 bits apart change the raw hits but no finding, so the earlier applicant is left alone."""
    batch = _batch(tmp_path, {"a_甲": {"photo.jpg": b"00000000000000ff"}, "c_丙": {"photo.jpg": b"0000000000000000"}})
    out = tmp_path / "out"
    result = _run(batch, out, index, Reader(), monkeypatch)
    hits = batchrun.lookup(index, result.batch_id, "a_甲")[1]
    assert [(h["kind"], h["distance"]) for h in hits] == [("photo_dhash", 8)]  # a candidate, not reuse
    assert result.rejudged == []
    assert "DUPLICATE_DOCUMENT" not in _codes(out, "a_甲") and "DUPLICATE_DOCUMENT" not in _codes(out, "c_丙")
    # the same photo (0 bits apart) is reuse, and reaches the earlier applicant
    (batch / "c_丙" / "photo.jpg").write_bytes(b"00000000000000ff")
    result = _run(batch, out, index, Reader(), monkeypatch)
    assert result.audited == ["c_丙"] and result.rejudged == ["a_甲"]
    assert "DUPLICATE_DOCUMENT" in _codes(out, "a_甲")


def test_only_the_rules_batchrun_knows_read_the_reuse_hits():
    """batchrun judges an applicant again when the findings of REUSE_RULES change; a new rule that
    reads Case.duplicates must be added there."""
    import re

    from tests.conftest import ROOT

    readers = set()
    for path in (ROOT / "validators").rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        for match in re.finditer(r"@rule\(\"([^\"]+)\"\)(.*?)(?=@rule\(|\Z)", text, flags=re.S):
            if re.search(r"\.duplicates\b", match.group(2)):
                readers.add(match.group(1))
    assert readers == set(batchrun.REUSE_RULES)


def test_a_run_keeps_no_applicants_reading_or_report_once_written(tmp_path, index, monkeypatch):
    """Memory flat over a long batch (issue 17, bench/soak.py): after each applicant is written the
    run holds neither what was read (Collected) nor the Report; an earlier applicant judged again
    because a later one reused its document is read again (OCR cache hits in a real run)."""
    import gc
    import weakref

    class Tracking(Reader):
        def __init__(self) -> None:
            super().__init__()
            self.refs: list[weakref.ref] = []
            self.alive: list[int] = []  # earlier readings still held when the next is read

        def __call__(self, *args, **kwargs) -> Collected:
            gc.collect()
            self.alive.append(sum(r() is not None for r in self.refs))
            collected = super().__call__(*args, **kwargs)
            self.refs.append(weakref.ref(collected))
            return collected

    batch = _batch(tmp_path, {"a_甲": {"学历.pdf": b"same"}, "b_乙": {"x.pdf": b"b"}, "c_丙": {"学历副本.pdf": b"same"}})
    out = tmp_path / "out"
    reader = Tracking()
    result = _run(batch, out, index, reader, monkeypatch)
    assert result.rejudged == ["a_甲"] and reader.read == ["a_甲", "b_乙", "c_丙", "a_甲"]
    assert "DUPLICATE_DOCUMENT" in _codes(out, "a_甲") and "DUPLICATE_DOCUMENT" in _codes(out, "c_丙")
    assert reader.alive == [0, 0, 0, 0]
    assert set(result.verdicts) == {"a_甲", "b_乙", "c_丙"} and not hasattr(result, "reports")


def test_summary_rewrites_take_at_most_their_share_of_a_long_batch() -> None:
    """issue 17's soak: summary.xlsx of 510 rows took 1.4 s to rewrite, every 5 s: a long batch spent
    a growing share of its time rewriting it. The wait grows with the last rewrite's cost."""
    from preaudit.pipeline.batchrun import summary_wait
    from preaudit.pipeline.ops.opsconfig import operations

    ops = operations()
    assert summary_wait(0.0) == ops.summary_every_s  # a small OUT: the configured cadence
    for cost in (1.4, 2.8, 10.0):
        wait = summary_wait(cost)
        assert wait >= ops.summary_every_s
        assert cost / (cost + wait) <= ops.summary_max_share + 1e-9
    assert summary_wait(10.0) > summary_wait(2.8) > ops.summary_every_s
