"""The county server (issue #6): storage, enrolment, push and pull (``docs/server.md``).

It never imports ``gridapp.ui`` or ``gridapp.store``: the PCs' SQLCipher store and the
server's SQLAlchemy database share only the record shapes of ``gridapp.models`` and the
contract of ``docs/sync-protocol.md``.
"""
