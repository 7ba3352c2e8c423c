"""The build pipeline: curated files to a validated, evidenced graph."""
