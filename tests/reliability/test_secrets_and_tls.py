"""Secrets and transport: the device token lives in the OS keyring only, whatever the POS
did (enrol, sell, sync, fail, log a crash at DEBUG level); TLS certificates are verified,
and plain http is refused except to this PC."""

from __future__ import annotations

import datetime as dt
import logging
import ssl
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID
from pos_harness import MILK
from servers import ServerProcess

from pos_app.domain.clock import system_clock
from pos_app.domain.errors import UserFacingError
from pos_app.logging_setup import setup_logging
from pos_app.services.checkout import open_checkout
from pos_app.services.demo import seed_demo
from pos_app.services.enrolment import enrol_device
from pos_app.store.database import connect
from pos_app.sync.client import SyncClient, check_server_url
from pos_app.sync.credentials import SERVICE, KeyringCredentialStore, account_name
from pos_app.sync.engine import SyncEngine, default_client_factory
from pos_app.sync.errors import NetworkError
from pos_app.ui import error_hook


def test_the_token_is_nowhere_but_the_keyring_after_a_full_run(
    sqlite_server: ServerProcess, memory_keyring, tmp_path: Path
) -> None:
    data_dir = tmp_path / "pos"
    log_file = setup_logging(data_dir)
    root = logging.getLogger()
    level = root.level
    root.setLevel(logging.DEBUG)  # everything requests, urllib3 and we log, to the file
    try:
        conn = connect(data_dir / "pos.sqlite3")
        seed_demo(conn, system_clock)
        credentials = KeyringCredentialStore()
        enrolment = enrol_device(
            conn,
            credentials,
            default_client_factory(),
            system_clock,
            server_url=sqlite_server.url,
            merchant_id=sqlite_server.seed["merchant_id"],
            enrolment_code=sqlite_server.seed["enrolment_code"],
            device_name="till",
        )
        engine = SyncEngine(data_dir / "pos.sqlite3", credentials, system_clock)
        checkout = open_checkout(conn, system_clock)
        session_code = SyncClient(sqlite_server.url)._session.post(
            f"{sqlite_server.url}/v1/wallets/1000000042/codes", json={"offline_limit": 50_000}
        )
        checkout.handle_scan(MILK)
        checkout.handle_scan(session_code.json()["text"])
        while engine.push_once().remaining:
            pass
        engine.pull_once()
        # A crash inside the client, logged with its traceback the way the counter's
        # exception hook logs one (pos_app.ui.error_hook: "unexpected error", exc_info).
        try:
            engine._client(enrolment).push(enrolment.device_id, [])
        except ValueError as crash:
            logging.getLogger(error_hook.__name__).error("unexpected error", exc_info=crash)
        engine.close()
        conn.close()
        backup_dir = data_dir / "backups"
        from pos_app.store.backup import make_backup

        make_backup(data_dir / "pos.sqlite3", backup_dir, system_clock(), "manual")
    finally:
        root.setLevel(level)
        for handler in list(root.handlers):
            if getattr(handler, "baseFilename", None) == str(log_file):
                root.removeHandler(handler)
                handler.close()
    token = memory_keyring.passwords[
        (SERVICE, account_name(sqlite_server.url, enrolment.device_id))
    ]
    assert log_file.stat().st_size > 0  # the run did log
    searched = 0
    for path in [*data_dir.rglob("*"), *(tmp_path / "s").rglob("*")]:
        if path.is_file():
            searched += 1
            assert token.encode() not in path.read_bytes(), f"the token leaked into {path}"
    assert searched >= 4  # database, its backup, the log, the server's files


# ----- TLS -------------------------------------------------------------------------------


def self_signed(folder: Path) -> tuple[Path, Path]:
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "localhost")])
    now = dt.datetime.now(dt.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(minutes=1))
        .not_valid_after(now + dt.timedelta(days=1))
        .add_extension(x509.SubjectAlternativeName([x509.DNSName("localhost")]), critical=False)
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )
    cert_path, key_path = folder / "cert.pem", folder / "key.pem"
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    return cert_path, key_path


class Health(BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        body = b'{"status": "ok", "time": "2026-12-04T00:00:00.000Z"}'
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def tls_server(tmp_path: Path) -> Iterator[tuple[str, Path]]:
    cert, key = self_signed(tmp_path)
    server = ThreadingHTTPServer(("127.0.0.1", 0), Health)
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key)
    server.socket = context.wrap_socket(server.socket, server_side=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"https://localhost:{server.server_address[1]}", cert
    server.shutdown()
    server.server_close()


def test_an_untrusted_certificate_is_refused_and_a_given_ca_is_trusted(
    tls_server, monkeypatch: pytest.MonkeyPatch
) -> None:
    url, cert = tls_server
    # A machine-wide bundle in the environment must not override the merchant's choice.
    monkeypatch.setenv("REQUESTS_CA_BUNDLE", "/etc/ssl/certs/ca-certificates.crt")
    with pytest.raises(NetworkError):  # verification is on by default
        SyncClient(url).health()
    assert SyncClient(url, ca_bundle=str(cert)).health().year == 2026


@pytest.mark.parametrize(
    "url", ["http://pay.cheongju.example", "http://10.0.0.5:8700", "http://192.168.0.10"]
)
def test_plain_http_to_another_machine_is_refused(url: str) -> None:
    with pytest.raises(UserFacingError) as refused:
        check_server_url(url)
    assert refused.value.key == "sync.insecure_url"
    assert check_server_url("http://127.0.0.1:8700") == "http://127.0.0.1:8700"  # this PC
