"""What the commands tell the person at the terminal when they cannot go on."""


class CommandError(Exception):
    """A clear sentence for the person at the terminal; exit status 1."""
