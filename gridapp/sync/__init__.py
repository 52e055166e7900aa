"""Sync with the county server (protocol, engine, transport) — arrives with issue #6."""
