"""Service pages and their revisions

Revision ID: a59e851fccaf
Revises: 
Create Date: 2026-11-23 11:23:18.746492

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0001'
down_revision = None
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('page',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('slug', sa.String(length=80), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('published_revision_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('slug')
    )
    op.create_table('page_revision',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('page_id', sa.Integer(), nullable=False),
    sa.Column('number', sa.Integer(), nullable=False),
    sa.Column('front_matter', sa.JSON(), nullable=False),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('body_html', sa.Text(), nullable=False),
    sa.Column('author', sa.String(length=200), nullable=False),
    sa.Column('note', sa.String(length=200), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['page_id'], ['page.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('page_id', 'number', name='uq_page_revision_number')
    )
    # The page -> published revision key is added after both tables exist
    # (the two tables refer to each other); batch mode makes it work on SQLite.
    with op.batch_alter_table('page', schema=None) as batch_op:
        batch_op.create_foreign_key('fk_page_published_revision', 'page_revision',
                                    ['published_revision_id'], ['id'])



def downgrade():
    with op.batch_alter_table('page', schema=None) as batch_op:
        batch_op.drop_constraint('fk_page_published_revision', type_='foreignkey')
    op.drop_table('page_revision')
    op.drop_table('page')
