"""The plugin's options in mkdocs.yml (MkDocs types stay here and in plugin.py)."""

from __future__ import annotations

from mkdocs.config import base
from mkdocs.config import config_options as c


class EmptyChairConfig(base.Config):
    site_config = c.Type(str, default="site_config")
    """Folder with departments.yml, people.yml and policy.yml, relative to mkdocs.yml."""

    timezone = c.Type(str, default="UTC")
    """IANA timezone in which weeks run Monday to Sunday, e.g. Europe/London."""

    page_size = c.Type(int, default=50)
    """Stories per page on listings (touchpoint, kind, channel, week, department)."""

    today = c.Optional(c.Type(str))
    """Date the site is built 'as of' (overdue follow-ups, days waited). Default: SOURCE_DATE_EPOCH, else today."""

    nav = c.Type(bool, default=True)
    """Set the site's navigation when mkdocs.yml has no `nav`: stories stay out of it, listings link to them."""

    feed_size = c.Type(int, default=20)
    """Newest weekly digests in each Atom and RSS feed."""
