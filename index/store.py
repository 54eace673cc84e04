"""The index file: one JSON manifest and raw numeric arrays in a single memory-mappable file.

Layout (little-endian)::

    b"ARTBOTIX"  u32 format version  u32 manifest CRC-32  u64 manifest length
    manifest (UTF-8 JSON)  zero padding to a 64-byte boundary
    array 0  padding  array 1  padding  …

The manifest lists every array (dtype, shape, offset, CRC-32), so loading is a memory map plus
a checksum pass, never a parse of the data and never code execution (no pickle). The manifest
has its own checksum: it holds titles, passage ranges and BM25 parameters, so a flipped byte
there would otherwise be a wrong answer rather than an error. Writing goes to a temporary
file in the same folder, fsync, then ``os.replace``: a crash mid-write leaves the previous
index intact.

Every array is checksummed at load, not lazily: zlib's CRC-32 runs at several GB/s, so it costs
~25 ms for 100,000 passages and ~0.3 s for a million (README, "Scale and speed"), while lazy
checks would need a hook in every reader of every array or leave some bytes unchecked. The
pass reads the file through a small buffer instead of the map, so it leaves nothing resident:
a process maps only the pages its answers touch. Truncation is caught even with
``verify=False``, which skips only the checksums.
"""

from __future__ import annotations

import io
import json
import mmap
import os
import struct
import tempfile
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO

import numpy as np

from index.errors import IndexFileError

MAGIC = b"ARTBOTIX"
# 2: the header's reserved word became the manifest's CRC-32 (version 1 had none).
# 3: look-up tables (vocabulary, word forms, headline terms) as arrays (issue 16).
# 4: per-article postings (index.articlepostings).
FORMAT_VERSION = 4
_HEAD = struct.Struct("<8sIIQ")
_ALIGN = 64
_DTYPES = {"int16", "int32", "int64", "uint8", "uint64", "float32", "float64"}
# Checksums are computed over reads of this many bytes (cache-sized, reused).
_CRC_CHUNK = 1 << 20


@dataclass(frozen=True, slots=True)
class IndexFile:
    """A loaded index file: its manifest and its arrays (read-only views of the map)."""

    path: Path
    manifest: dict[str, Any]
    arrays: dict[str, np.ndarray[Any, Any]]


def _pad(n: int) -> int:
    return (-n) % _ALIGN


def write_index_file(
    path: Path, manifest: dict[str, Any], arrays: dict[str, np.ndarray[Any, Any]]
) -> None:
    """Write ``manifest`` and ``arrays`` to ``path`` atomically (temp file, fsync, rename).

    An operating-system failure (folder not writable, ``path`` is a folder, disk full) is an
    :class:`IndexFileError`; the previous file, if any, is left as it was.
    """
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
            "crc32": zlib.crc32(arr.data.cast("B")) if arr.nbytes else 0,
        }
        offset += arr.nbytes + _pad(arr.nbytes)
    body = json.dumps({**manifest, "arrays": table}, ensure_ascii=False).encode("utf-8")
    head = _HEAD.pack(MAGIC, FORMAT_VERSION, zlib.crc32(body), len(body))
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    except OSError as exc:
        raise _write_error(path, exc) from exc
    try:
        # mkstemp makes the file private (0600); an index is read by bot processes that may
        # run as another user, so give it an ordinary file's permissions.
        os.fchmod(fd, 0o644)
        with os.fdopen(fd, "wb") as f:
            f.write(head + body + b"\0" * _pad(len(head) + len(body)))
            for arr in contiguous.values():
                f.write(arr.data.cast("B") if arr.nbytes else b"")
                f.write(b"\0" * _pad(arr.nbytes))
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException as exc:
        Path(tmp).unlink(missing_ok=True)
        if isinstance(exc, OSError):
            raise _write_error(path, exc) from exc
        raise


def _write_error(path: Path, exc: OSError) -> IndexFileError:
    return IndexFileError(f"cannot write index file {path}: {exc.strerror or exc}", str(path))


def read_manifest(path: Path) -> dict[str, Any]:
    """Only the manifest of an index file (cheap: no arrays are touched)."""
    try:
        with path.open("rb") as f:
            return _read_manifest(path, f)[0]
    except OSError as exc:
        raise IndexFileError(
            f"cannot read index file {path}: {exc.strerror or exc}", str(path)
        ) from exc


def _read_manifest(path: Path, f: BinaryIO) -> tuple[dict[str, Any], int]:
    """The manifest of the open index file ``f``, and the offset where its arrays start."""
    size = os.fstat(f.fileno()).st_size
    crc, length = _check_head(path, f.read(_HEAD.size))
    # Checked before reading: a corrupt length must not become a huge allocation.
    body = f.read(length) if length <= size - _HEAD.size else b""
    if len(body) != length:
        raise IndexFileError(f"index file {path} is truncated (manifest cut short)", str(path))
    if zlib.crc32(body) != crc:
        raise IndexFileError(f"index file {path} is corrupt (checksum of the manifest)", str(path))
    try:
        manifest = json.loads(body)
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise IndexFileError(
            f"index file {path} is corrupt (manifest is not JSON)", str(path)
        ) from exc
    if not isinstance(manifest, dict):
        raise IndexFileError(f"index file {path} is corrupt (manifest is not an object)", str(path))
    start = _HEAD.size + length
    return manifest, start + _pad(start)


def _check_head(path: Path, head: bytes) -> tuple[int, int]:
    """The manifest's CRC-32 and length, once the header is known to be ours and current."""
    if not head:
        raise IndexFileError(f"index file {path} is empty", str(path))
    if head[: len(MAGIC)] != MAGIC:
        raise IndexFileError(f"{path} is not an articlebot index file", str(path))
    if len(head) < _HEAD.size:
        raise IndexFileError(f"index file {path} is truncated (header cut short)", str(path))
    _, version, crc, length = _HEAD.unpack(head)
    if version != FORMAT_VERSION:
        raise IndexFileError(
            f"index file {path} has format version {version}, "
            f"this articlebot reads {FORMAT_VERSION}",
            str(path),
        )
    return crc, length


def read_index_file(path: Path, verify: bool = True) -> IndexFile:
    """Memory-map an index file; every defect is an :class:`IndexFileError`, never a crash."""
    # Manifest and map come from one descriptor: a rebuild that replaces the file meanwhile
    # must not pair one file's manifest with the other's arrays.
    try:
        with path.open("rb") as f:
            manifest, start = _read_manifest(path, f)
            size = os.fstat(f.fileno()).st_size
            mm = mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ)
            arrays = _map_arrays(path, f, mm, manifest, start, size, verify)
    except (OSError, ValueError) as exc:
        detail = getattr(exc, "strerror", None) or exc
        raise IndexFileError(f"cannot read index file {path}: {detail}", str(path)) from exc
    return IndexFile(path, manifest, arrays)


def _map_arrays(
    path: Path,
    f: io.BufferedReader,
    mm: mmap.mmap,
    manifest: dict[str, Any],
    start: int,
    size: int,
    verify: bool,
) -> dict[str, np.ndarray[Any, Any]]:
    """Every array of the manifest as a read-only view of the map, checked (see the module)."""
    arrays: dict[str, np.ndarray[Any, Any]] = {}
    try:
        for name, spec in manifest["arrays"].items():
            dtype = np.dtype(spec["dtype"]) if spec["dtype"] in _DTYPES else None
            lo, n = start + int(spec["offset"]), int(spec["nbytes"])
            if dtype is None or lo + n > size:
                raise IndexFileError(
                    f"index file {path} is truncated or corrupt ({name})", str(path)
                )
            if verify and _crc32(f, lo, n) != spec["crc32"]:
                raise IndexFileError(
                    f"index file {path} is corrupt (checksum of {name})", str(path)
                )
            arrays[name] = np.frombuffer(
                mm, dtype=dtype, count=n // dtype.itemsize, offset=lo
            ).reshape(spec["shape"])
    except (AttributeError, KeyError, TypeError, ValueError) as exc:
        raise IndexFileError(f"index file {path} is corrupt ({exc})", str(path)) from exc
    return arrays


def _crc32(f: io.BufferedReader, offset: int, n: int) -> int:
    """CRC-32 of ``n`` bytes of the file from ``offset``, read rather than mapped.

    Checksumming through the map would leave every page of the index resident in this process
    (RSS = file size); read through a small buffer, only what answering touches is mapped.
    """
    crc = 0
    buf = memoryview(bytearray(min(n, _CRC_CHUNK)))
    f.seek(offset)
    while n > 0:
        got = f.readinto(buf[: min(n, len(buf))])
        if not got:
            break  # cut short: the checksum cannot match
        crc = zlib.crc32(buf[:got], crc)
        n -= got
    return crc


__all__ = ["FORMAT_VERSION", "IndexFile", "read_index_file", "read_manifest", "write_index_file"]
