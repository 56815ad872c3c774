"""Bring stories in from exports: takes a CSV, JSON Lines or JSON file and a YAML mapping (plus the
stories stage's schema and site_config); gives out ordinary story files under stories/imported/<source>/,
written only when their record changed and nobody edited them by hand, and a summary of what happened."""
