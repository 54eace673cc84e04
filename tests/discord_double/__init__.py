"""A test double of Discord that the real discord.py client connects to on 127.0.0.1.

    async with DiscordDouble() as double:
        async with running_client(double, bot) as client:
            interaction_id = await double.slash_command("ask", {"question": "Who?"})
            callback = await double.wait_for_response(interaction_id)

See ``double.DiscordDouble`` for the API and ``client.running_client`` for the wiring.

The package is the one Discord testing kit that tests and bench/ import (bench imports it,
tests never import bench). The modules above are Discord alone; these are articlebot on it:

    articlebot   a started ArticleBot on the double; no-ping and within-limits checks
    fixtures     pytest fixtures: discord_double, double (checked afterwards), bot
    process      ``articlebot run``/``sync`` as real processes pointed at the double
    latency      dispatch → callback latency of /ask (bench/discord_latency.py)
    load         many people asking at once (bench/discord_load.py); load_check its checks
"""

from .client import pointed_at, running_client
from .double import DiscordDouble
from .gateway import GatewayConnection
from .models import Channel, Guild, User
from .records import InteractionRecord, RecordedRequest

__all__ = [
    "Channel",
    "DiscordDouble",
    "GatewayConnection",
    "Guild",
    "InteractionRecord",
    "RecordedRequest",
    "User",
    "pointed_at",
    "running_client",
]
