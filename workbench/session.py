"""Signed session cookies and CSRF tokens, with the standard library only (HMAC-SHA256).

The cookie holds the user, role, a CSRF token and when it was issued, signed with OUT's key
(users.session_secret). Every POST form carries the token; a POST whose token is not the session's
is refused.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import secrets
import time
from dataclasses import dataclass
from typing import Any

COOKIE = "preaudit_review"
MAX_AGE = 12 * 3600  # a working day; then log in again


@dataclass(frozen=True)
class Session:
    user: str
    role: str
    csrf: str
    issued: int


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).decode("ascii").rstrip("=")


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def _sign(secret: bytes, body: str) -> str:
    return _b64(hmac.new(secret, body.encode("ascii"), hashlib.sha256).digest())


def new_session(user: str, role: str) -> Session:
    return Session(user, role, secrets.token_urlsafe(32), int(time.time()))


def dump(secret: bytes, session: Session) -> str:
    body = _b64(json.dumps({"u": session.user, "r": session.role, "c": session.csrf, "t": session.issued},
                           ensure_ascii=False).encode("utf-8"))
    return f"{body}.{_sign(secret, body)}"


def load(secret: bytes, cookie: str | None) -> Session | None:
    """The session in a cookie whose signature holds and that is not older than MAX_AGE, else None."""
    if not cookie or "." not in cookie:
        return None
    body, sig = cookie.rsplit(".", 1)
    try:
        expected = _sign(secret, body)  # a body that is not ASCII raises UnicodeEncodeError: refused
        if not hmac.compare_digest(sig.encode("utf-8"), expected.encode("ascii")):
            return None
        data: dict[str, Any] = json.loads(_unb64(body))
        session = Session(str(data["u"]), str(data["r"]), str(data["c"]), int(data["t"]))
    except (ValueError, KeyError, TypeError, UnicodeError):
        return None
    if not 0 <= time.time() - session.issued <= MAX_AGE:
        return None
    return session


def csrf_ok(session: Session | None, token: str | None) -> bool:
    if session is None or not token:
        return False
    return hmac.compare_digest(session.csrf.encode("utf-8"), str(token).encode("utf-8"))
