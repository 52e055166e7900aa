"""The PC's side of sync in the store: outbox batches, push results, pulled pages, the cursor.

The code is in :mod:`~gridapp.store.sync_rows` (shared), :mod:`~gridapp.store.sync_push` and
:mod:`~gridapp.store.sync_pull`; this module is what the rest of the program imports.

``docs/sync-protocol.md`` is the contract; ``docs/sync-client.md`` describes this module.

- :func:`outbox_batch` turns pending outbox entries into contract mutations (§5.1), in
  ``device_seq`` order, bounded in count and size.
- :func:`record_results` records the server's answers to a push (§5.2) in one transaction.
- :func:`apply_pull_page` applies one pulled page (§5.3) and moves the cursor in the SAME
  transaction, so a crash leaves either the whole page with its cursor or neither.

Local edits always win locally until the server has decided about them: a pulled page never
overwrites a field with a pending local edit. A row's ``pending`` flag stays 1 while any of
its outbox entries waits for the server (``pending``, including ``held``) or was refused
(``rejected``: the local value is the only copy of the user's edit and must stay visible);
acknowledged and conflicting entries settle it — for a conflict the server kept its value
and recorded ours, so the row takes the server's value (from the conflict in the reply,
``sync_shadow`` or the next pull) and the PC ends equal to the server.
"""

from gridapp.store.sync_pull import PullSummary, apply_pull_page
from gridapp.store.sync_push import ResultSummary, outbox_batch, record_results
from gridapp.store.sync_rows import (
    DERIVED,
    MAX_BATCH,
    MAX_BATCH_BYTES,
    META_PULL_CURSOR,
    REASON_OUT_OF_SCOPE,
    UNIQUE_COLUMNS,
    SyncConflictingRowError,
    SyncDataError,
    last_sync,
    mark_synced,
    pending_count,
    pull_cursor,
    removed_but_kept,
    settled_entries,
)

__all__ = [
    "DERIVED",
    "MAX_BATCH",
    "MAX_BATCH_BYTES",
    "META_PULL_CURSOR",
    "REASON_OUT_OF_SCOPE",
    "UNIQUE_COLUMNS",
    "PullSummary",
    "ResultSummary",
    "SyncConflictingRowError",
    "SyncDataError",
    "apply_pull_page",
    "last_sync",
    "mark_synced",
    "outbox_batch",
    "pending_count",
    "pull_cursor",
    "record_results",
    "removed_but_kept",
    "settled_entries",
]
