"""App versions: what each device says it runs, and the versions the city publishes.

A device's version arrives in the ``X-CJPay-POS-Version`` header of every authenticated call
and is kept on its ``devices`` row only when it changes (a sync call costs no write). What
``publish-version`` publishes reaches every till through the changes feed
(``app_release``, for all merchants), in the same transaction as the row.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Engine, select, update

from central_server.changes import record_change
from central_server.db import read_transaction, write_transaction
from central_server.schema import app_releases, devices
from central_server.state import current_release, timestamp
from pos_app.domain.app_version import Release, is_version
from pos_app.domain.change_kinds import ChangeKind


def publish_release(engine: Engine, release: Release, now: datetime) -> dict[str, Any]:
    """Record the publication and tell every device (the caller checked ``release``)."""
    with write_transaction(engine) as conn:
        conn.execute(app_releases.insert().values(**release.to_json(), published_at=now))
        published = current_release(conn)
        record_change(conn, ChangeKind.APP_RELEASE, published, merchant_id=None, now=now)
    assert published is not None
    return published


def note_device_version(
    engine: Engine, device_id: str, known: str | None, said: str | None, now: datetime
) -> None:
    """Keep what the device says it runs, when it is a version and not the one kept.

    A missing or malformed header changes nothing and refuses nothing: an older POS sends
    none, and a version is information, never a condition of syncing.
    """
    if said is None or said == known or not is_version(said):
        return
    with write_transaction(engine) as conn:
        conn.execute(
            update(devices)
            .where(devices.c.device_id == device_id)
            .values(app_version=said.strip(), app_version_since=now)
        )


def device_versions(engine: Engine, merchant_id: str | None = None) -> list[dict[str, Any]]:
    """Every device (or one merchant's) with the version it last said it runs."""
    query = select(
        devices.c.device_id,
        devices.c.merchant_id,
        devices.c.name,
        devices.c.app_version,
        devices.c.app_version_since,
        devices.c.revoked_at,
    ).order_by(devices.c.merchant_id, devices.c.created_at)
    if merchant_id is not None:
        query = query.where(devices.c.merchant_id == merchant_id)
    with read_transaction(engine) as conn:
        rows = conn.execute(query).all()
    return [
        {
            "device_id": row.device_id,
            "merchant_id": row.merchant_id,
            "name": row.name,
            "app_version": row.app_version,
            "app_version_since": (
                timestamp(row.app_version_since) if row.app_version_since else None
            ),
            "revoked": row.revoked_at is not None,
        }
        for row in rows
    ]
