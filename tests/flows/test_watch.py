"""The inbox watcher's bookkeeping (flows/watch.py), without Prefect or OCR."""

from __future__ import annotations

from preaudit.flows.watch import changed_folders, folder_signature, is_temporary, pending_uploads, upload_event


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


# --------------------------------------------------------------------------- nothing lost

import threading  # noqa: E402
import time  # noqa: E402

from preaudit.flows.watch import upload_key, watch_inbox  # noqa: E402


def _watch(inbox, handle, journal, **kw):
    """Start the watcher in a thread; returns (stop, thread) once the OS watch is on."""
    ready, stop = threading.Event(), threading.Event()
    thread = threading.Thread(target=watch_inbox, args=(inbox, handle),
                              kwargs={"stop_event": stop, "debounce_ms": 100, "on_ready": ready.set, "journal": journal, **kw},
                              daemon=True)
    thread.start()
    assert ready.wait(30)
    return stop, thread


def _until(condition, seconds=60.0):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline and not condition():
        time.sleep(0.05)
    return condition()


def test_a_failed_hand_off_is_retried_and_only_then_marked_handled(tmp_path):
    inbox, journal = tmp_path / "inbox", tmp_path / "state" / "watch"
    (inbox / "张三").mkdir(parents=True)
    (inbox / "张三" / "a.pdf").write_bytes(b"a")
    calls: list[str] = []

    def flaky(folder: str) -> None:  # the server is down twice
        calls.append(folder)
        if len(calls) <= 2:
            raise ConnectionError("server down")

    stop, thread = _watch(inbox, flaky, journal, retry_first_s=0.05, retry_factor=2, retry_max_s=0.2)
    try:
        assert _until(lambda: len(calls) >= 3)
    finally:
        stop.set()
        thread.join(10)
    assert calls[:3] == ["张三"] * 3
    assert len(list(journal.glob("*.json"))) == 1  # handled once the hand-off went through

    # a restart hands off nothing already handled
    again: list[str] = []
    stop, thread = _watch(inbox, again.append, journal)
    try:
        time.sleep(1.0)  # a few watch cycles: nothing to do (an absence, so no deadline helps)
    finally:
        stop.set()
        thread.join(10)
    assert again == []


def test_a_restart_picks_up_what_arrived_or_changed_while_the_watcher_was_down(tmp_path):
    inbox, journal = tmp_path / "inbox", tmp_path / "state" / "watch"
    for name in ("张三", "李四"):
        (inbox / name).mkdir(parents=True)
        (inbox / name / "a.pdf").write_bytes(name.encode())
    first: list[str] = []
    stop, thread = _watch(inbox, first.append, journal)
    try:
        assert _until(lambda: sorted(first) == ["张三", "李四"])  # the scan at start
    finally:
        stop.set()
        thread.join(10)
    # while down: 李四 gets a file, 王五 arrives, an upload to 赵六 is still in progress
    (inbox / "李四" / "b.pdf").write_bytes(b"b")
    (inbox / "王五").mkdir()
    (inbox / "王五" / "c.pdf").write_bytes(b"c")
    (inbox / "赵六").mkdir()
    (inbox / "赵六" / "d.pdf.part").write_bytes(b"d")
    second: list[str] = []
    stop, thread = _watch(inbox, second.append, journal)
    try:
        assert _until(lambda: sorted(second) == ["李四", "王五"])
        (inbox / "赵六" / "d.pdf.part").rename(inbox / "赵六" / "d.pdf")
        assert _until(lambda: "赵六" in second)
    finally:
        stop.set()
        thread.join(10)
    assert sorted(second) == ["李四", "王五", "赵六"]


def test_uploads_are_named_by_their_masked_key_outside_the_process(tmp_path):
    folder = "张三_530102199001011238"
    event = upload_event(tmp_path, folder)
    text = str(event)
    assert "530102199001011238" not in text and upload_key(folder) == "张三_530102________1238"
    assert event["payload"]["folder"] == upload_key(folder)


def test_an_upload_named_by_its_key_is_found(tmp_path):
    from preaudit.flows.watch import find_applicant

    folder = tmp_path / "张三_530102199001011238"
    folder.mkdir()
    (folder / "a.pdf").write_bytes(b"%PDF-1.4")
    (tmp_path / "李四").mkdir()
    (tmp_path / "李四" / "b.pdf").write_bytes(b"%PDF-1.4")
    found = find_applicant(tmp_path, upload_key(folder.name))
    assert found is not None and found.folder.resolve() == folder.resolve()
    assert find_applicant(tmp_path, folder.name).folder.resolve() == folder.resolve()
    assert find_applicant(tmp_path, "nobody") is None
