"""The words of the audit log: each action code of :meth:`Store.write` in Chinese (English
in code, Chinese in the .ts), the record an entry names and its detail for reading.

Unknown actions show as they are: an action added later reads in English until it is named
here (``tests/test_audit.py`` lists every action the code writes and fails on an unnamed one).
"""

from __future__ import annotations

import json

from gridapp.i18n import QT_TRANSLATE_NOOP, tr, translate
from gridapp.models.petition_flow import action_label

CONTEXT = "Audit"  # translation context of the action labels
PETITION_STEP = "petition step "  # + a petition_flow action code
DEMO_LOAD = "load demo data"  # + ": part"

# Action codes of Store.write -> label (English source, Chinese in the .ts). Unknown actions
# show as they are.
ACTION_LABELS: dict[str, str] = {
    # accounts (gridapp.store.accounts)
    "login": QT_TRANSLATE_NOOP("Audit", "Log in"),
    "login_failed": QT_TRANSLATE_NOOP("Audit", "Failed login"),
    "account_locked": QT_TRANSLATE_NOOP("Audit", "Account locked"),
    "logout": QT_TRANSLATE_NOOP("Audit", "Log out"),
    "session_lock": QT_TRANSLATE_NOOP("Audit", "Session locked"),
    "session_unlock": QT_TRANSLATE_NOOP("Audit", "Unlock the session"),
    "user_add": QT_TRANSLATE_NOOP("Audit", "Add an account"),
    "user_disable": QT_TRANSLATE_NOOP("Audit", "Disable an account"),
    "user_enable": QT_TRANSLATE_NOOP("Audit", "Enable an account"),
    "role_change": QT_TRANSLATE_NOOP("Audit", "Role change"),
    "password_reset": QT_TRANSLATE_NOOP("Audit", "Reset a password"),
    "password_change": QT_TRANSLATE_NOOP("Audit", "Change one's password"),
    "account_settings": QT_TRANSLATE_NOOP("Audit", "Account settings"),
    # sensitive reads and files out (issue #8)
    "unmask": QT_TRANSLATE_NOOP("Audit", "View full numbers"),
    "export": QT_TRANSLATE_NOOP("Audit", "Export"),
    "print": QT_TRANSLATE_NOOP("Audit", "Print"),
    "delete": QT_TRANSLATE_NOOP("Audit", "Delete"),
    "month_close": QT_TRANSLATE_NOOP("Audit", "Close the month"),
    "month_reopen": QT_TRANSLATE_NOOP("Audit", "Reopen the month"),
    "backup": QT_TRANSLATE_NOOP("Audit", "Backup"),
    "restore": QT_TRANSLATE_NOOP("Audit", "Restore"),
    "recovery sheet": QT_TRANSLATE_NOOP("Audit", "Print a recovery sheet"),
    "key recovered": QT_TRANSLATE_NOOP("Audit", "Key recovery"),
    # the register
    "create household": QT_TRANSLATE_NOOP("Audit", "New household"),
    "update household": QT_TRANSLATE_NOOP("Audit", "Edit a household"),
    "update person": QT_TRANSLATE_NOOP("Audit", "Edit a person"),
    "move in": QT_TRANSLATE_NOOP("Audit", "Move in"),
    "birth": QT_TRANSLATE_NOOP("Audit", "Birth"),
    "move back in": QT_TRANSLATE_NOOP("Audit", "Move back in"),
    "move out": QT_TRANSLATE_NOOP("Audit", "Move out"),
    "death": QT_TRANSLATE_NOOP("Audit", "Death"),
    "change head": QT_TRANSLATE_NOOP("Audit", "Change the head of household"),
    "split household": QT_TRANSLATE_NOOP("Audit", "Split a household"),
    "add person tag": QT_TRANSLATE_NOOP("Audit", "Tag a person"),
    "add household tag": QT_TRANSLATE_NOOP("Audit", "Tag a household"),
    "end person tag": QT_TRANSLATE_NOOP("Audit", "End a person's tag"),
    "end household tag": QT_TRANSLATE_NOOP("Audit", "End a household's tag"),
    "import households": QT_TRANSLATE_NOOP("Audit", "Import a roster"),
    "export households": QT_TRANSLATE_NOOP("Audit", "Export the roster"),
    # party members' dual reporting and service
    "add party member": QT_TRANSLATE_NOOP("Audit", "Add a party member"),
    "update party member": QT_TRANSLATE_NOOP("Audit", "Edit a party member"),
    "party member report": QT_TRANSLATE_NOOP("Audit", "Party member reports in"),
    "party member cancel report": QT_TRANSLATE_NOOP("Audit", "Party member's report cancelled"),
    "party org report": QT_TRANSLATE_NOOP("Audit", "Party organisation reports in"),
    "party org receipt": QT_TRANSLATE_NOOP("Audit", "Party organisation's report received"),
    "party org cancel": QT_TRANSLATE_NOOP("Audit", "Party organisation's report cancelled"),
    "party post add": QT_TRANSLATE_NOOP("Audit", "New service post"),
    "party post claim": QT_TRANSLATE_NOOP("Audit", "Service post claimed"),
    "party post withdraw": QT_TRANSLATE_NOOP("Audit", "Service post given up"),
    "party activity add": QT_TRANSLATE_NOOP("Audit", "New activity"),
    "party activity participants": QT_TRANSLATE_NOOP("Audit", "Activity participants"),
    "party feedback save": QT_TRANSLATE_NOOP("Audit", "Feedback recorded"),
    "party feedback update": QT_TRANSLATE_NOOP("Audit", "Feedback edited"),
    # petitions
    "register petition": QT_TRANSLATE_NOOP("Audit", "Register a petition"),
    "petition correct": QT_TRANSLATE_NOOP("Audit", "Correct a petition's registration"),
    "attach file": QT_TRANSLATE_NOOP("Audit", "Attach a file"),
    "detach file": QT_TRANSLATE_NOOP("Audit", "Remove an attached file"),
    # sync
    "resolve conflict": QT_TRANSLATE_NOOP("Audit", "Resolve a sync conflict"),
}
LABEL_PETITION_STEP = QT_TRANSLATE_NOOP("Audit", "Petition: {step}")
LABEL_DEMO_LOAD = QT_TRANSLATE_NOOP("Audit", "Load demo data")


def label(action: str, lang: str | None = None) -> str:
    """An action code in words (Chinese by default); an unknown one as it is."""
    known = ACTION_LABELS.get(action)
    if known:
        return translate(CONTEXT, known, lang)
    if action.startswith(PETITION_STEP):
        step = action_label(action.removeprefix(PETITION_STEP), lang)
        return translate(CONTEXT, LABEL_PETITION_STEP, lang).format(step=step)
    if action.startswith(DEMO_LOAD):
        return translate(CONTEXT, LABEL_DEMO_LOAD, lang)
    return action


DETAIL_CHANGED = QT_TRANSLATE_NOOP("Messages", "changed: {tables}")


def record_text(tbl: str, row_id: str) -> str:
    """The record an entry is about: the table's name and the start of the row's id."""
    from gridapp.store.conflicts import table_label

    name = table_label(tbl) if tbl else ""
    return f"{name} {row_id[:8]}".strip()


def detail_text(detail: str) -> str:
    """An entry's detail for reading: the rows it changed by table name, then the rest
    as ``key: value`` (the JSON itself when it is not an object)."""
    from gridapp.store.conflicts import table_label

    try:
        value = json.loads(detail)
    except ValueError:
        return detail
    if not isinstance(value, dict):
        return detail
    parts = []
    for key, item in value.items():
        if key == "changed" and isinstance(item, dict):
            tables = "、".join(f"{table_label(t)} {n}" for t, n in item.items() if n)
            if tables:
                parts.append(tr(DETAIL_CHANGED, tables=tables))
            continue
        shown = item if isinstance(item, str) else json.dumps(item, ensure_ascii=False)
        parts.append(f"{key}: {shown}")
    return "; ".join(parts)
