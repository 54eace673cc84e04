"""How well `articlebot add` extracts real web pages: trafilatura's own real-world test set.

trafilatura's repository keeps 110 saved pages (`tests/cache/*.html`: news sites, blogs,
magazines) and, in `tests/realworld_tests.py`, sentences that must be in the extracted text
(the body) and sentences that must not (navigation, cookie notices, adverts, related links,
footers). This runs articlebot's extraction (:func:`index.htmlarticle.article_from_html`'s
settings, and the alternatives it was chosen over) on every page and counts both. Some "must
keep" sentences are reader comments, which articlebot drops on purpose.

    git clone --depth 1 https://github.com/adbar/trafilatura /tmp/trafilatura
    python bench/extract_eval.py /tmp/trafilatura/tests
"""

from __future__ import annotations

import argparse
import ast
import warnings
from pathlib import Path
from typing import Any

from common import ROOT

from index.htmlarticle import EXTRACT_OPTIONS, _paragraphs

MODES: dict[str, dict[str, Any]] = {
    "articlebot (balanced, tables)": {},
    "favor_precision": {"favor_precision": True, "include_tables": False},
    "balanced, no tables": {"include_tables": False},
    "favor_recall": {"favor_recall": True},
}


def _checks(tests: Path) -> tuple[dict[str, str], dict[str, list[tuple[str, bool]]]]:
    """The page file of each URL, and each URL's (sentence, must be kept) checks."""
    tree = ast.parse((tests / "realworld_tests.py").read_text(encoding="utf-8"))
    pages: dict[str, str] = {}
    checks: dict[str, list[tuple[str, bool]]] = {}
    for node in tree.body:
        if isinstance(node, ast.Assign) and getattr(node.targets[0], "id", "") == "MOCK_PAGES":
            pages = ast.literal_eval(node.value)
        if isinstance(node, ast.FunctionDef) and node.name == "test_extract":
            _collect(node.body, checks, [None])
    return pages, checks


def _collect(
    stmts: list[ast.stmt], checks: dict[str, list[tuple[str, bool]]], cur: list[str | None]
) -> None:
    for st in stmts:
        call = st.value if isinstance(st, ast.Assign) else None
        if isinstance(call, ast.Call) and getattr(call.func, "id", "") == "do_load_page":
            arg = call.args[0]
            cur[0] = arg.value if isinstance(arg, ast.Constant) else None
            if cur[0]:
                checks.setdefault(cur[0], [])
        elif isinstance(st, ast.Assert) and cur[0] and isinstance(st.test, ast.Compare):
            left, op, right = st.test.left, st.test.ops[0], st.test.comparators[0]
            if (
                isinstance(left, ast.Constant)
                and isinstance(left.value, str)
                and isinstance(op, ast.In | ast.NotIn)
                and getattr(right, "id", "") == "result"
            ):
                checks[cur[0]].append((left.value, isinstance(op, ast.In)))
        elif isinstance(st, ast.If):
            _collect(st.body, checks, cur)


def _text(raw: bytes, url: str, options: dict[str, Any]) -> str:
    import trafilatura

    doc = trafilatura.bare_extraction(raw, url=url, **{**EXTRACT_OPTIONS, **options})
    if doc is None or not doc.text:
        return ""
    title = doc.title or ""
    return "\n".join([title, *_paragraphs(doc.text, title)])


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    p.add_argument("tests", type=Path, help="trafilatura's tests/ folder")
    args = p.parse_args(argv)
    warnings.simplefilter("ignore")
    pages, checks = _checks(args.tests)
    print(f"# extraction on trafilatura's real-world pages (root {ROOT})")
    print("| settings | pages | body sentences kept | furniture dropped |")
    print("|---|---:|---:|---:|")
    for mode, options in MODES.items():
        kept = keep_total = dropped = drop_total = n_pages = 0
        for url, cs in checks.items():
            path = args.tests / "cache" / pages.get(url, "-")
            if not cs or not path.is_file():
                continue
            n_pages += 1
            text = _text(path.read_bytes(), url, options)
            for sentence, must_keep in cs:
                found = sentence in text
                if must_keep:
                    kept, keep_total = kept + found, keep_total + 1
                else:
                    dropped, drop_total = dropped + (not found), drop_total + 1
        print(f"| {mode} | {n_pages} | {kept}/{keep_total} | {dropped}/{drop_total} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
