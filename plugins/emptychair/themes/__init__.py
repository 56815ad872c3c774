"""Published stories in the index -> the themes customers talk about, per week, found in their own words."""
