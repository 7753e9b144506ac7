"""The inbox watcher's bookkeeping (flows/watch.py), without Prefect or OCR."""

from __future__ import annotations

from flows.watch import changed_folders, folder_signature, is_temporary, pending_uploads, upload_event


def test_temporary_names_never_count_as_uploads():
    for name in ("a.jpg.part", "a.pdf.tmp", ".a.jpg", "~$a.pdf", "a.jpg.crdownload", "a.pdf~"):
        assert is_temporary(name), name
    assert not is_temporary("身份证正面.jpg")


def test_changes_map_to_first_level_folders(tmp_path):
    (tmp_path / "张三" / "scans").mkdir(parents=True)
    (tmp_path / "李四").mkdir()
    paths = [tmp_path / "张三" / "scans" / "a.jpg", tmp_path / "张三" / "b.pdf.part", tmp_path / "stray.pdf"]
    assert changed_folders(tmp_path, paths) == {"张三"}
    # a new folder counts by itself: files written into it before the OS watch reached it raise no event
    assert changed_folders(tmp_path, [tmp_path / "李四"]) == {"李四"}
    # a new manifest concerns every applicant
    assert changed_folders(tmp_path, [tmp_path / "applicants.csv"]) == {"张三", "李四"}


def test_a_folder_with_an_upload_in_progress_is_pending_and_renaming_changes_its_signature(tmp_path):
    (tmp_path / "a.jpg.part").write_bytes(b"x")
    before = folder_signature(tmp_path)
    assert pending_uploads(tmp_path) == ["a.jpg.part"]
    (tmp_path / "a.jpg.part").rename(tmp_path / "a.jpg")
    assert pending_uploads(tmp_path) == [] and folder_signature(tmp_path) != before


def test_upload_event_is_what_the_served_trigger_expects(tmp_path):
    event = upload_event(tmp_path, "张三")
    assert event["event"] == "preaudit.upload"
    assert event["resource"]["prefect.resource.id"] == "preaudit.applicant.张三"
    assert event["payload"] == {"inbox": str(tmp_path.resolve()), "folder": "张三"}
