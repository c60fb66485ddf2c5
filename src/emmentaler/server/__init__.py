"""The screening proxy (extra: ``emmentaler[server]``): ``create_app`` and its settings."""

from __future__ import annotations

from .app import create_app, load_keys
from .seams import Principal, Tracker
from .settings import ServerSettings

__all__ = ["Principal", "ServerSettings", "Tracker", "create_app", "load_keys"]
