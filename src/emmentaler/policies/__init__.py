"""Policies shipped inside the package (``default.toml``)."""
