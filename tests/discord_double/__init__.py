"""A test double of Discord that the real discord.py client connects to on 127.0.0.1.

    async with DiscordDouble() as double:
        async with running_client(double, bot) as client:
            interaction_id = await double.slash_command("ask", {"question": "Who?"})
            callback = await double.wait_for_response(interaction_id)

See ``double.DiscordDouble`` for the API and ``client.running_client`` for the wiring.
"""

from .client import pointed_at, running_client
from .double import DiscordDouble
from .gateway import GatewayConnection
from .models import Channel, Guild, User
from .records import InteractionRecord, RecordedRequest, percentile

__all__ = [
    "Channel",
    "DiscordDouble",
    "GatewayConnection",
    "Guild",
    "InteractionRecord",
    "RecordedRequest",
    "User",
    "percentile",
    "pointed_at",
    "running_client",
]
