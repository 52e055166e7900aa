"""Translation of user-facing strings outside the Qt layer.

Source strings are English and marked with :func:`QT_TRANSLATE_NOOP` so that
``pyside6-lupdate`` collects them into ``resources/translations/gridapp_zh_CN.ts``,
the single place where the Chinese text lives. The UI loads the compiled ``.qm`` through
Qt; the command line (which never imports Qt) reads the same ``.ts`` file here.
"""

from __future__ import annotations

import functools
import os
import xml.etree.ElementTree as ET

from gridapp.paths import resource_path

DEFAULT_LANG = "zh_CN"
ENV_LANG = "GRIDAPP_LANG"


def QT_TRANSLATE_NOOP(context: str, text: str) -> str:
    """Mark ``text`` for translation in ``context``; returns it unchanged."""
    return text


def current_lang() -> str:
    """The language for messages: ``GRIDAPP_LANG`` or Chinese."""
    return os.environ.get(ENV_LANG, DEFAULT_LANG)


@functools.cache
def _catalog(lang: str) -> dict[tuple[str, str], str]:
    path = resource_path("translations", f"gridapp_{lang}.ts")
    if not path.exists():
        return {}
    catalog: dict[tuple[str, str], str] = {}
    for context in ET.parse(path).getroot().iter("context"):
        name = context.findtext("name") or ""
        for message in context.iter("message"):
            source = message.findtext("source")
            translation = message.find("translation")
            if source is None or translation is None or not translation.text:
                continue
            if translation.get("type") in ("unfinished", "obsolete", "vanished"):
                continue
            catalog[(name, source)] = translation.text
    return catalog


def translate(context: str, text: str, lang: str | None = None) -> str:
    """Translate a marked source string; English (or a missing entry) returns it as is."""
    lang = lang or current_lang()
    if lang.startswith("en"):
        return text
    return _catalog(lang).get((context, text), text)


def tr(text: str, lang: str | None = None, **params: object) -> str:
    """Translate a ``Messages`` string and fill its ``{named}`` placeholders."""
    translated = translate("Messages", text, lang)
    return translated.format(**params) if params else translated
