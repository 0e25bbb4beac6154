"""The local encrypted store: engine, ORM models, migrations, attachments."""
