"""``cjpay-central``: run and administer the reference central server.

Every command takes ``--database-url`` (before or after the command name);
the default is ``$CJPAY_CENTRAL_DATABASE_URL`` or a SQLite file in the user
data directory. PostgreSQL: ``postgresql+psycopg://user@host/db`` (install the
``postgres`` extra).
"""

from __future__ import annotations

import argparse
import json
import os
import secrets
import sys
from collections.abc import Callable, Sequence
from contextlib import suppress
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from platformdirs import user_data_dir
from sqlalchemy import Engine

from central_server import admin
from central_server.admin_routes import ENV_ADMIN_TOKEN, MIN_ADMIN_TOKEN_LENGTH
from central_server.day_report import day_closes
from central_server.db import create_db_engine
from central_server.issuance import MAX_OFFLINE_LIMIT
from central_server.migrate import current_revision, head_revision, upgrade
from central_server.orders import OrderRequest
from central_server.serve import WorkersNeedPostgres, serve
from pos_app.domain.addresses import is_loopback_host
from pos_app.domain.listings import ListingState
from pos_app.domain.orders import DeliveryMethod
from pos_app.domain.tax import TaxpayerType

ENV_DATABASE_URL = "CJPAY_CENTRAL_DATABASE_URL"
#: 일반과세자 / 간이과세자 / 면세사업자
_TAXPAYER_TYPES = [kind.value for kind in TaxpayerType]


def default_database_url() -> str:
    from_env = os.environ.get(ENV_DATABASE_URL)
    if from_env:
        return from_env
    path = Path(user_data_dir("cjpay-central", appauthor=False)) / "central.sqlite3"
    return f"sqlite:///{path}"


def _print_json(value: Any) -> None:
    print(json.dumps(value, ensure_ascii=False), flush=True)


def _day(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a YYYY-MM-DD date: {text!r}") from None


def _yes_no(text: str) -> bool:
    if text.lower() in ("yes", "true", "1"):
        return True
    if text.lower() in ("no", "false", "0"):
        return False
    raise argparse.ArgumentTypeError("yes or no")


def _non_negative_won(text: str) -> int:
    """Whole won that fits a payment code's unsigned 32-bit ``offline_limit``."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not whole won: {text!r}") from None
    if not 0 <= value <= 2**32 - 1:
        raise argparse.ArgumentTypeError(f"{value} is outside 0..4294967295")
    return value


def _parser() -> argparse.ArgumentParser:
    database = argparse.ArgumentParser(add_help=False)
    # SUPPRESS: given after the command it wins; not given, the top-level value stays.
    database.add_argument("--database-url", default=argparse.SUPPRESS, help="SQLAlchemy URL")

    parser = argparse.ArgumentParser(
        prog="cjpay-central", description="청주페이 reference central server (Sync API v1)"
    )
    parser.add_argument(
        "--database-url",
        default=None,
        help=f"SQLAlchemy URL (default: ${ENV_DATABASE_URL} or {default_database_url()})",
    )
    commands = parser.add_subparsers(dest="command", required=True)

    def command(name: str, help_text: str) -> argparse.ArgumentParser:
        return commands.add_parser(name, help=help_text, parents=[database])

    run = command("serve", "migrate, then serve HTTP")
    run.add_argument("--host", default="127.0.0.1")
    run.add_argument("--port", type=int, default=8700, help="0 picks a free port")
    run.add_argument("--public", action="store_true", help="allow a non-loopback --host")
    run.add_argument(
        "--stop-when-stdin-closes",
        action="store_true",
        help="exit when stdin reaches EOF (a parent process holds it: the POS demo, tests)",
    )
    run.add_argument(
        "--demo",
        action="store_true",
        help="also serve the customer's routes (mint codes, pay, order) to anyone: demos only",
    )
    run.add_argument(
        "--max-offline-limit",
        type=_non_negative_won,
        default=MAX_OFFLINE_LIMIT,
        help=f"the most a minted code stands behind offline, won (default {MAX_OFFLINE_LIMIT})",
    )
    run.add_argument(
        "--admin-token-file",
        type=Path,
        help=f"a file (mode 0600) holding the /v1/admin bearer token (default: ${ENV_ADMIN_TOKEN};"
        " neither: the admin routes refuse every request)",
    )
    run.add_argument(
        "--workers",
        type=int,
        default=1,
        choices=range(1, 65),
        metavar="N",
        help="server processes on the one socket, 1..64 (more than 1: PostgreSQL only)",
    )

    token = command("new-admin-token", "write a fresh admin token to a new file only you can read")
    token.add_argument("path", type=Path, help="the file to create (refused if it exists)")
    command("init-db", "create or upgrade the database schema")
    seed = command("seed-demo", "demo merchant, policy, key, wallets, notices; prints JSON")
    seed.add_argument(
        "--trust-demo-issuer",
        action="store_true",
        help="also trust the POS demo's public issuer key (the POS's demo server only)",
    )

    create = command("create-merchant", "create a merchant; prints its profile as JSON")
    create.add_argument("--merchant-id", help="default: the next M-NNNN")
    create.add_argument("--name", required=True)
    create.add_argument("--business-number", required=True, help="사업자등록번호, checked")
    create.add_argument("--representative", default="")
    create.add_argument("--address", default="")
    create.add_argument("--phone", default="")
    create.add_argument("--sector", default="")
    create.add_argument("--designated", action="store_true", help="착한가격업소")
    create.add_argument("--taxpayer-type", default="general", choices=_TAXPAYER_TYPES)
    _discount_options(create)

    change = command("update-merchant", "change a merchant's profile or discount")
    change.add_argument("merchant_id")
    for option in ("--name", "--business-number", "--representative", "--address"):
        change.add_argument(option)
    change.add_argument("--phone")
    change.add_argument("--sector")
    change.add_argument("--designated", type=_yes_no, help="yes or no")
    change.add_argument("--taxpayer-type", choices=_TAXPAYER_TYPES)
    _discount_options(change)
    change.add_argument("--no-discount", action="store_true", help="remove the discount")

    status = command("set-status", "restrict a merchant (no cashback) or make it active")
    status.add_argument("merchant_id")
    status.add_argument("status", choices=("active", "restricted"))
    status.add_argument("--reason", default="")
    status.add_argument("--since", type=_day, help="YYYY-MM-DD (default: today, KST)")
    status.add_argument("--until", type=_day, help="YYYY-MM-DD")

    policy = command("set-cashback-policy", "a new cashback policy, in force from now")
    policy.add_argument("--rate-bp", type=int, required=True)
    policy.add_argument("--monthly-cap", type=int, required=True)
    policy.add_argument("--extra-rate-bp", type=int, default=0)

    code = command("enrolment-code", "print a fresh single-use enrolment code")
    code.add_argument("merchant_id")
    code.add_argument("--ttl-hours", type=float, default=24.0)

    revoke = command("revoke-device", "revoke a device's token")
    revoke.add_argument("device_id")

    command("rotate-key", "new issuer key; the old one stops signing and stays published 600 s")

    release = command(
        "publish-version", "tell every POS the latest and minimum app versions and the download"
    )
    release.add_argument("--latest", required=True, help="the newest version, e.g. 1.4.0")
    release.add_argument(
        "--minimum", required=True, help="the oldest still supported; older tills warn louder"
    )
    release.add_argument("--url", required=True, help="https:// address of the installer")
    release.add_argument("--sha256", required=True, help="the installer's SHA-256, 64 hex digits")

    listed = command("devices", "print devices with the app version each last reported (JSON)")
    listed.add_argument("--merchant-id", help="only this merchant's devices")

    closes = command(
        "day-closes", "print a merchant's day closes with their VAT split (과세/부가세/면세), JSON"
    )
    closes.add_argument("merchant_id")

    issue = command("issue-code", "print a customer payment code for a wallet")
    issue.add_argument("wallet_id")
    issue.add_argument("--offline-limit", type=int, default=50_000)
    issue.add_argument("--ttl", type=int, default=180, help="seconds, 1..600")

    topup = command("topup", "add won to a wallet (created if needed)")
    topup.add_argument("wallet_id")
    topup.add_argument("amount", type=int)

    notice = command("notice", "publish a notice to every merchant")
    notice.add_argument("title")
    notice.add_argument("body")
    notice.add_argument("--merchant-id", help="only this merchant")
    notice.add_argument("--pinned", action="store_true", help="listed first at the POS")

    pin = command("pin-notice", "pin a published notice (listed first), or unpin it")
    pin.add_argument("notice_id", type=int)
    pin.add_argument("--off", action="store_true", help="unpin")

    queue = command("listings", "print listings in a state (default: awaiting review) as JSON")
    queue.add_argument(
        "--state", default="submitted", choices=[state.value for state in ListingState]
    )

    review = command("review-listing", "publish or reject a submitted listing")
    review.add_argument("listing_id")
    review.add_argument("decision", choices=("publish", "reject"))
    review.add_argument("--reason", default="", help="required to reject: shown to the merchant")

    order = command("place-order", "order a listing as a customer would; prints the order")
    order.add_argument("listing_id")
    order.add_argument("--quantity", type=int, default=1)
    order.add_argument(
        "--delivery", default="pickup", choices=[method.value for method in DeliveryMethod]
    )
    order.add_argument("--wallet-id", default=admin.DEMO_CUSTOMER_WALLET, help="pays the order")
    order.add_argument("--name", default="데모 고객", help="customer name")
    order.add_argument("--phone", default="010-0000-0000")
    order.add_argument("--address", default="", help="required for parcel and same-day")
    order.add_argument("--note", default="", help="request note")

    cancel = command("cancel-order", "cancel an order as its customer; prints the order")
    cancel.add_argument("order_id")
    cancel.add_argument("--reason", default="")
    return parser


def _discount_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--discount-rate-bp", type=int, help="special discount, e.g. 1000 = 10%%")
    parser.add_argument("--discount-from", type=_day)
    parser.add_argument("--discount-to", type=_day)
    parser.add_argument("--rounding-unit", type=int, choices=(1, 10), default=1)


def _discount(args: argparse.Namespace) -> admin.Discount | None:
    if args.discount_rate_bp is None:
        return None
    return admin.Discount(
        args.discount_rate_bp, args.discount_from, args.discount_to, args.rounding_unit
    )


def _new_admin_token(path: Path) -> None:
    """Create ``path`` readable by this user only, holding a fresh token. Created with its
    mode at once (no moment in which another user could open it) and never over an existing
    file: overwriting would silently lock out whoever holds the old token."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as out:
        out.write(secrets.token_urlsafe(32) + "\n")
    print(f"admin token written to {path}: give it to serve with --admin-token-file")


def _readable_by_others(path: Path) -> bool:
    # POSIX modes only: on Windows the file's ACL decides and st_mode says nothing of it.
    return os.name == "posix" and bool(path.stat().st_mode & 0o077)


def _admin_token(path: Path | None) -> str | None:
    """The operator's admin token: the file's first line, else the environment, else None.
    Raises ValueError for one too short to be a secret, a file that cannot be read, or one
    other users can read (as ssh refuses such a key)."""
    if path is not None:
        try:
            if _readable_by_others(path):
                raise ValueError(
                    f"--admin-token-file {path} can be read by other users of this machine:"
                    f" run chmod 600 {path}"
                )
            lines = path.read_text(encoding="utf-8").splitlines()
        except (OSError, UnicodeDecodeError) as exc:
            raise ValueError(f"cannot read --admin-token-file {path}: {exc}") from None
        token = lines[0].strip() if lines else ""
    else:
        token = os.environ.get(ENV_ADMIN_TOKEN, "").strip()
        if not token:
            return None
    if len(token) < MIN_ADMIN_TOKEN_LENGTH:
        raise ValueError(f"the admin token must be at least {MIN_ADMIN_TOKEN_LENGTH} characters")
    return token


def _require_schema(engine: Engine) -> None:
    if current_revision(engine) != head_revision():
        raise admin.AdminError("the database is not initialised or is outdated: run init-db")


def _init_db(engine: Engine, _args: argparse.Namespace) -> None:
    upgrade(engine)
    print(f"database at revision {current_revision(engine)}")
    # A server that cannot sign cannot mint a payment code: the first key comes with the schema.
    key = admin.ensure_signing_key(engine)
    if key is not None:
        print(f"issuer key {key['key_id']} created: it signs payment codes from now")


def _seed_demo(engine: Engine, args: argparse.Namespace) -> None:
    _print_json(admin.seed_demo(engine, trust_demo_key=args.trust_demo_issuer))


def _create_merchant(engine: Engine, args: argparse.Namespace) -> None:
    _print_json(
        admin.create_merchant(
            engine,
            merchant_id=args.merchant_id,
            name=args.name,
            business_number=args.business_number,
            representative=args.representative,
            address=args.address,
            phone=args.phone,
            sector=args.sector,
            designated=args.designated,
            taxpayer_type=args.taxpayer_type,
            discount=_discount(args),
        )
    )


def _update_merchant(engine: Engine, args: argparse.Namespace) -> None:
    fields = {
        name: getattr(args, name)
        for name in (
            "name",
            "business_number",
            "representative",
            "address",
            "phone",
            "sector",
            "taxpayer_type",
        )
        if getattr(args, name) is not None
    }
    if args.designated is not None:
        fields["designated"] = args.designated
    if args.no_discount:
        fields["discount"] = None
    elif args.discount_rate_bp is not None:
        fields["discount"] = _discount(args)
    _print_json(admin.update_merchant(engine, args.merchant_id, **fields))


def _set_status(engine: Engine, args: argparse.Namespace) -> None:
    _print_json(
        admin.set_status(
            engine,
            args.merchant_id,
            args.status,
            reason=args.reason,
            since=args.since,
            until=args.until,
        )
    )


def _set_cashback_policy(engine: Engine, args: argparse.Namespace) -> None:
    _print_json(
        admin.set_cashback_policy(
            engine,
            rate_bp=args.rate_bp,
            monthly_cap=args.monthly_cap,
            extra_rate_bp=args.extra_rate_bp,
        )
    )


def _enrolment_code(engine: Engine, args: argparse.Namespace) -> None:
    ttl = timedelta(hours=args.ttl_hours)
    print(admin.create_enrolment_code(engine, args.merchant_id, ttl=ttl))


def _revoke_device(engine: Engine, args: argparse.Namespace) -> None:
    admin.revoke_device(engine, args.device_id)
    print(f"revoked {args.device_id}")


def _rotate_key(engine: Engine, _args: argparse.Namespace) -> None:
    _print_json(admin.rotate_key(engine))


def _publish_version(engine: Engine, args: argparse.Namespace) -> None:
    _print_json(
        admin.publish_version(
            engine, latest=args.latest, minimum=args.minimum, url=args.url, sha256=args.sha256
        )
    )


def _devices(engine: Engine, args: argparse.Namespace) -> None:
    _print_json(admin.list_devices(engine, args.merchant_id))


def _day_closes(engine: Engine, args: argparse.Namespace) -> None:
    _print_json(day_closes(engine, args.merchant_id))


def _issue_code(engine: Engine, args: argparse.Namespace) -> None:
    minted = admin.issue_code(
        engine, args.wallet_id, offline_limit=args.offline_limit, ttl_seconds=args.ttl
    )
    print(minted.text)


def _topup(engine: Engine, args: argparse.Namespace) -> None:
    balance = admin.topup(engine, args.wallet_id, args.amount)
    _print_json({"wallet_id": str(int(args.wallet_id)), "balance": balance})


def _notice(engine: Engine, args: argparse.Namespace) -> None:
    _print_json(
        admin.post_notice(
            engine, args.title, args.body, merchant_id=args.merchant_id, pinned=args.pinned
        )
    )


def _pin_notice(engine: Engine, args: argparse.Namespace) -> None:
    _print_json(admin.pin_notice(engine, args.notice_id, pinned=not args.off))


def _listings(engine: Engine, args: argparse.Namespace) -> None:
    _print_json(admin.list_listings(engine, args.state))


def _review_listing(engine: Engine, args: argparse.Namespace) -> None:
    _print_json(admin.review_listing(engine, args.listing_id, args.decision, args.reason))


def _place_order(engine: Engine, args: argparse.Namespace) -> None:
    request = OrderRequest(
        listing_id=args.listing_id,
        quantity=args.quantity,
        delivery_method=args.delivery,
        wallet_id=args.wallet_id,
        customer_name=args.name,
        customer_phone=args.phone,
        address=args.address,
        request_note=args.note,
    )
    _print_json(admin.place_order(engine, request))


def _cancel_order(engine: Engine, args: argparse.Namespace) -> None:
    _print_json(admin.cancel_order(engine, args.order_id, args.reason))


_COMMANDS: dict[str, Callable[[Engine, argparse.Namespace], None]] = {
    "init-db": _init_db,
    "seed-demo": _seed_demo,
    "create-merchant": _create_merchant,
    "update-merchant": _update_merchant,
    "set-status": _set_status,
    "set-cashback-policy": _set_cashback_policy,
    "enrolment-code": _enrolment_code,
    "revoke-device": _revoke_device,
    "rotate-key": _rotate_key,
    "publish-version": _publish_version,
    "devices": _devices,
    "day-closes": _day_closes,
    "issue-code": _issue_code,
    "topup": _topup,
    "notice": _notice,
    "pin-notice": _pin_notice,
    "listings": _listings,
    "review-listing": _review_listing,
    "place-order": _place_order,
    "cancel-order": _cancel_order,
}


def _utf8_output() -> None:
    """Korean output must survive a pipe on a Windows code page (cp1252 cannot encode it);
    parents reading our stdout (the POS demo, the test fixtures) decode UTF-8."""
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            with suppress(ValueError, OSError):
                reconfigure(encoding="utf-8", errors="backslashreplace")


def main(argv: Sequence[str] | None = None) -> int:
    _utf8_output()
    parser = _parser()
    args = parser.parse_args(argv)
    database_url = args.database_url or default_database_url()
    if args.command == "new-admin-token":
        try:
            _new_admin_token(args.path)
        except FileExistsError:
            print(
                f"cjpay-central: {args.path} already exists; new-admin-token never overwrites"
                " a token (whoever holds it would be locked out): choose another name",
                file=sys.stderr,
            )
            return 2
        except OSError as exc:
            print(f"cjpay-central: cannot create {args.path}: {exc}", file=sys.stderr)
            return 2
        return 0
    if args.command == "serve":
        if not args.public and not is_loopback_host(args.host):
            parser.error(f"--host {args.host} is not loopback; add --public to serve it anyway")
        try:
            admin_token = _admin_token(args.admin_token_file)
        except ValueError as exc:
            # Not a usage mistake: the message alone, without argparse's usage text.
            print(f"cjpay-central: {exc}", file=sys.stderr)
            return 2
        try:
            serve(
                database_url,
                args.host,
                args.port,
                stop_when_stdin_closes=args.stop_when_stdin_closes,
                demo=args.demo,
                max_offline_limit=args.max_offline_limit,
                admin_token=admin_token,
                workers=args.workers,
            )
        except WorkersNeedPostgres as exc:
            print(f"cjpay-central: {exc}", file=sys.stderr)
            return 2
        except OSError as exc:
            where = f"{args.host}:{args.port}"
            print(f"cjpay-central: cannot listen on {where}: {exc}", file=sys.stderr)
            return 1
        return 0
    engine = create_db_engine(database_url)
    try:
        if args.command != "init-db":
            _require_schema(engine)
        _COMMANDS[args.command](engine, args)
    except admin.AdminError as exc:
        print(f"cjpay-central: error: {exc}", file=sys.stderr)
        return 2
    finally:
        engine.dispose()
    return 0
