"""Validated stories -> published stories: customers withheld without consent, Markdown rendered once and
sanitised, links resolved to the site's addresses."""
