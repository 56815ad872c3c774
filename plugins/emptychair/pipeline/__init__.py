"""Settings (the plugin's options or a project's mkdocs.yml) -> the stages run in order, once, for the
plugin and for every command."""
