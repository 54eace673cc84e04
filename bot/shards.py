"""Which Discord shards a process runs: parsing ``--shard-ids`` and the guild → shard rule.

Discord sends a guild's events to shard ``(guild_id >> 22) % shard_count`` and direct
messages to shard 0 only, so a process owns exactly the guilds (and, holding shard 0, the
DMs) of its shards: conversations never need to move between processes.
"""

from __future__ import annotations

from index import SettingsError

MAX_SHARDS = 100_000


def parse_shard_ids(text: str) -> tuple[int, ...]:
    """``"0-3"``, ``"0,2,5"`` or ``"0-1,4"`` as sorted distinct ids (``""``: none given).

    A malformed part raises :class:`ValueError` naming it (settings turn it into one line).
    """
    ids: set[int] = set()
    for part in filter(None, (p.strip() for p in text.split(","))):
        low, dash, high = part.partition("-")
        if not low.strip().isdigit() or (dash and not high.strip().isdigit()):
            raise ValueError(f"must be shard numbers or ranges such as 0-3 or 0,2, got {part!r}")
        first, last = int(low), int(high) if dash else int(low)
        if last < first or last - first >= MAX_SHARDS:
            raise ValueError(f"must be ranges from low to high such as 0-3, got {part!r}")
        ids.update(range(first, last + 1))
    return tuple(sorted(ids))


def check_shards(ids: tuple[int, ...], count: int | None) -> None:
    """Raise :class:`SettingsError` unless ``ids`` (if any) lie within ``count`` shards."""
    if not ids:
        return
    if count is None:
        raise SettingsError(
            "ARTICLEBOT_SHARD_IDS (--shard-ids) needs ARTICLEBOT_SHARD_COUNT (--shard-count): "
            "every process must agree on how many shards there are"
        )
    if ids[-1] >= count:
        raise SettingsError(
            f"shard {ids[-1]} does not exist with {count} shard(s): ids run from 0 to {count - 1}"
        )


def shard_of(guild_id: int | None, count: int) -> int:
    """The shard that receives a guild's events (``None``, a DM: shard 0)."""
    return 0 if guild_id is None else (guild_id >> 22) % count


__all__ = ["check_shards", "parse_shard_ids", "shard_of"]
