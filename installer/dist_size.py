"""Print the size of a built folder or file (bytes and MiB), the largest parts first.

python installer/dist_size.py build/dist/gridapp [--top 8]
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path


def tree_size(path: Path) -> int:
    if path.is_file():
        return path.stat().st_size
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file() and not p.is_symlink())


def mib(size: int) -> str:
    return f"{size / 1024 / 1024:.1f} MiB"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("path", type=Path)
    parser.add_argument("--top", type=int, default=8, help="list the N largest files")
    args = parser.parse_args(argv)
    if not args.path.exists():
        print(f"{args.path}: not found", file=sys.stderr)
        return 1
    total = tree_size(args.path)
    print(f"size of {args.path}: {total} bytes ({mib(total)})")
    if args.path.is_dir() and args.top > 0:
        files = sorted(
            (p for p in args.path.rglob("*") if p.is_file() and not p.is_symlink()),
            key=lambda p: p.stat().st_size,
            reverse=True,
        )
        for p in files[: args.top]:
            print(f"  {mib(p.stat().st_size):>10}  {p.relative_to(args.path)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
