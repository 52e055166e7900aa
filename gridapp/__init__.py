"""GridApp (网格通): an offline-first workbench for grid-level community workers."""

__version__ = "0.1.0"
