"""The index file: one JSON manifest and raw numeric arrays in a single memory-mappable file.

Layout (little-endian)::

    b"ARTBOTIX"  u32 format version  u32 reserved  u64 manifest length
    manifest (UTF-8 JSON)  zero padding to a 64-byte boundary
    array 0  padding  array 1  padding  …

The manifest lists every array (dtype, shape, offset, CRC-32), so loading is a memory map plus
a checksum pass, never a parse of the data and never code execution (no pickle). Writing goes
to a temporary file in the same folder, fsync, then ``os.replace``: a crash mid-write leaves
the previous index intact.
"""

from __future__ import annotations

import json
import mmap
import os
import struct
import tempfile
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from index.errors import IndexFileError

MAGIC = b"ARTBOTIX"
FORMAT_VERSION = 1
_HEAD = struct.Struct("<8sIIQ")
_ALIGN = 64
_DTYPES = {"int16", "int32", "int64", "uint8", "float32", "float64"}


@dataclass(frozen=True, slots=True)
class IndexFile:
    """A loaded index file: its manifest and its arrays (read-only views of the map)."""

    path: Path
    manifest: dict[str, Any]
    arrays: dict[str, np.ndarray[Any, Any]]


def _pad(n: int) -> int:
    return (-n) % _ALIGN


def write_index_file(path: Path, manifest: dict[str, Any], arrays: dict[str, np.ndarray[Any, Any]]
                     ) -> None:
    """Write ``manifest`` and ``arrays`` to ``path`` atomically (temp file, fsync, rename)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    table: dict[str, dict[str, Any]] = {}
    contiguous = {k: np.ascontiguousarray(v) for k, v in arrays.items()}
    offset = 0
    for name, arr in contiguous.items():
        if arr.dtype.name not in _DTYPES:
            raise ValueError(f"array {name!r} has unsupported dtype {arr.dtype}")
        table[name] = {
            "dtype": arr.dtype.name,
            "shape": list(arr.shape),
            "offset": offset,
            "nbytes": int(arr.nbytes),
            "crc32": zlib.crc32(memoryview(arr).cast("B")) if arr.nbytes else 0,
        }
        offset += arr.nbytes + _pad(arr.nbytes)
    body = json.dumps({**manifest, "arrays": table}, ensure_ascii=False).encode("utf-8")
    head = _HEAD.pack(MAGIC, FORMAT_VERSION, 0, len(body))
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(head + body + b"\0" * _pad(len(head) + len(body)))
            for arr in contiguous.values():
                f.write(memoryview(arr).cast("B") if arr.nbytes else b"")
                f.write(b"\0" * _pad(arr.nbytes))
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def read_manifest(path: Path) -> dict[str, Any]:
    """Only the manifest of an index file (cheap: no arrays are touched)."""
    try:
        with path.open("rb") as f:
            head = f.read(_HEAD.size)
            magic, version, _, length = _check_head(path, head)
            body = f.read(length)
    except OSError as exc:
        raise IndexFileError(f"cannot read index file {path}: {exc.strerror or exc}", str(path)) from exc
    if len(body) != length:
        raise IndexFileError(f"index file {path} is truncated (manifest cut short)", str(path))
    try:
        manifest: dict[str, Any] = json.loads(body)
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise IndexFileError(f"index file {path} is corrupt (manifest is not JSON)", str(path)) from exc
    return manifest


def _check_head(path: Path, head: bytes) -> tuple[bytes, int, int, int]:
    if len(head) < _HEAD.size or not head.startswith(MAGIC):
        raise IndexFileError(f"{path} is not an articlebot index file", str(path))
    magic, version, reserved, length = _HEAD.unpack(head)
    if version != FORMAT_VERSION:
        raise IndexFileError(
            f"index file {path} has format version {version}, this articlebot reads {FORMAT_VERSION}",
            str(path),
        )
    return magic, version, reserved, length


def read_index_file(path: Path, verify: bool = True) -> IndexFile:
    """Memory-map an index file; every defect is an :class:`IndexFileError`, never a crash."""
    manifest = read_manifest(path)
    try:
        with path.open("rb") as f:
            size = os.fstat(f.fileno()).st_size
            mm = mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ) if size else None
    except (OSError, ValueError) as exc:
        raise IndexFileError(f"cannot map index file {path}: {exc}", str(path)) from exc
    if mm is None:
        raise IndexFileError(f"index file {path} is empty", str(path))
    length = _HEAD.unpack(mm[: _HEAD.size])[3]
    start = _HEAD.size + length
    start += _pad(start)
    arrays: dict[str, np.ndarray[Any, Any]] = {}
    try:
        for name, spec in manifest["arrays"].items():
            dtype = np.dtype(spec["dtype"]) if spec["dtype"] in _DTYPES else None
            lo, n = start + int(spec["offset"]), int(spec["nbytes"])
            if dtype is None or lo + n > size:
                raise IndexFileError(f"index file {path} is truncated or corrupt ({name})", str(path))
            view = memoryview(mm)[lo : lo + n]
            if verify and zlib.crc32(view) != spec["crc32"]:
                raise IndexFileError(f"index file {path} is corrupt (checksum of {name})", str(path))
            count = n // dtype.itemsize
            arrays[name] = np.frombuffer(mm, dtype=dtype, count=count, offset=lo).reshape(spec["shape"])
    except (KeyError, TypeError, ValueError) as exc:
        raise IndexFileError(f"index file {path} is corrupt ({exc})", str(path)) from exc
    return IndexFile(path, manifest, arrays)


__all__ = ["FORMAT_VERSION", "IndexFile", "read_index_file", "read_manifest", "write_index_file"]
