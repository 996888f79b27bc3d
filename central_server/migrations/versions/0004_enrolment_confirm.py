"""Enrolment in two steps: a code's pending grant (token hash, name, expiry) until confirmed.

Revision ID: 0004_enrolment_confirm
Revises: 0003
Create Date: 2026-12-05

Codes used before this revision have ``used_at`` set and their device made: they read as
confirmed, nothing to move.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004_enrolment_confirm"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("enrolment_codes", sa.Column("device_name", sa.Text()))
    op.add_column("enrolment_codes", sa.Column("grant_token_sha256", sa.String(64)))
    op.add_column("enrolment_codes", sa.Column("grant_expires_at", sa.DateTime(timezone=True)))
    op.create_index(
        "ix_enrolment_codes_grant_token_sha256",
        "enrolment_codes",
        ["grant_token_sha256"],
        unique=True,
    )


def downgrade() -> None:
    op.drop_index("ix_enrolment_codes_grant_token_sha256", table_name="enrolment_codes")
    with op.batch_alter_table("enrolment_codes") as batch:
        batch.drop_column("grant_expires_at")
        batch.drop_column("grant_token_sha256")
        batch.drop_column("device_name")
