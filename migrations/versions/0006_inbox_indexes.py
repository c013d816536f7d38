"""Indexes for the inbox list at 100,000 questions

Each index serves one inbox list (a status tab, optionally filtered by topic
and age, by age, or by assignee) in display order: urgent first, then
oldest first. They replace ix_question_status_created, whose ascending
``urgent`` forced a sort of the whole tab. See bench/README.md, "Inkorgen".

Revision ID: 0006
Revises: 0005
"""
from alembic import op
import sqlalchemy as sa


revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None

ORDER = [sa.text('urgent DESC'), 'created_at', 'id']
INDEXES = {
    'ix_question_inbox': ['status'],
    'ix_question_inbox_topic': ['status', 'topic', 'age_group'],
    'ix_question_inbox_age': ['status', 'age_group'],
    'ix_question_inbox_assignee': ['status', 'assignee_id'],
}


def upgrade():
    with op.batch_alter_table('question', schema=None) as batch_op:
        batch_op.drop_index('ix_question_status_created')
    for name, columns in INDEXES.items():
        op.create_index(name, 'question', columns + ORDER, unique=False)


def downgrade():
    for name in INDEXES:
        op.drop_index(name, table_name='question')
    with op.batch_alter_table('question', schema=None) as batch_op:
        batch_op.create_index('ix_question_status_created', ['status', 'urgent', 'created_at'], unique=False)
