"""Alembic environment: runs inside the write transaction recall hands over (see database.py)."""

from alembic import context

from recall.store.models import metadata

connection = context.config.attributes["connection"]
context.configure(connection=connection, target_metadata=metadata, render_as_batch=True)
with context.begin_transaction():
    context.run_migrations()
