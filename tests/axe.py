"""axe-core in a Playwright page: the WCAG 2.1 A and AA rules, and best practice, on what the page shows.

axe-core comes from npm (`package.json` at the repository root, installed by `make test` with `npm ci`)
and is injected from node_modules: nothing is downloaded while the tests run.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from playwright.sync_api import Page

AXE = Path(__file__).resolve().parents[1] / "node_modules" / "axe-core" / "axe.min.js"
BLOCKING = {"serious", "critical"}
SHOWN_PER_RULE = 5


def violations(page: Page) -> list[dict[str, Any]]:
    page.add_script_tag(path=str(AXE))
    result = page.evaluate(
        """async () => {
            const found = await axe.run(document, {
                runOnly: {type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]},
                resultTypes: ["violations"],
            });
            return found.violations.map(v => ({
                id: v.id, impact: v.impact,
                nodes: v.nodes.map(n => ({target: n.target.join(" "), summary: n.failureSummary})),
            }));
        }"""
    )
    assert isinstance(result, list)
    return result


def blocking_violations(page: Page, allowed: Mapping[str, str] = {}) -> list[str]:
    """Serious and critical violations, one line per element, except rules allowed for elements whose
    selector starts with the given prefix."""
    problems = []
    for violation in violations(page):
        if violation["impact"] not in BLOCKING:
            continue
        prefix = allowed.get(violation["id"])
        left = [
            node for node in violation["nodes"] if prefix is None or not node["target"].startswith(prefix)
        ]
        for node in left[:SHOWN_PER_RULE]:
            problems.append(
                f"{violation['id']} ({violation['impact']}) at {node['target']}: {node['summary']}"
            )
        if len(left) > SHOWN_PER_RULE:
            problems.append(f"{violation['id']}: and {len(left) - SHOWN_PER_RULE} more elements")
    return problems
