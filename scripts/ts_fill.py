"""Fill Chinese translations into resources/translations/gridapp_zh_CN.ts.

Usage: python scripts/ts_fill.py FILE.tsv   (lines: ``source<TAB>translation``, context
``Messages``; or ``context<TAB>source<TAB>translation``). Entries missing from the .ts are
added; run ``make ts`` first so lupdate records the source locations. Holds a lock so that
several people (or helpers) can run it at once.
"""

from __future__ import annotations

import fcntl
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

TS = Path(__file__).resolve().parent.parent / "resources" / "translations" / "gridapp_zh_CN.ts"


def fill(pairs: list[tuple[str, str, str]]) -> int:
    with open(TS.with_suffix(".lock"), "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        tree = ET.parse(TS)
        root = tree.getroot()
        contexts = {c.findtext("name") or "": c for c in root.iter("context")}
        changed = 0
        for context_name, source, translation in pairs:
            context = contexts.get(context_name)
            if context is None:
                context = ET.SubElement(root, "context")
                ET.SubElement(context, "name").text = context_name
                contexts[context_name] = context
            for message in context.iter("message"):
                if message.findtext("source") == source:
                    break
            else:
                message = ET.SubElement(context, "message")
                ET.SubElement(message, "source").text = source
                ET.SubElement(message, "translation")
            element = message.find("translation")
            assert element is not None
            element.text = translation
            element.attrib.pop("type", None)
            changed += 1
        ET.indent(tree)
        body = ET.tostring(root, encoding="unicode")
        TS.write_text(
            '<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE TS>\n' + body + "\n", "utf-8"
        )
        return changed


def main() -> None:
    pairs = []
    for line in Path(sys.argv[1]).read_text("utf-8").splitlines():
        if not line.strip():
            continue
        # A line break inside a string is written \n in the TSV.
        parts = [part.replace("\\n", "\n") for part in line.split("\t")]
        if len(parts) == 2:
            pairs.append(("Messages", parts[0], parts[1]))
        elif len(parts) == 3:
            pairs.append((parts[0], parts[1], parts[2]))
        else:
            raise SystemExit(f"bad line: {line!r}")
    print(f"{fill(pairs)} translations written to {TS}")


if __name__ == "__main__":
    main()
