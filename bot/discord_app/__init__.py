"""articlebot on Discord: slash commands, questions by mention, DM or reply, persistent buttons.

engine      the core as the front end uses it (questions, searches, summaries)
format*     embeds from core records, within Discord's limits (pure)
commands    /ask /summary /search /source /help
messages    questions by mention, DM or reply
views       buttons that survive restarts (DynamicItem)
client      ArticleBot: intents, tree, setup_hook
runner      token checks, endpoints, signals, sync
"""

from bot.discord_app.client import ArticleBot, build_bot
from bot.discord_app.engine import Engine
from bot.discord_app.ratelimit import Limiter

__all__ = ["ArticleBot", "Engine", "Limiter", "build_bot"]
