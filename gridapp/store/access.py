"""Enforcing :mod:`gridapp.models.access` in the repositories: who works at this store now and
what their role may do.

:func:`current_role` is the role of the account logged in on this :class:`Store`
(``store.session``, issue #8 accounts). Until the first account is made on a PC ("set-up
mode", the state every existing register is in when it is upgraded), the role is the PC's
petition-workflow role (``PetitionRepository.role``, secretary by default) so nothing that
worked before stops working; once accounts exist, a store without a session holds no role
and every guarded read or write is refused.

Repositories call :func:`require` before a guarded action (it raises :class:`AccessDenied`,
a :class:`ValidationError` whose Chinese message names what is missing) and :func:`allowed`
where they narrow what they return (masking, hiding a petition's content or a tag).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from gridapp.i18n import QT_TRANSLATE_NOOP, translate
from gridapp.models.access import PERMISSION_LABELS, Permission, may
from gridapp.models.errors import FieldError, ValidationError

if TYPE_CHECKING:
    from gridapp.store.db import Store

MSG_DENIED = QT_TRANSLATE_NOOP("Messages", "Your role may not {what}.")
MSG_NO_SESSION = QT_TRANSLATE_NOOP("Messages", "Log in first: this register has accounts.")


class AccessDenied(ValidationError):
    """The role of whoever works at the store may not do this; nothing was changed."""

    def __init__(self, permission: Permission | None) -> None:
        if permission is None:
            error = FieldError("access", MSG_NO_SESSION)
        else:
            what = translate("Access", PERMISSION_LABELS[permission])
            error = FieldError("access", MSG_DENIED, {"what": what})
        self.permission = permission
        super().__init__([error])


def current_role(store: Store) -> str:
    """The role of the account logged in on ``store``; in set-up mode (no account yet) the
    PC's petition-workflow role; "" when accounts exist and nobody is logged in."""
    session = getattr(store, "session", None)
    if session is not None:
        return str(session.role)
    if accounts_exist(store):
        return ""
    from gridapp.store.petitions import PetitionRepository

    return PetitionRepository(store).role()


def accounts_exist(store: Store) -> bool:
    """Whether any account has been made on this PC (the accounts table of issue #8; False
    while that table does not exist)."""
    probe = getattr(store, "accounts_exist", None)
    return bool(probe()) if callable(probe) else False


def allowed(store: Store, permission: Permission) -> bool:
    return may(current_role(store), permission)


def require(store: Store, permission: Permission) -> None:
    """Raise :class:`AccessDenied` unless the current role holds ``permission``."""
    role = current_role(store)
    if not role:
        raise AccessDenied(None)
    if not may(role, permission):
        raise AccessDenied(permission)
