"""Course and group occurrences, sign-ups with a waiting list, and their history

* course_occurrence: one run of a course or group on a service page.
* course_signup: one person's place or place in line; ids never reused
  (AUTOINCREMENT on SQLite): they are the order of arrival.
* course_signup_event: the append-only history of each sign-up.
* outbound_email.signup_id: the sign-up an e-mail is about (gallring
  removes it with the sign-up).

Revision ID: 0010
Revises: 0009
"""
from alembic import op
import sqlalchemy as sa


revision = '0010'
down_revision = '0009'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'course_occurrence',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('slug', sa.String(length=80), nullable=False),
        sa.Column('starts_on', sa.Date(), nullable=False),
        sa.Column('ends_on', sa.Date(), nullable=True),
        sa.Column('meetings', sa.Integer(), nullable=True),
        sa.Column('schedule_text', sa.String(length=200), nullable=False),
        sa.Column('place', sa.String(length=200), nullable=False),
        sa.Column('seats', sa.Integer(), nullable=False),
        sa.Column('language', sa.String(length=10), nullable=False),
        sa.Column('interpreter_possible', sa.Boolean(), nullable=False),
        sa.Column('opens_at', sa.DateTime(), nullable=True),
        sa.Column('closes_at', sa.DateTime(), nullable=True),
        sa.Column('approval', sa.Boolean(), nullable=False),
        sa.Column('closed', sa.Boolean(), nullable=False),
        sa.Column('purged_at', sa.DateTime(), nullable=True),
        sa.Column('stats', sa.JSON(), nullable=False),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.Column('updated_at', sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint('id'),
        sqlite_autoincrement=True,
    )
    op.create_index('ix_course_occurrence_slug', 'course_occurrence', ['slug'], unique=False)
    op.create_table(
        'course_signup',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('occurrence_id', sa.Integer(), nullable=False),
        sa.Column('status', sa.String(length=20), nullable=False),
        sa.Column('name', sa.String(length=100), nullable=False),
        sa.Column('contact_method', sa.String(length=10), nullable=False),
        sa.Column('email', sa.String(length=254), nullable=True),
        sa.Column('phone', sa.String(length=20), nullable=True),
        sa.Column('child_ages', sa.String(length=60), nullable=False),
        sa.Column('language', sa.String(length=10), nullable=False),
        sa.Column('interpreter', sa.String(length=60), nullable=True),
        sa.Column('note', sa.Text(), nullable=True),
        sa.Column('token_hash', sa.String(length=64), nullable=False),
        sa.Column('token_salt', sa.String(length=64), nullable=False),
        sa.Column('rank', sa.Integer(), nullable=True),
        sa.Column('offer_expires_at', sa.DateTime(), nullable=True),
        sa.Column('call_needed', sa.Boolean(), nullable=False),
        sa.Column('reminded_at', sa.DateTime(), nullable=True),
        sa.Column('attended', sa.JSON(), nullable=False),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.Column('updated_at', sa.DateTime(), nullable=False),
        sa.Column('confirmed_at', sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(['occurrence_id'], ['course_occurrence.id'], ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('token_hash'),
        sqlite_autoincrement=True,
    )
    op.create_index('ix_course_signup_occurrence_id', 'course_signup', ['occurrence_id'], unique=False)
    op.create_index('ix_course_signup_queue', 'course_signup', ['occurrence_id', 'status', 'rank', 'id'],
                    unique=False)
    op.create_table(
        'course_signup_event',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('signup_id', sa.Integer(), nullable=False),
        sa.Column('action', sa.String(length=40), nullable=False),
        sa.Column('detail', sa.String(length=500), nullable=False),
        sa.Column('actor_label', sa.String(length=200), nullable=False),
        sa.Column('actor_id', sa.Integer(), nullable=True),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(['signup_id'], ['course_signup.id'], ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id'),
    )
    op.create_index('ix_course_signup_event_signup_id', 'course_signup_event', ['signup_id'], unique=False)
    with op.batch_alter_table('outbound_email') as batch_op:
        batch_op.add_column(sa.Column('signup_id', sa.Integer(), nullable=True))
        batch_op.create_index('ix_outbound_email_signup_id', ['signup_id'], unique=False)
        batch_op.create_foreign_key('fk_outbound_email_signup', 'course_signup', ['signup_id'], ['id'],
                                    ondelete='CASCADE')


def downgrade():
    with op.batch_alter_table('outbound_email') as batch_op:
        batch_op.drop_constraint('fk_outbound_email_signup', type_='foreignkey')
        batch_op.drop_index('ix_outbound_email_signup_id')
        batch_op.drop_column('signup_id')
    op.drop_index('ix_course_signup_event_signup_id', table_name='course_signup_event')
    op.drop_table('course_signup_event')
    op.drop_index('ix_course_signup_queue', table_name='course_signup')
    op.drop_index('ix_course_signup_occurrence_id', table_name='course_signup')
    op.drop_table('course_signup')
    op.drop_index('ix_course_occurrence_slug', table_name='course_occurrence')
    op.drop_table('course_occurrence')
