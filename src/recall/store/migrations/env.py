"""Alembic environment: runs on the connection recall hands over (see database.py)."""

from alembic import context

from recall.store.models import Base

connection = context.config.attributes["connection"]
context.configure(connection=connection, target_metadata=Base.metadata, render_as_batch=True)
with context.begin_transaction():
    context.run_migrations()
