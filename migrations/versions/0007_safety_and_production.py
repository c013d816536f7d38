"""Family safety and a real installation

* question: ``next_due_at`` (the clock for the next answer) and
  ``new_activity``; ``consent_at`` now records the one consent asked for
  (sharing contact details when referring) and may be empty; ids are never
  reused (SQLite AUTOINCREMENT: the table is rebuilt).
* referral: the recipient it went to, a private link token (salt, hash,
  expiry); ids never reused. Links from before this version stop working
  (they were signed ids); services reach Familjeguiden by phone instead.
* referral_recipient: who receives referrals, kept by coordinators.
* concern_report: orosanmälningar recorded on a case.
* form_submission: one-time form keys (a form sent twice is stored once).
* content_change: the content generation, shared by every host.
* staff_user.failed_codes: wrong two-factor codes are counted per account.

Revision ID: 0007
Revises: 0006
"""
from alembic import op
import sqlalchemy as sa


revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None

INBOX_ORDER = [sa.text('urgent DESC'), 'created_at', 'id']
INBOX_INDEXES = {
    'ix_question_inbox': ['status'],
    'ix_question_inbox_topic': ['status', 'topic', 'age_group'],
    'ix_question_inbox_age': ['status', 'age_group'],
    'ix_question_inbox_assignee': ['status', 'assignee_id'],
}


def _recreate_kwargs():
    """On SQLite the tables are rebuilt so that AUTOINCREMENT applies; elsewhere ids are never reused anyway."""
    if op.get_bind().dialect.name == 'sqlite':
        return {'recreate': 'always', 'table_kwargs': {'sqlite_autoincrement': True}}
    return {}


def upgrade():
    for name in INBOX_INDEXES:
        op.drop_index(name, table_name='question')
    with op.batch_alter_table('question', **_recreate_kwargs()) as batch_op:
        batch_op.add_column(sa.Column('next_due_at', sa.DateTime(), nullable=True))
        batch_op.add_column(sa.Column('new_activity', sa.Boolean(), nullable=False, server_default=sa.false()))
        batch_op.alter_column('consent_at', existing_type=sa.DateTime(), nullable=True)
    for name, columns in INBOX_INDEXES.items():
        op.create_index(name, 'question', columns + INBOX_ORDER, unique=False)
    question = sa.table('question', sa.column('status'), sa.column('due_at'), sa.column('next_due_at'),
                        sa.column('first_answered_at'), sa.column('share_consent'), sa.column('consent_at'))
    op.execute(question.update().where(question.c.first_answered_at.is_(None),
                                       question.c.status.in_(['ny', 'pagaende', 'lotsad', 'vantar']))
               .values(next_due_at=question.c.due_at))
    op.execute(question.update().where(sa.not_(question.c.share_consent)).values(consent_at=None))

    with op.batch_alter_table('referral', **_recreate_kwargs()) as batch_op:
        batch_op.add_column(sa.Column('recipient_email', sa.String(length=254), nullable=True))
        batch_op.add_column(sa.Column('token_salt', sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column('token_hash', sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column('token_expires_at', sa.DateTime(), nullable=True))
        batch_op.create_unique_constraint('uq_referral_token_hash', ['token_hash'])

    op.create_table(
        'referral_recipient',
        sa.Column('service_slug', sa.String(length=80), nullable=False),
        sa.Column('email', sa.String(length=254), nullable=False),
        sa.Column('updated_by', sa.String(length=200), nullable=False),
        sa.Column('updated_at', sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint('service_slug'),
    )
    op.create_table(
        'concern_report',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('question_id', sa.Integer(), nullable=False),
        sa.Column('state', sa.String(length=20), nullable=False),
        sa.Column('made_by', sa.String(length=200), nullable=False),
        sa.Column('made_at', sa.DateTime(), nullable=True),
        sa.Column('channel', sa.String(length=20), nullable=False),
        sa.Column('recipient', sa.String(length=200), nullable=False),
        sa.Column('shared', sa.Text(), nullable=False),
        sa.Column('include_question', sa.Boolean(), nullable=False),
        sa.Column('include_contact', sa.Boolean(), nullable=False),
        sa.Column('include_age', sa.Boolean(), nullable=False),
        sa.Column('reference', sa.String(length=100), nullable=True),
        sa.Column('asker_note', sa.Text(), nullable=True),
        sa.Column('created_by_id', sa.Integer(), nullable=True),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(['question_id'], ['question.id'], ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id'),
    )
    op.create_index('ix_concern_report_question_id', 'concern_report', ['question_id'], unique=False)
    op.create_table(
        'form_submission',
        sa.Column('key_hash', sa.String(length=64), nullable=False),
        sa.Column('kind', sa.String(length=20), nullable=False),
        sa.Column('ref_id', sa.Integer(), nullable=False),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint('key_hash'),
    )
    op.create_index('ix_form_submission_created_at', 'form_submission', ['created_at'], unique=False)
    op.create_table(
        'content_change',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('slugs', sa.JSON(), nullable=False),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint('id'),
        sqlite_autoincrement=True,
    )
    with op.batch_alter_table('staff_user') as batch_op:
        batch_op.add_column(sa.Column('failed_codes', sa.Integer(), nullable=False, server_default='0'))


def downgrade():
    with op.batch_alter_table('staff_user') as batch_op:
        batch_op.drop_column('failed_codes')
    op.drop_table('content_change')
    op.drop_index('ix_form_submission_created_at', table_name='form_submission')
    op.drop_table('form_submission')
    op.drop_index('ix_concern_report_question_id', table_name='concern_report')
    op.drop_table('concern_report')
    op.drop_table('referral_recipient')
    with op.batch_alter_table('referral') as batch_op:
        batch_op.drop_constraint('uq_referral_token_hash', type_='unique')
        batch_op.drop_column('token_expires_at')
        batch_op.drop_column('token_hash')
        batch_op.drop_column('token_salt')
        batch_op.drop_column('recipient_email')
    for name in INBOX_INDEXES:
        op.drop_index(name, table_name='question')
    with op.batch_alter_table('question') as batch_op:
        batch_op.drop_column('new_activity')
        batch_op.drop_column('next_due_at')
    for name, columns in INBOX_INDEXES.items():
        op.create_index(name, 'question', columns + INBOX_ORDER, unique=False)
