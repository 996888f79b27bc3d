"""``cjpay-pos``: run the counter app, or a support command.

cjpay-pos [--demo] [--data-dir DIR] [--lang ko|en]
cjpay-pos inspect TEXT [--keys FILE] [--at UNIX_SECONDS]
cjpay-pos verify-journal
cjpay-pos --self-test | doctor | backup | restore [BACKUP] [--yes]
(every command also takes --data-dir DIR after its name)
"""

from __future__ import annotations

import argparse
import json
import os
import sqlite3
import sys
import time
from pathlib import Path

from pos_app.config import database_path, resolve_data_dir
from pos_app.domain.errors import ErrorKey, Localized, UserFacingError
from pos_app.domain.payment_code import KeySet

#: Why a --keys file cannot be used, E915's {reason}.
_KEYS_FILE_PROBLEMS = {
    "unreadable": Localized("파일을 열 수 없음", "the file cannot be opened"),
    "not_json": Localized("UTF-8 JSON 파일이 아님", "not a UTF-8 JSON file"),
    "wrong_shape": Localized("발급사 키 목록이 아님", "not a list of issuer keys"),
}


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="cjpay-pos", description="청주페이 가맹점 POS")
    parser.add_argument("--demo", action="store_true", help="training mode with a demo merchant")
    parser.add_argument("--data-dir", help="where the data file lives (or $CJPAY_POS_DATA_DIR)")
    parser.add_argument("--lang", choices=("ko", "en"), help="user interface language")
    parser.add_argument(
        "--ca-bundle", help="CA certificates (PEM) to trust for the central server's TLS"
    )
    parser.add_argument(
        "--self-test",
        action="store_true",
        help="check this installation offscreen (database, window, decoders, plugins); exit 0/1",
    )
    # Every command takes --data-dir after its name too (the help desk types it where it
    # reads naturally): one shared option, so no command can be left out. SUPPRESS: given
    # only before the command, the top-level value stands.
    after = argparse.ArgumentParser(add_help=False)
    after.add_argument("--data-dir", default=argparse.SUPPRESS, help="where the data file lives")
    commands = parser.add_subparsers(dest="command")

    def command(name: str, summary: str) -> argparse.ArgumentParser:
        return commands.add_parser(name, help=summary, parents=[after])

    command("doctor", "점검: what is wrong with this PC's POS, in Korean")
    command("backup", "make a checked backup of the data file now")
    restore = command(
        "restore",
        "put a backup (or a file in replaced/) in place of the data file"
        " (the old one is kept aside)",
    )
    restore.add_argument(
        "backup", nargs="?", help="a backup's file name or path (default: newest good)"
    )
    restore.add_argument("--yes", action="store_true", help="do not ask for confirmation")
    inspect = command(
        "inspect", "say what a scanned text is, as JSON (payment code, barcode, merchant QR)"
    )
    inspect.add_argument("text")
    inspect.add_argument("--keys", type=Path, help="issuer keys JSON (the test vectors' format)")
    inspect.add_argument("--at", type=int, help="check at this Unix time (default: now)")
    command("verify-journal", "check the journal's hash chain")
    decode = command(
        "decode-image", "decode image files through the camera's decoder path (JSON lines)"
    )
    decode.add_argument("files", nargs="+", type=Path)
    decode.add_argument("--decoder", default="zxing", help="zxing (default) or pyzbar")
    return parser


def _open_read_only(path: Path) -> sqlite3.Connection | None:
    if not path.exists():
        return None
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    conn.row_factory = sqlite3.Row
    return conn


def _app_keys(args: argparse.Namespace) -> KeySet:
    conn = _open_read_only(database_path(resolve_data_dir(args.data_dir), args.demo))
    if conn is None:
        return KeySet([])
    try:
        from pos_app.store.settings import load_keys

        return load_keys(conn)
    except sqlite3.Error:
        return KeySet([])
    finally:
        conn.close()


def _key_file(path: Path) -> KeySet:
    """The keys of a --keys file; ``UserFacingError`` (E915) saying why it cannot be used."""

    def refused(reason: str) -> UserFacingError:
        return UserFacingError(
            ErrorKey.INSPECT_BAD_KEYS, reason=_KEYS_FILE_PROBLEMS[reason], path=str(path)
        )

    try:
        text = path.read_text(encoding="utf-8")
    except OSError:
        raise refused("unreadable") from None
    except UnicodeDecodeError:
        raise refused("not_json") from None
    try:
        document = json.loads(text)
    except (ValueError, RecursionError):
        raise refused("not_json") from None
    try:
        return KeySet.from_json(document)
    except (ValueError, TypeError, KeyError):
        raise refused("wrong_shape") from None


def _inspect(args: argparse.Namespace) -> int:
    from pos_app.services.inspect_scan import inspect_scan

    if args.keys:
        try:
            keys = _key_file(args.keys)
        except UserFacingError as error:
            # The same JSON shape as a report, so a script reading it needs no second parser.
            report = {"keys": str(args.keys), "result": "bad_keys", "code": error.code}
            print(json.dumps({**report, "message": error.message("ko")}, ensure_ascii=False))
            return 2
    else:
        keys = _app_keys(args)
    at = args.at if args.at is not None else int(time.time())
    report = inspect_scan(args.text, keys, at)
    print(json.dumps(report, ensure_ascii=False))
    return 0 if report["result"] == "ok" else 1


def _verify_journal(args: argparse.Namespace) -> int:
    from pos_app.store.journal import journal_head, verify_journal

    path = database_path(resolve_data_dir(args.data_dir), args.demo)
    conn = _open_read_only(path)
    if conn is None:
        print(json.dumps({"file": str(path), "result": "missing"}))
        return 2
    broken = verify_journal(conn)
    last_seq, _ = journal_head(conn)
    result = {"file": str(path), "events": last_seq, "first_broken_seq": broken}
    print(json.dumps({**result, "result": "ok" if broken is None else "broken"}))
    return 0 if broken is None else 1


def _decode_images(args: argparse.Namespace) -> int:
    from pos_app.scanning.decoders import DecoderUnavailable, decode_image_file, make_decoder

    try:
        decoder = make_decoder(args.decoder)
    except (DecoderUnavailable, ValueError) as error:
        print(json.dumps({"decoder": args.decoder, "reason": str(error)}, ensure_ascii=False))
        return 2
    found_all = True
    for path in args.files:
        result = decode_image_file(path, decoder)
        found_all = found_all and result.get("text") is not None
        print(json.dumps(result, ensure_ascii=False))
    return 0 if found_all else 1


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["central-server"]:
        # The frozen app carries the reference server (training mode starts it this way).
        from central_server.cli import main as central_main

        return central_main(argv[1:])
    args = _parser().parse_args(argv)
    if args.self_test:
        from pos_app.support.self_test import run_self_test

        return run_self_test(resolve_data_dir(args.data_dir))
    if args.command in ("doctor", "backup", "restore"):
        from pos_app.support import maintenance

        return maintenance.run(
            args.command, args, database_path(resolve_data_dir(args.data_dir), args.demo)
        )
    if args.command == "decode-image":
        return _decode_images(args)
    if args.command == "inspect":
        return _inspect(args)
    if args.command == "verify-journal":
        return _verify_journal(args)
    # QtMultimedia lists every optional codec library it did not find (VA-API, PipeWire):
    # noise in a shop's terminal, not a problem. Our own camera problems are logged apart.
    os.environ.setdefault("QT_LOGGING_RULES", "qt.multimedia.symbolsresolver*=false")
    from pos_app.ui.app import LaunchOptions, run_gui

    options = LaunchOptions(
        data_dir=resolve_data_dir(args.data_dir),
        demo=args.demo,
        language=args.lang,
        ca_bundle=args.ca_bundle,
    )
    return run_gui(options)


if __name__ == "__main__":
    sys.exit(main())
