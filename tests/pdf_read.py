"""Reading a ledger PDF back the way the ledger tests check it: its tables and page texts
(pdfplumber, read once per file) and the fonts it carries (pdffonts)."""

from __future__ import annotations

import functools
import shutil
import subprocess
from pathlib import Path

import pdfplumber
import pytest


@functools.cache
def raw_tables(pdf_path: Path) -> list[list[list[list[str]]]]:
    """Per page, its tables as rows of cell texts (a wrapped cell keeps its line breaks)."""
    with pdfplumber.open(pdf_path) as pdf:
        return [
            [[[c or "" for c in row] for row in t] for t in page.extract_tables()]
            for page in pdf.pages
        ]


@functools.cache
def tables(pdf_path: Path) -> list[list[list[list[str]]]]:
    """Per page, its tables as rows of cell texts, the lines of wrapped text joined."""
    return [
        [[[c.replace("\n", "") for c in row] for row in t] for t in page]
        for page in raw_tables(pdf_path)
    ]


@functools.cache
def page_texts(pdf_path: Path) -> list[str]:
    with pdfplumber.open(pdf_path) as pdf:
        return [page.extract_text() or "" for page in pdf.pages]


def assert_fonts_embedded(*pdf_paths: Path) -> None:
    """Every font the PDFs use is the ledger font, embedded as a subset with a Unicode map,
    as ``pdffonts`` (poppler-utils) lists them; skipped where pdffonts is not installed."""
    if shutil.which("pdffonts") is None:
        pytest.skip("pdffonts (poppler-utils) is not installed")
    for pdf_path in pdf_paths:
        lines = subprocess.run(
            ["pdffonts", str(pdf_path)], capture_output=True, text=True, check=True
        ).stdout.splitlines()[2:]
        assert lines, pdf_path
        for line in lines:
            name, *_, emb, sub, uni, _obj, _gen = line.split()
            assert "WenQuanYiMicroHei" in name and "+" in name, line
            assert (emb, sub, uni) == ("yes", "yes", "yes"), line
