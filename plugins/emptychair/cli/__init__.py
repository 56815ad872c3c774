"""The `emptychair` command: check, digest and balance, each running the same pipeline as the build."""

from .main import main

__all__ = ["main"]
