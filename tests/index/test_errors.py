"""Errors: one documented hierarchy, all of it exported (introspective, httpx style)."""

from __future__ import annotations

import builtins
import inspect

import pytest

import index
import index.errors
from index.errors import ArticlebotError

DEFINED = [
    obj
    for _, obj in inspect.getmembers(index.errors, inspect.isclass)
    if issubclass(obj, BaseException) and obj.__module__ == "index.errors"
]


def test_every_error_defined_is_exported_from_errors_and_the_package() -> None:
    names = {cls.__name__ for cls in DEFINED}
    assert names == set(index.errors.__all__)
    assert names <= set(index.__all__)
    for name in names:
        assert getattr(index, name) is getattr(index.errors, name)


@pytest.mark.parametrize("name", index.errors.__all__)
def test_each_error_is_an_articlebot_error(name: str) -> None:
    assert issubclass(getattr(index.errors, name), ArticlebotError)


@pytest.mark.parametrize("name", index.errors.__all__)
def test_each_error_has_a_docstring_and_appears_in_the_tree(name: str) -> None:
    cls = getattr(index.errors, name)
    assert cls.__doc__ and cls.__doc__.strip()
    assert name in (index.errors.__doc__ or "")


@pytest.mark.parametrize("name", index.errors.__all__)
def test_no_error_shadows_a_builtin(name: str) -> None:
    assert not hasattr(builtins, name)


@pytest.mark.parametrize("name", ["CorpusError", "IndexFileError"])
def test_file_errors_carry_the_path(name: str) -> None:
    err = getattr(index.errors, name)("broken", path="/tmp/x")
    assert (str(err), err.path) == ("broken", "/tmp/x")
    assert getattr(index.errors, name)("no path").path is None
