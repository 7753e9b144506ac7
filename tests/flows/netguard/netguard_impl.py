"""Socket guard: non-loopback connects and lookups are refused and appended to $PREAUDIT_NET_LOG."""

import os
import socket

_LOOPBACK = ("127.", "::1", "localhost", "0.0.0.0")


def _record(what: str) -> None:
    with open(os.environ["PREAUDIT_NET_LOG"], "a", encoding="utf-8") as fh:
        fh.write(f"pid {os.getpid()}: {what}\n")


def _is_local(address) -> bool:
    if isinstance(address, (str, bytes)):
        return True  # AF_UNIX path
    host = str(address[0]) if address else ""
    return host.startswith(_LOOPBACK) or host == ""


_connect = socket.socket.connect
_connect_ex = socket.socket.connect_ex
_getaddrinfo = socket.getaddrinfo


def connect(self, address):
    if not _is_local(address):
        _record(f"connect {address!r}")
        raise OSError("network disabled by test guard")
    return _connect(self, address)


def connect_ex(self, address):
    if not _is_local(address):
        _record(f"connect_ex {address!r}")
        return 111
    return _connect_ex(self, address)


def getaddrinfo(host, *args, **kwargs):
    if host is not None and not str(host).startswith(_LOOPBACK) and host not in ("", b""):
        _record(f"getaddrinfo {host!r}")
        raise socket.gaierror("network disabled by test guard")
    return _getaddrinfo(host, *args, **kwargs)


def install() -> None:
    socket.socket.connect = connect
    socket.socket.connect_ex = connect_ex
    socket.getaddrinfo = getaddrinfo


def uninstall() -> None:
    socket.socket.connect = _connect
    socket.socket.connect_ex = _connect_ex
    socket.getaddrinfo = _getaddrinfo


install()
