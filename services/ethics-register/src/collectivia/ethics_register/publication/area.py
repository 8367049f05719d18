"""The publication area: the published register as open data (the collectivity's format,
Eurocities ATS, UK ATRS, AI Act Annex VIII) and the public pages in French."""

from __future__ import annotations

from collectivia.ethics_register.publication.views import exports, pages
from collectivia.platform.areas import Area
from collectivia.platform.assembly import AreaContext


def build(context: AreaContext) -> None:
    """Nothing of its own: it reads the systems' and the evidence's services."""


AREA = Area(
    name="publication",
    summary="The published register as open data (native JSON/CSV, Eurocities ATS, UK ATRS, "
    "AI Act Annex VIII) and the public pages in French.",
    build=build,
    routers=(exports.router, pages.router),
)
