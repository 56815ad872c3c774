"""Stories in: Markdown files with front matter and site_config/ -> validated stories, digest intros and
the directory of departments, touchpoints, people and channels, with every problem found on the way."""
