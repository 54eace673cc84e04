"""REST routes for the session and the application: gateway, users, app info, commands."""

from __future__ import annotations

from .limits import check_commands
from .models import JSON
from .replies import Reply, error, invalid_form, ok, unknown
from .rest import Call, RouteSpec, snowflake
from .state import DoubleState


def application_payload(state: DoubleState) -> JSON:
    """The application object of ``GET /oauth2/applications/@me``."""
    return {
        "id": str(state.application_id),
        "name": state.bot.username,
        "icon": None,
        "description": "A test application served by the Discord double.",
        "summary": "",
        "bot_public": True,
        "bot_require_code_grant": False,
        "owner": state.users[state.guild.owner_id].payload(),
        "team": None,
        "verify_key": "0" * 64,
        "flags": 0,
        "rpc_origins": [],
        "redirect_uris": [],
        "interactions_endpoint_url": None,
        "bot": state.bot.payload(),
    }


async def get_gateway_bot(state: DoubleState, call: Call) -> Reply:
    """The gateway URL and shard advice (only ``AutoShardedClient`` asks for it)."""
    url = state.gateway_url
    limit = {"total": 1000, "remaining": 999, "reset_after": 0, "max_concurrency": 1}
    return ok({"url": url, "shards": state.shard_count, "session_start_limit": limit})


async def get_me(state: DoubleState, call: Call) -> Reply:
    """The bot user; discord.py's login starts here (401 becomes ``LoginFailure``)."""
    return ok(state.bot.me_payload())


async def get_user(state: DoubleState, call: Call) -> Reply:
    """Any known user by id."""
    user = state.users.get(snowflake(call.params["user_id"]))
    return unknown("User") if user is None else ok(user.payload())


async def get_application(state: DoubleState, call: Call) -> Reply:
    """The bot's application (read by ``Client.login`` for the application id)."""
    return ok(application_payload(state))


async def create_dm(state: DoubleState, call: Call) -> Reply:
    """Open (or reopen) the DM channel with ``recipient_id``."""
    user = state.users.get(snowflake(call.body.get("recipient_id")))
    if user is None or user.bot:
        return error(400, "Cannot send messages to this user", 50007)
    return ok(state.dm_channel(user).payload())


def _scope(state: DoubleState, call: Call) -> tuple[int | None, Reply | None]:
    """The guild a commands route addresses (None: global), or the error to answer."""
    if snowflake(call.params["application_id"]) != state.application_id:
        return None, error(403, "Missing Access", 50001)
    raw_guild = call.params.get("guild_id")
    if raw_guild is None:
        return None, None
    guild_id = snowflake(raw_guild)
    if guild_id not in state.guilds or not state.guilds[guild_id].commands_scope:
        return None, error(403, "Missing Access", 50001)
    return guild_id, None


async def get_guild(state: DoubleState, call: Call) -> Reply:
    """A guild the bot is in (another gets 403 Missing Access, as on Discord)."""
    guild = state.guilds.get(snowflake(call.params["guild_id"]))
    return error(403, "Missing Access", 50001) if guild is None else ok(guild.payload())


async def overwrite_commands(state: DoubleState, call: Call) -> Reply:
    """Bulk overwrite (what ``CommandTree.sync`` sends): store, give ids, return them."""
    guild_id, failure = _scope(state, call)
    if failure is not None:
        return failure
    problems = check_commands(call.json)
    if problems:
        return invalid_form(problems)
    return ok(state.overwrite_commands(guild_id, call.json))


async def list_commands(state: DoubleState, call: Call) -> Reply:
    """The synced commands of the application or of one guild."""
    guild_id, failure = _scope(state, call)
    if failure is not None:
        return failure
    if guild_id is None:
        return ok(state.global_commands)
    return ok(state.guild_commands.get(guild_id, []))


COMMANDS = "/applications/{application_id}/commands"
GUILD_COMMANDS = "/applications/{application_id}/guilds/{guild_id}/commands"

ROUTES = [
    RouteSpec("GET", "/gateway/bot", get_gateway_bot),
    RouteSpec("GET", "/gateway", get_gateway_bot, auth=False),
    RouteSpec("GET", "/users/@me", get_me),
    RouteSpec("POST", "/users/@me/channels", create_dm),
    RouteSpec("GET", "/users/{user_id}", get_user),
    RouteSpec("GET", "/oauth2/applications/@me", get_application),
    RouteSpec("GET", "/applications/@me", get_application),
    RouteSpec("GET", "/guilds/{guild_id}", get_guild),
    RouteSpec("PUT", COMMANDS, overwrite_commands),
    RouteSpec("GET", COMMANDS, list_commands),
    RouteSpec("PUT", GUILD_COMMANDS, overwrite_commands),
    RouteSpec("GET", GUILD_COMMANDS, list_commands),
]
