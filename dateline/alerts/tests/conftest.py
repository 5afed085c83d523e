"""A push service of our own on 127.0.0.1, and a browser's keys to read what it gets."""

import base64
import os
import threading
from dataclasses import dataclass, field
from email.message import Message
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec


@pytest.fixture(autouse=True)
def _alerts_settings(settings, tmp_path):
    settings.DATELINE_VAPID_KEY = str(tmp_path / "keys" / "vapid-private.pem")
    settings.DATELINE_VAPID_SUBJECT = ""
    settings.DATELINE_ALERTS_LOCAL_ENDPOINTS = True
    settings.DATELINE_ALERTS_IN_BACKGROUND = False


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


@dataclass
class Browser:
    """What a browser keeps for one subscription: its P-256 key and auth secret."""

    private_key: ec.EllipticCurvePrivateKey = field(
        default_factory=lambda: ec.generate_private_key(ec.SECP256R1())
    )
    auth: bytes = field(default_factory=lambda: os.urandom(16))

    @property
    def p256dh(self) -> str:
        return b64url(
            self.private_key.public_key().public_bytes(
                serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint
            )
        )

    def subscription(self, endpoint: str) -> dict:
        return {"endpoint": endpoint, "keys": {"p256dh": self.p256dh, "auth": b64url(self.auth)}}


@pytest.fixture
def browser_keys():
    return Browser


@dataclass
class Received:
    path: str
    headers: Message  # case-insensitive, as sent
    body: bytes


class PushService:
    """Answers POST /<status>/<name> with <status>, keeping every request."""

    def __init__(self):
        self.received: list[Received] = []
        service = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length)
                service.received.append(Received(self.path, self.headers, body))
                status = int(self.path.strip("/").split("/")[0])
                self.send_response(status)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.origin = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def endpoint(self, status: int = 201, name: str = "reader") -> str:
        return f"{self.origin}/{status}/{name}"

    def close(self):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def push_service():
    service = PushService()
    yield service
    service.close()
