"""A guard that fails any network socket: only local (AF_UNIX) sockets, which multiprocessing and a
display connection use, may be made. `install()` patches the socket module in this process."""

from __future__ import annotations

import socket

NETWORK_MODULES = (
    "PySide6.QtNetwork",
    "PySide6.QtWebEngineCore",
    "PySide6.QtWebEngineWidgets",
    "PySide6.QtWebEngine",
    "urllib.request",
    "http.client",
    "requests",
    "ftplib",
    "smtplib",
)
ATTEMPTS: list[str] = []


class NetworkUsed(AssertionError):
    pass


def _refuse(what: str):
    ATTEMPTS.append(what)
    raise NetworkUsed(f"a network connection was attempted: {what}")


def install(setattr=setattr) -> None:
    """Patch the socket module; pass pytest's `monkeypatch.setattr` to have it undone."""
    original = socket.socket
    if getattr(original, "_guarded", False):
        return
    local = getattr(socket, "AF_UNIX", None)

    class GuardedSocket(original):
        _guarded = True

        def __init__(self, family=-1, type=-1, proto=-1, fileno=None):
            chosen = socket.AF_INET if family == -1 else family
            if fileno is None and chosen != local:
                _refuse(f"socket(family={chosen})")
            super().__init__(family, type, proto, fileno)
            if fileno is not None and self.family != local:
                _refuse(f"socket from fd (family={self.family})")

        def connect(self, address):
            if self.family != local:
                _refuse(f"connect({address!r})")
            return super().connect(address)

        def connect_ex(self, address):
            if self.family != local:
                _refuse(f"connect_ex({address!r})")
            return super().connect_ex(address)

    setattr(socket, "socket", GuardedSocket)
    setattr(socket, "create_connection", lambda addr, *a, **k: _refuse(f"connect to {addr!r}"))
    setattr(socket, "getaddrinfo", lambda host, *a, **k: _refuse(f"getaddrinfo({host!r})"))


def loaded_network_modules(modules) -> list[str]:
    return sorted(m for m in modules if m in NETWORK_MODULES or m.startswith("PySide6.QtWebEngine"))
