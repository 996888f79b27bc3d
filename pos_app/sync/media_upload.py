"""Photos go up before the events that name them (docs/protocol.md, media).

A submitted listing naming a photo the server does not hold is declined
``media_missing``, so the pusher uploads, for the batch it is about to send, every photo
that batch names and this device has not yet seen confirmed. Network first, then a short
write transaction per confirmation, never the other way round.

What cannot go up does not stop the queue: a photo the server refuses (413, 422) is
logged and left unconfirmed, the batch is pushed anyway, the listing is declined
``media_missing`` (the listing shows that code) and stays so until the vendor adds a
photo again and resubmits, which is a new event. A network failure, by contrast, stops
this push (the batch would only be declined): the pusher retries the whole step later.
"""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import Iterable

from pos_app.domain.journal import JournalEvent
from pos_app.store import media
from pos_app.store.database import write_transaction
from pos_app.sync.client import SyncClient
from pos_app.sync.errors import MediaRefused

log = logging.getLogger(__name__)


def upload_named_media(
    conn: sqlite3.Connection, client: SyncClient, events: Iterable[JournalEvent]
) -> int:
    """Upload what the events name and the server is not known to hold; how many sent."""
    sent = 0
    for sha in media.not_uploaded(conn, media.photos_named(events)):
        blob = media.get_media(conn, sha)
        if blob is None:
            continue
        try:
            # HEAD first: another till of the merchant may have sent the same photo.
            if not client.head_media(sha):
                client.put_media(sha, blob.data, blob.content_type)
                sent += 1
        except MediaRefused as refused:
            log.warning("photo %s refused by the server: %s", sha, refused.reason)
            continue
        with write_transaction(conn):
            media.mark_uploaded(conn, sha)
    return sent
