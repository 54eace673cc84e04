"""Front ends of articlebot: the command line and the Discord bot."""
