"""/healthz and /metrics served on 127.0.0.1; shard options; JSON logs."""

from __future__ import annotations

import asyncio
import json
import logging
import sys
import time
from pathlib import Path

import pytest

from bot.health import health_server
from bot.logs import JsonFormatter
from bot.metrics import Metrics, Probe
from bot.settings import load_settings
from bot.shards import check_shards, parse_shard_ids, shard_of
from index import ArticlebotError, SettingsError
from tests.discord_double.shards import free_port, get, metric


def probe(ready: list[bool], index_path: Path) -> Probe:
    return Probe(
        ready=lambda: ready[0],
        latencies=lambda: [(0, 0.042), (3, float("nan"))],
        passages=lambda: 17,
        index_path=index_path,
    )


async def test_healthz_is_503_until_ready_then_200(tmp_path: Path) -> None:
    ready, port = [False], free_port()
    async with health_server(Metrics(), probe(ready, tmp_path / "x.idx"), "127.0.0.1", port):
        url = f"http://127.0.0.1:{port}/healthz"
        assert (await asyncio.to_thread(get, url))[:2] == (503, "not ready\n")
        ready[0] = True
        assert (await asyncio.to_thread(get, url))[:2] == (200, "ready\n")


async def test_metrics_count_answers_and_refusals_and_read_the_index_when_scraped(
    tmp_path: Path,
) -> None:
    index_path = tmp_path / "a.idx"
    index_path.write_bytes(b"x" * 1234)
    metrics, port = Metrics(), free_port()
    metrics.watch(probe([True], index_path))
    metrics.answered(abstained=False, seconds=0.003)
    metrics.answered(abstained=True, seconds=0.2)
    metrics.refused()
    async with health_server(metrics, probe([True], index_path), "127.0.0.1", port):
        status, page, _ = await asyncio.to_thread(get, f"http://127.0.0.1:{port}/metrics")
    assert status == 200
    assert metric(page, "articlebot_questions_total") == 2
    assert metric(page, "articlebot_abstentions_total") == 1
    assert metric(page, "articlebot_rate_limited_total") == 1
    assert metric(page, "articlebot_answer_seconds_bucket", 'le="0.005"') == 1
    assert metric(page, "articlebot_gateway_latency_seconds", 'shard="0"') == 0.042
    assert metric(page, "articlebot_gateway_latency_seconds", 'shard="3"') is None  # NaN
    assert metric(page, "articlebot_index_passages") == 17
    assert metric(page, "articlebot_index_bytes") == 1234
    assert 0 <= (metric(page, "articlebot_index_age_seconds") or -1) < 60


async def test_a_metrics_scrape_takes_under_5_ms(tmp_path: Path) -> None:
    metrics, port = Metrics(), free_port()
    metrics.watch(probe([True], tmp_path / "x.idx"))
    for n in range(1000):
        metrics.answered(n % 7 == 0, n / 100_000)
    async with health_server(metrics, probe([True], tmp_path / "x.idx"), "127.0.0.1", port):
        url = f"http://127.0.0.1:{port}/metrics"
        await asyncio.to_thread(get, url)
        times = sorted([(await asyncio.to_thread(get, url))[2] for _ in range(30)])
    assert times[len(times) // 2] < 0.005, times


async def test_a_port_in_use_is_one_line(tmp_path: Path) -> None:
    port = free_port()
    async with health_server(Metrics(), probe([True], tmp_path / "x"), "127.0.0.1", port):
        with pytest.raises(ArticlebotError, match=f"cannot serve /healthz on 127.0.0.1:{port}"):
            async with health_server(Metrics(), probe([True], tmp_path / "x"), "127.0.0.1", port):
                pass


def test_shard_ids_take_ranges_and_lists() -> None:
    assert parse_shard_ids("0-3") == (0, 1, 2, 3)
    assert parse_shard_ids("4, 0-1,1") == (0, 1, 4)
    assert parse_shard_ids("") == ()
    for bad in ("a", "3-1", "1-", "-2"):
        with pytest.raises(ValueError, match="must be"):
            parse_shard_ids(bad)


def test_shard_ids_need_a_count_that_holds_them() -> None:
    check_shards((0, 1), 2)
    with pytest.raises(SettingsError, match="needs ARTICLEBOT_SHARD_COUNT"):
        check_shards((0,), None)
    with pytest.raises(SettingsError, match="shard 16 does not exist with 16"):
        check_shards((15, 16), 16)


def test_a_guild_belongs_to_the_shard_of_its_timestamp_and_dms_to_shard_0() -> None:
    assert shard_of(None, 16) == 0
    assert shard_of((5 << 22) | 12345, 4) == 1


def test_shard_count_setting_is_auto_or_a_number() -> None:
    assert load_settings(env_file=None, shard_count="AUTO").shard_total is None
    assert load_settings(env_file=None, shard_count="16").shard_total == 16
    with pytest.raises(SettingsError, match="ARTICLEBOT_SHARD_COUNT must be auto or"):
        load_settings(env_file=None, shard_count="many")


def test_json_logs_are_one_object_a_line_with_the_exception() -> None:
    try:
        raise ValueError("boom")
    except ValueError:
        record = logging.LogRecord(
            "bot.x", logging.ERROR, __file__, 1, "failed %s", ("a",), sys.exc_info()
        )
    line = JsonFormatter().format(record)
    assert "\n" not in line
    entry = json.loads(line)
    assert (entry["level"], entry["logger"], entry["message"]) == ("ERROR", "bot.x", "failed a")
    assert "ValueError: boom" in entry["exception"]
    assert abs(time.time() - record.created) < 60
