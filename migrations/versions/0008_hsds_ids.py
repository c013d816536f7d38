"""Stable open data (HSDS) ids for service pages

Adds ``page.uuid``: a UUID5 of the municipality's namespace and the slug,
filled here for existing pages (from their current slug: they had no id
before, and a fresh install of the same files then gives the same ids) and
by the model for new ones. See familjeguiden/opendata/ids.py.

Revision ID: 0008
Revises: 0007
"""
import uuid

from alembic import op
import sqlalchemy as sa


revision = '0008'
down_revision = '0007'
branch_labels = None
depends_on = None

# A copy of familjeguiden.opendata.ids at the time of writing: a migration
# must keep giving the same result even if the application code changes.
PROJECT_NAMESPACE = uuid.UUID('0e318fea-76b7-5175-8378-cc13086db829')


def _municipality() -> str:
    try:
        from flask import current_app

        return current_app.config.get('MUNICIPALITY_NAME') or 'Exempelby kommun'
    except RuntimeError:  # run outside the app (plain alembic)
        return 'Exempelby kommun'


def upgrade():
    op.add_column('page', sa.Column('uuid', sa.String(length=36), nullable=True))
    namespace = uuid.uuid5(PROJECT_NAMESPACE, ' '.join(_municipality().split()).lower())
    bind = op.get_bind()
    page = sa.table('page', sa.column('id', sa.Integer), sa.column('slug', sa.String), sa.column('uuid', sa.String))
    for row in bind.execute(sa.select(page.c.id, page.c.slug)).all():
        bind.execute(page.update().where(page.c.id == row.id)
                     .values(uuid=str(uuid.uuid5(namespace, f'service/{row.slug}'))))
    op.create_index('ix_page_uuid', 'page', ['uuid'], unique=True)
    # Left nullable like the model: SQLite could only add NOT NULL by rebuilding the
    # table (and a DROP of ``page`` would cascade to its revisions); the model always fills it.


def downgrade():
    op.drop_index('ix_page_uuid', table_name='page')
    with op.batch_alter_table('page') as batch_op:
        batch_op.drop_column('uuid')
