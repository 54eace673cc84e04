"""articlebot on Discord: slash commands, questions by mention, DM or reply, persistent buttons.

engine      the core as the front end uses it (questions, searches, summaries)
format*     embeds from core records, within Discord's limits (pure)
commands    /ask /summary /search /source /help
messages    questions by mention, DM or reply
mentions    mentions are not question words
views       buttons that survive restarts (DynamicItem)
client      ArticleBot: intents, tree, setup_hook, reconnecting after a bad payload
recovery    when to reconnect after an unexpected gateway error, when to give up
sync        slash-command registration and the advice for each failure
runner      token checks, endpoints, signals, `articlebot sync`
"""

from bot.discord_app.client import ArticleBot, build_bot
from bot.discord_app.engine import Engine
from bot.discord_app.ratelimit import Limiter

__all__ = ["ArticleBot", "Engine", "Limiter", "build_bot"]
