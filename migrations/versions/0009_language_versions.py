"""Language versions of pages

* page_revision.language: ``sv`` for the Swedish page, or a version's code;
  each language numbers its own revisions (version 3 of the English page).
* page_version: one row per language version of a page, with its own
  publishing state and published revision.
* question.language and question.interpreter: the language the asker wrote
  in (the site version they used) and the language they want an
  interpreter for, if any; reply_template.language.

Revision ID: 0009
Revises: 0008
"""
from alembic import op
import sqlalchemy as sa


revision = '0009'
down_revision = '0008'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('page_revision') as batch_op:
        batch_op.add_column(sa.Column('language', sa.String(length=10), nullable=False, server_default='sv'))
        batch_op.drop_constraint('uq_page_revision_number', type_='unique')
        batch_op.create_unique_constraint('uq_page_revision_number', ['page_id', 'language', 'number'])
    op.create_table(
        'page_version',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('page_id', sa.Integer(), nullable=False),
        sa.Column('language', sa.String(length=10), nullable=False),
        sa.Column('status', sa.String(length=20), nullable=False),
        sa.Column('published_revision_id', sa.Integer(), nullable=True),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.Column('updated_at', sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(['page_id'], ['page.id'], ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['published_revision_id'], ['page_revision.id'],
                                name='fk_page_version_published_revision'),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('page_id', 'language', name='uq_page_version_language'),
    )
    op.create_index('ix_page_version_page_id', 'page_version', ['page_id'], unique=False)
    with op.batch_alter_table('question') as batch_op:
        batch_op.add_column(sa.Column('language', sa.String(length=10), nullable=False, server_default='sv'))
        batch_op.add_column(sa.Column('interpreter', sa.String(length=60), nullable=True))
    with op.batch_alter_table('reply_template') as batch_op:
        batch_op.add_column(sa.Column('language', sa.String(length=10), nullable=False, server_default='sv'))


def downgrade():
    with op.batch_alter_table('reply_template') as batch_op:
        batch_op.drop_column('language')
    with op.batch_alter_table('question') as batch_op:
        batch_op.drop_column('interpreter')
        batch_op.drop_column('language')
    op.drop_index('ix_page_version_page_id', table_name='page_version')
    op.drop_table('page_version')
    op.execute("DELETE FROM page_revision WHERE language <> 'sv'")
    with op.batch_alter_table('page_revision') as batch_op:
        batch_op.drop_constraint('uq_page_revision_number', type_='unique')
        batch_op.create_unique_constraint('uq_page_revision_number', ['page_id', 'number'])
        batch_op.drop_column('language')
