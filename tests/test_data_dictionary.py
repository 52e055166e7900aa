"""docs/data-dictionary.md lists every column, and it is current."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

from gridapp.models.register import HOUSEHOLD_FIELDS, PERSON_FIELDS

ROOT = Path(__file__).resolve().parent.parent


def load_generator():  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location(
        "gen_data_dictionary", ROOT / "scripts" / "gen_data_dictionary.py"
    )
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_document_is_generated_from_the_current_schema() -> None:
    generator = load_generator()
    assert (ROOT / "docs" / "data-dictionary.md").read_text("utf-8") == generator.render(), (
        "run scripts/gen_data_dictionary.py"
    )


def test_field_specs_and_dictionary_name_the_same_code_tables() -> None:
    labels = json.loads((ROOT / "resources" / "data-dictionary.json").read_text("utf-8"))
    for table, specs in (("person", PERSON_FIELDS), ("household", HOUSEHOLD_FIELDS)):
        columns = labels["tables"][table]["columns"]
        for name, spec in specs.items():
            assert name in columns, f"{table}.{name} missing from the data dictionary"
            assert columns[name].get("code_table", "") == spec.table, f"{table}.{name}"
