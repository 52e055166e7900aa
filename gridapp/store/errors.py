"""Store failures a person can act on, each with a translatable explanation.

Environmental problems (wrong passphrase, missing key, a database from a newer version) are
not bugs: the CLI prints the message and exits non-zero; the UI shows it calmly.
"""

from __future__ import annotations

from gridapp.i18n import QT_TRANSLATE_NOOP, tr


class StoreError(Exception):
    """Base class: ``message`` is an English source string marked for translation."""

    message = QT_TRANSLATE_NOOP("Messages", "The local database could not be opened.")

    def __init__(self, message: str | None = None, **params: object) -> None:
        if message is not None:
            self.message = message
        self.params = params
        super().__init__(self.message.format(**params) if params else self.message)

    def text(self, lang: str | None = None) -> str:
        """The message in the user's language."""
        return tr(self.message, lang, **self.params)


class WrongKeyError(StoreError):
    message = QT_TRANSLATE_NOOP(
        "Messages",
        "The database key is wrong: this database cannot be decrypted with it. "
        "Nothing was changed.",
    )


class WrongPassphraseError(StoreError):
    message = QT_TRANSLATE_NOOP(
        "Messages", "The passphrase is wrong. Nothing was opened or changed."
    )


class PassphraseRequiredError(StoreError):
    message = QT_TRANSLATE_NOOP(
        "Messages",
        "No secure keyring is available on this computer, so the database key is protected "
        "by a passphrase. Set GRIDAPP_PASSPHRASE or run the command in a terminal to type it.",
    )


class WeakPassphraseError(StoreError):
    message = QT_TRANSLATE_NOOP("Messages", "The passphrase must have at least {min} characters.")


class MissingKeyError(StoreError):
    message = QT_TRANSLATE_NOOP(
        "Messages",
        "The key of the existing database in {path} was not found ({detail}). "
        "A new database was NOT created; restore the key or use the recovery code.",
    )


class MissingDatabaseError(StoreError):
    message = QT_TRANSLATE_NOOP(
        "Messages",
        "The database file {path} is missing although its key exists. "
        "A new database was NOT created; restore it from a backup.",
    )


class NotInitialisedError(StoreError):
    message = QT_TRANSLATE_NOOP(
        "Messages", "There is no database in {path} yet. Load demo data or import a roster first."
    )


class NewerSchemaError(StoreError):
    message = QT_TRANSLATE_NOOP(
        "Messages",
        "This database was written by a newer version of GridApp (schema {found}, this "
        "program knows up to {known}). Please update the program; nothing was changed.",
    )


class CorruptDatabaseError(StoreError):
    message = QT_TRANSLATE_NOOP("Messages", "The database failed its integrity check: {detail}")


class NotFoundError(StoreError):
    message = QT_TRANSLATE_NOOP("Messages", "No record found for {what}.")
