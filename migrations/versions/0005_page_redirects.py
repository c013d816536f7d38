"""Old addresses of renamed service pages

Revision ID: 0005
Revises: 0004
"""
from alembic import op
import sqlalchemy as sa


revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'page_redirect',
        sa.Column('old_slug', sa.String(length=80), nullable=False),
        sa.Column('page_id', sa.Integer(), nullable=False),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(['page_id'], ['page.id'], ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('old_slug'),
    )


def downgrade():
    op.drop_table('page_redirect')
