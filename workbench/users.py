"""Reviewer accounts: a local users file in the state directory, passwords hashed with scrypt.

STATE/review/users.json (owner-only) holds, for each name, the role (单位审核 | 主管部门复核) and the
scrypt parameters, salt and digest; one reviewer list serves every OUT on the machine. Beside it,
STATE/review/secrets/<OUT's hash>.key holds the key that signs that OUT's session cookies,
generated once per OUT.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import os
import secrets
import unicodedata
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from preaudit.pipeline.ops.statedir import default_state_dir, private_dir
from preaudit.pipeline.report.outdir import write_private_text

ROLES = ("单位审核", "主管部门复核")
USERS_SCHEMA = "preaudit.review-users/1"
# scrypt with N=2^14, r=8, p=1 (16 MiB, tens of milliseconds): the interactive-login figures of
# RFC 7914 §2 / OWASP's minimum. Stored with each hash, so raising them later keeps old hashes valid.
SCRYPT = {"n": 2**14, "r": 8, "p": 1, "dklen": 32}
MIN_PASSWORD = 8


class UserError(ValueError):
    """A name, role or password the users file refuses."""


@dataclass(frozen=True)
class User:
    name: str
    role: str


def review_dir(state_dir: Path | None = None) -> Path:
    return private_dir(Path(state_dir or default_state_dir()) / "review")


def users_path(state_dir: Path | None = None) -> Path:
    return review_dir(state_dir) / "users.json"


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def hash_password(password: str, *, salt: bytes | None = None, params: dict[str, int] | None = None) -> dict[str, Any]:
    """The scrypt record of `password`: parameters, a random 16-byte salt and the digest."""
    p = dict(params or SCRYPT)
    salt = salt if salt is not None else secrets.token_bytes(16)
    key = hashlib.scrypt(password.encode("utf-8"), salt=salt, n=p["n"], r=p["r"], p=p["p"], dklen=p["dklen"],
                         maxmem=256 * p["n"] * p["r"] + 1024 * 1024)
    return {"algorithm": "scrypt", **p, "salt": _b64(salt), "hash": _b64(key)}


def check_password(password: str, record: dict[str, Any]) -> bool:
    try:
        salt = base64.b64decode(record["salt"])
        params = {k: int(record[k]) for k in ("n", "r", "p", "dklen")}
        expected = base64.b64decode(record["hash"])
    except (KeyError, ValueError, TypeError):
        return False
    got = base64.b64decode(hash_password(password, salt=salt, params=params)["hash"])
    return hmac.compare_digest(got, expected)


def load_users(state_dir: Path | None = None) -> dict[str, dict[str, Any]]:
    path = users_path(state_dir)
    if not path.is_file():
        return {}
    data = json.loads(path.read_text(encoding="utf-8"))
    return dict(data.get("users") or {})


def _clean_name(name: str) -> str:
    name = unicodedata.normalize("NFC", name).strip()
    if not name or len(name) > 64 or any(unicodedata.category(c).startswith("C") for c in name):
        raise UserError("用户名须为1至64个可见字符")
    return name


def add_user(name: str, role: str, password: str, state_dir: Path | None = None, *, replace: bool = False) -> User:
    """Add (or with `replace`, reset) a reviewer.

    Raises:
        UserError: an empty or odd name, an unknown role, a password under 8 characters, a name taken.
    """
    name = _clean_name(name)
    if role not in ROLES:
        raise UserError(f"角色须为{'或'.join(ROLES)}")
    if len(password) < MIN_PASSWORD:
        raise UserError(f"密码至少{MIN_PASSWORD}个字符")
    users = load_users(state_dir)
    if name in users and not replace:
        raise UserError(f"用户“{name}”已存在")
    users[name] = {"role": role, "password": hash_password(password),
                   "created": datetime.now(timezone.utc).isoformat(timespec="seconds")}
    text = json.dumps({"schema": USERS_SCHEMA, "users": users}, ensure_ascii=False, indent=2)
    write_private_text(users_path(state_dir), text)
    return User(name, role)


def authenticate(name: str, password: str, state_dir: Path | None = None) -> User | None:
    """The user when the password is theirs, else None (an unknown name costs the same scrypt)."""
    record = load_users(state_dir).get(unicodedata.normalize("NFC", name).strip())
    if record is None:
        check_password(password, hash_password("x" * MIN_PASSWORD))
        return None
    if not check_password(password, record.get("password") or {}):
        return None
    return User(unicodedata.normalize("NFC", name).strip(), record.get("role", ""))


def session_secret(out: Path, state_dir: Path | None = None) -> bytes:
    """The key that signs OUT's session cookies: made once (32 random bytes), then read back."""
    tag = hashlib.sha256(str(Path(out).resolve()).encode("utf-8")).hexdigest()[:24]
    path = private_dir(review_dir(state_dir) / "secrets") / f"{tag}.key"
    if not path.is_file():
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            pass
        else:
            with os.fdopen(fd, "w", encoding="ascii") as fh:
                fh.write(secrets.token_hex(32))
    return bytes.fromhex(path.read_text(encoding="ascii").strip())
