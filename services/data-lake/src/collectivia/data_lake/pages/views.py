"""HTTP routes of the stewards' page and its assets: the pages' shared routes
(``collectivia.platform.pages.responses``) on the stewards' frame, screens, statement and
assets. The page is public (it holds no data); everything it shows comes from the API, with
the steward's token."""

from __future__ import annotations

from collectivia.data_lake import messages
from collectivia.data_lake.pages import screens
from collectivia.data_lake.pages.layout import Frame, page
from collectivia.data_lake.pages.statement import accessibility_page
from collectivia.platform.pages.responses import STYLE, SVG, StaticAssets, page_routes, scripts

# The page's own assets (static/); the shared ones are served under /static/shared/.
ASSETS = StaticAssets(
    "collectivia.data_lake.pages",
    {
        "lac.css": STYLE,
        "icon.svg": SVG,
        **scripts("main", "tables", "datasets", "loads", "quarantine", "contracts"),
    },
)


def application(frame: Frame) -> str:
    return page(frame, "Accueil", screens.application(frame), application=True)


router = page_routes(
    Frame,
    tags=["page des administrateurs des données"],
    application=application,
    statement=accessibility_page,
    assets=ASSETS,
    not_found=messages.PAGES_STATIC_NOT_FOUND,
)
