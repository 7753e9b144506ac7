"""Reviewer accounts (workbench/users.py and `preaudit review-user add`): scrypt hashes with their
parameters and a random salt, roles, owner-only files."""

from __future__ import annotations

import io
import json
import stat

import pytest

from preaudit.pipeline.cli import main
from preaudit.workbench.users import SCRYPT, UserError, add_user, authenticate, session_secret, users_path


def test_passwords_are_scrypt_hashes_with_salt_and_parameters(tmp_path):
    add_user("甲", "单位审核", "password-1", tmp_path)
    add_user("乙", "主管部门复核", "password-1", tmp_path)
    text = users_path(tmp_path).read_text(encoding="utf-8")
    assert "password-1" not in text
    users = json.loads(text)["users"]
    a, b = users["甲"]["password"], users["乙"]["password"]
    assert a["algorithm"] == "scrypt" and a["n"] == SCRYPT["n"] and a["r"] == SCRYPT["r"] and a["p"] == SCRYPT["p"]
    assert a["salt"] != b["salt"] and a["hash"] != b["hash"]
    assert stat.S_IMODE(users_path(tmp_path).stat().st_mode) == 0o600


def test_authenticate(tmp_path):
    add_user("甲", "单位审核", "password-1", tmp_path)
    user = authenticate("甲", "password-1", tmp_path)
    assert user is not None and user.role == "单位审核"
    assert authenticate("甲", "password-2", tmp_path) is None
    assert authenticate("丙", "password-1", tmp_path) is None


def test_bad_roles_names_and_short_passwords_are_refused(tmp_path):
    with pytest.raises(UserError):
        add_user("甲", "管理员", "password-1", tmp_path)
    with pytest.raises(UserError):
        add_user("甲", "单位审核", "short", tmp_path)
    with pytest.raises(UserError):
        add_user(" ", "单位审核", "password-1", tmp_path)
    add_user("甲", "单位审核", "password-1", tmp_path)
    with pytest.raises(UserError):
        add_user("甲", "单位审核", "password-2", tmp_path)


def test_the_cookie_key_is_made_once_per_out(tmp_path):
    a = session_secret(tmp_path / "out1", tmp_path / "state")
    assert session_secret(tmp_path / "out1", tmp_path / "state") == a
    assert session_secret(tmp_path / "out2", tmp_path / "state") != a and len(a) == 32


def test_review_user_add_on_the_command_line(tmp_path, monkeypatch, capsys):
    state = tmp_path / "state"
    monkeypatch.setattr("sys.stdin", io.StringIO("a-long-password\n"))
    assert main(["review-user", "add", "李审核", "--role", "单位审核", "--password-stdin", "--state-dir", str(state)]) == 0
    assert authenticate("李审核", "a-long-password", state).role == "单位审核"
    monkeypatch.setattr("sys.stdin", io.StringIO("another-password\n"))
    assert main(["review-user", "add", "李审核", "--role", "单位审核", "--password-stdin", "--state-dir", str(state)]) == 2
    assert "已存在" in capsys.readouterr().err
    with pytest.raises(SystemExit) as exc:
        main(["review-user", "add", "x", "--role", "管理员", "--password-stdin", "--state-dir", str(state)])
    assert exc.value.code == 2
