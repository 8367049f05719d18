"""HTTP routes of the intranet page and its assets: the pages' shared routes
(``collectivia.platform.pages.responses``) on the intranet's frame, screens, statement and
assets. The page is public (it holds no data); everything it shows comes from the API, with
the agent's token."""

from __future__ import annotations

from collectivia.agent_assistant import messages
from collectivia.agent_assistant.web import screens
from collectivia.agent_assistant.web.layout import Frame, page
from collectivia.agent_assistant.web.statement import accessibility_page
from collectivia.platform.pages.responses import STYLE, SVG, StaticAssets, page_routes, scripts

# The page's own assets (static/); the shared ones are served under /static/shared/.
ASSETS = StaticAssets(
    "collectivia.agent_assistant.web",
    {
        "intranet.css": STYLE,
        "icon.svg": SVG,
        **scripts(
            "main",
            "api",
            "drafts",
            "charter",
            "inbox",
            "tasks",
            "templates",
            "library",
            "steering",
        ),
    },
)


def application(frame: Frame) -> str:
    return page(frame, "Accueil", screens.application(frame), application=True)


router = page_routes(
    Frame,
    tags=["page intranet"],
    application=application,
    statement=accessibility_page,
    assets=ASSETS,
    not_found=messages.STATIC_NOT_FOUND,
)
