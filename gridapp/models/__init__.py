"""The domain: entities, code tables, validation and workflows. Plain Python, no Qt, no SQL."""
