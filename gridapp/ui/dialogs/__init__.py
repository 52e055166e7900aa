"""Dialogs opened from the pages: register actions, tags, import and export, first run."""
