"""Index, digests and balance -> the site's generated pages, their Jinja templates, feeds and stylesheet."""
