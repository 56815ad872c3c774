"""A git that runs the same on every machine: a fixed author, no user or system configuration."""

from __future__ import annotations

import os

GIT_ENV = {
    "GIT_AUTHOR_NAME": "Sam Agent",
    "GIT_AUTHOR_EMAIL": "sam@example.test",
    "GIT_COMMITTER_NAME": "Sam Agent",
    "GIT_COMMITTER_EMAIL": "sam@example.test",
    "GIT_CONFIG_GLOBAL": os.devnull,
    "GIT_CONFIG_NOSYSTEM": "1",
}
