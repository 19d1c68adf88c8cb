"""The portal's Jinja environment: the console's filters, the portal's own layout."""

from __future__ import annotations

from fastapi.templating import Jinja2Templates

from jianguan.web.console.templating import TEMPLATES_DIR, china_time, code_label


def portal_templates() -> Jinja2Templates:
    templates = Jinja2Templates(directory=TEMPLATES_DIR)
    templates.env.filters["code_label"] = code_label
    templates.env.filters["china_time"] = china_time
    return templates


TEMPLATES = portal_templates()
