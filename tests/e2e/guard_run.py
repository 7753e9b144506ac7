"""Run `preaudit` with every outbound connection and DNS lookup refused and recorded.

Used by test_offline.py in a fresh process, so that model loading is covered too. Attempts are
written, one per line, to the file named by PREAUDIT_NET_LOG; loopback and Unix sockets pass
(ONNX Runtime and Python itself may use them).
"""

import os
import socket
import sys

_LOG = os.environ["PREAUDIT_NET_LOG"]
_LOOPBACK = ("127.", "::1", "localhost")


def _record(what: str) -> None:
    with open(_LOG, "a", encoding="utf-8") as fh:
        fh.write(what + "\n")


def _is_local(address) -> bool:
    if isinstance(address, (str, bytes)):
        return True  # AF_UNIX path
    host = str(address[0]) if address else ""
    return host.startswith(_LOOPBACK)


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
    if host is not None and not str(host).startswith(_LOOPBACK):
        _record(f"getaddrinfo {host!r}")
        raise socket.gaierror("network disabled by test guard")
    return _getaddrinfo(host, *args, **kwargs)


socket.socket.connect = connect
socket.socket.connect_ex = connect_ex
socket.getaddrinfo = getaddrinfo

from pipeline.cli import main  # noqa: E402 - the guard must be in place before any import

sys.exit(main(sys.argv[1:]))
