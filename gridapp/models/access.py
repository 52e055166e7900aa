"""Who may do what (issue #8): the roles of a GridApp account and the permissions each holds.

Pure data, no SQL and no Qt. The repositories enforce these (``gridapp.store.access``): hiding
a button is a courtesy, the repository's refusal is the rule. The workflow roles of the
petition flow (``gridapp.models.petition_flow.ROLES``) are account roles too, so one role
answers both "which petition steps" and "which data".

Roles (ARCHITECTURE.md "Security model", DOMAIN.md):

- 网格员 ``grid_worker``: keeps the register of their grid, records visits and activities,
  registers petitions. Sees masked ID numbers and phones, no 重点管理 tags, the content of the
  petitions they registered or hold, none of an accusation (检举控告) against others' work.
- 网格长 / 社区书记 ``secretary``: the village's chief — everything of the village, unmasking
  (logged), export, print, delete, closing a month.
- 管理员 ``admin``: manages the accounts of this PC (add, disable, reset a password, change a
  role) and its backups; sees masked data only — an administrator is not a case worker.
- County roles that come with enrolment (``township``, ``county``, ``department``): the
  petition workflow's upper levels, with the secretary's data rights.
"""

from __future__ import annotations

import enum

from gridapp.i18n import QT_TRANSLATE_NOOP
from gridapp.models.petition_flow import COUNTY, DEPARTMENT, GRID_WORKER, SECRETARY, TOWNSHIP

ADMIN = "admin"
ROLES: tuple[str, ...] = (GRID_WORKER, SECRETARY, ADMIN, TOWNSHIP, COUNTY, DEPARTMENT)
ROLE_LABELS: dict[str, str] = {
    GRID_WORKER: QT_TRANSLATE_NOOP("Access", "Grid worker"),
    SECRETARY: QT_TRANSLATE_NOOP("Access", "Grid leader / community secretary"),
    ADMIN: QT_TRANSLATE_NOOP("Access", "Administrator"),
    TOWNSHIP: QT_TRANSLATE_NOOP("Access", "Township (street)"),
    COUNTY: QT_TRANSLATE_NOOP("Access", "County petition bureau"),
    DEPARTMENT: QT_TRANSLATE_NOOP("Access", "Handling department"),
}


class Permission(enum.StrEnum):
    """What a role may do beyond keeping the records of its scope."""

    SEE_FOCUS_TAGS = "see_focus_tags"  # 重点管理 tags (社区矫正, 吸毒人员, …)
    SEE_PETITION_CONTENT = "see_petition_content"  # any petition's content, not only one's own
    UNMASK = "unmask"  # full ID numbers and phones, one record at a time, logged
    EXPORT = "export"  # spreadsheets and files out of the PC
    PRINT = "print"  # ledgers and other printouts
    DELETE = "delete"  # removing records (not register actions such as 迁出)
    CLOSE_MONTH = "close_month"  # 月结: close and reopen a month
    MANAGE_USERS = "manage_users"  # add, disable, reset, change roles
    BACKUP = "backup"  # make and restore backups
    VIEW_AUDIT = "view_audit"  # read and verify the audit log


P = Permission
_CHIEF = frozenset(
    {
        P.SEE_FOCUS_TAGS,
        P.SEE_PETITION_CONTENT,
        P.UNMASK,
        P.EXPORT,
        P.PRINT,
        P.DELETE,
        P.CLOSE_MONTH,
        P.BACKUP,
        P.VIEW_AUDIT,
    }
)
ROLE_PERMISSIONS: dict[str, frozenset[Permission]] = {
    GRID_WORKER: frozenset({P.PRINT}),
    SECRETARY: _CHIEF,
    ADMIN: frozenset({P.MANAGE_USERS, P.BACKUP, P.VIEW_AUDIT}),
    TOWNSHIP: _CHIEF,
    COUNTY: _CHIEF,
    DEPARTMENT: frozenset({P.SEE_PETITION_CONTENT, P.PRINT}),
}

PERMISSION_LABELS: dict[Permission, str] = {
    P.SEE_FOCUS_TAGS: QT_TRANSLATE_NOOP("Access", "see focus-management tags"),
    P.SEE_PETITION_CONTENT: QT_TRANSLATE_NOOP("Access", "read the content of petitions"),
    P.UNMASK: QT_TRANSLATE_NOOP("Access", "see full ID and phone numbers"),
    P.EXPORT: QT_TRANSLATE_NOOP("Access", "export data"),
    P.PRINT: QT_TRANSLATE_NOOP("Access", "print ledgers"),
    P.DELETE: QT_TRANSLATE_NOOP("Access", "delete records"),
    P.CLOSE_MONTH: QT_TRANSLATE_NOOP("Access", "close or reopen a month"),
    P.MANAGE_USERS: QT_TRANSLATE_NOOP("Access", "manage accounts"),
    P.BACKUP: QT_TRANSLATE_NOOP("Access", "make and restore backups"),
    P.VIEW_AUDIT: QT_TRANSLATE_NOOP("Access", "read the audit log"),
}


def may(role: str, permission: Permission) -> bool:
    """Whether ``role`` holds ``permission`` (an unknown role holds none)."""
    return permission in ROLE_PERMISSIONS.get(role, frozenset())
