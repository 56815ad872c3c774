"""Published stories -> one index of them by slug, week, department, touchpoint, kind and channel, with
weekly figures."""
