"""Validation errors that carry a field name and a translatable message."""

from __future__ import annotations

from dataclasses import dataclass
from dataclasses import field as dataclass_field

from gridapp.i18n import tr


@dataclass(frozen=True)
class FieldError:
    """One problem with one field.

    ``message`` is the English source string (marked with ``QT_TRANSLATE_NOOP("Messages", …)``
    where it is defined) and ``params`` fill its ``{named}`` placeholders after translation.
    """

    field: str
    message: str
    params: dict[str, object] = dataclass_field(default_factory=dict)

    def text(self, lang: str | None = None) -> str:
        """The message in the user's language (Chinese by default)."""
        return tr(self.message, lang, **self.params)


class ValidationError(ValueError):
    """Raised when an entity or a value is invalid; holds one error per bad field."""

    def __init__(self, errors: list[FieldError]) -> None:
        self.errors = errors
        super().__init__("; ".join(f"{e.field}: {e.text('en')}" for e in errors))

    def messages(self, lang: str | None = None) -> dict[str, str]:
        """Field name -> translated message (the first one per field)."""
        out: dict[str, str] = {}
        for error in self.errors:
            out.setdefault(error.field, error.text(lang))
        return out
