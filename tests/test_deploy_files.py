"""docs/deploy/ stays in step with the settings: every variable it sets is a setting, the
compose processes cover every shard once, the image and the unit run as an unprivileged
user and restart."""

from __future__ import annotations

import re
from dataclasses import fields
from pathlib import Path

from bot.settings import Settings, env_name

DEPLOY = Path(__file__).resolve().parents[1] / "docs" / "deploy"
NAMES = {env_name(f.name) for f in fields(Settings)}


def test_every_variable_the_deployment_files_set_is_a_setting() -> None:
    for path in DEPLOY.iterdir():
        used = set(re.findall(r"\b(ARTICLEBOT_[A-Z0-9_]+|DISCORD_[A-Z_]+)\b", path.read_text()))
        assert used <= NAMES, (path.name, used - NAMES)


def test_the_compose_processes_run_every_shard_once() -> None:
    compose = (DEPLOY / "compose.yaml").read_text()
    counts = set(re.findall(r'ARTICLEBOT_SHARD_COUNT: "(\d+)"', compose))
    ids = [int(i) for i in re.findall(r'ARTICLEBOT_SHARD_IDS: "(\d+)"', compose)]
    assert len(counts) == 1
    assert sorted(ids) == list(range(int(counts.pop())))


def test_the_image_and_the_unit_run_unprivileged_and_restart() -> None:
    dockerfile = (DEPLOY / "Dockerfile").read_text()
    assert dockerfile.count("\nFROM ") + dockerfile.startswith("FROM ") >= 2  # multi-stage
    assert re.search(r"^USER articlebot$", dockerfile, re.M)
    unit = (DEPLOY / "articlebot.service").read_text()
    for line in ("User=articlebot", "Restart=always", "EnvironmentFile=/etc/articlebot/"):
        assert line in unit
