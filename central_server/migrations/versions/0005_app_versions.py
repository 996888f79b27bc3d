"""App versions: what each device runs, and the versions the city publishes.

Revision ID: 0005_app_versions
Revises: 0004_enrolment_confirm
Create Date: 2026-12-05

Written out by hand, like the ones before it, so that it stays what it is when ``schema.py``
moves on.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005_app_versions"
down_revision = "0004_enrolment_confirm"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("devices") as batch:
        batch.add_column(sa.Column("app_version", sa.String(32)))
        batch.add_column(sa.Column("app_version_since", sa.DateTime(timezone=True)))
    op.create_table(
        "app_releases",
        sa.Column(
            "release_id",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            autoincrement=True,
            nullable=False,
        ),
        sa.Column("latest", sa.String(32), nullable=False),
        sa.Column("minimum", sa.String(32), nullable=False),
        sa.Column("url", sa.Text(), nullable=False),
        sa.Column("sha256", sa.String(64), nullable=False),
        sa.Column("published_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("release_id", name="pk_app_releases"),
    )


def downgrade() -> None:
    op.drop_table("app_releases")
    with op.batch_alter_table("devices") as batch:
        batch.drop_column("app_version_since")
        batch.drop_column("app_version")
