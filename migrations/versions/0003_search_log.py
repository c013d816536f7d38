"""Anonymous log of searches that found nothing

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-23 12:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('search_miss',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('query', sa.String(length=200), nullable=False),
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('count', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('query', 'day', name='uq_search_miss_query_day')
    )
    with op.batch_alter_table('search_miss', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_search_miss_day'), ['day'], unique=False)


def downgrade():
    with op.batch_alter_table('search_miss', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_search_miss_day'))
    op.drop_table('search_miss')
