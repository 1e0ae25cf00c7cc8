"""Report data -> one self-contained HTML file: inline CSS, the data as embedded JSON and
an inline script that draws SVG charts and the skeleton replay. No network, no CDN: it
opens offline, on a tablet, and prints to PDF from the browser."""

from __future__ import annotations

import html
import json
from importlib import resources
from typing import Any


def _asset(name: str) -> str:
    return (resources.files("posecount.report") / "templates" / name).read_text(encoding="utf-8")


def _json_for_script(data: Any) -> str:
    # Inside <script> only "</" can end the element early; "<!--" is escaped with it.
    text = json.dumps(data, separators=(",", ":"), ensure_ascii=False, allow_nan=False)
    return text.replace("</", "<\\/").replace("<!--", "<\\!--")


def render(report: dict[str, Any]) -> str:
    p = report["period"]
    title = f"Exercise report for patient {report['patient']}"
    subtitle = f"{p['from']} to {p['to']} · generated {report['generated']} by posecount"
    footer = (
        "Counts, ranges and holds come from pose tracking and are estimates: check any "
        "surprising figure in the session's replay. Pain minimal important change: "
        "Ostelo et al., Spine 2008. Traffic-light pain bands as in the patient's leaflet."
    )
    return _asset("report.html").format(
        title=html.escape(title),
        subtitle=html.escape(subtitle),
        privacy=html.escape(report["privacy"]),
        footer=html.escape(footer),
        css=_asset("report.css"),
        js=_asset("report.js"),
        data=_json_for_script(report),
    )
