"""The stewards' page area: the data stewards' French page (Keycloak sign-in, datasets and
their versions, loads with their validation report, quarantine, DSP contracts) and its
assets; it serves "/", so it comes last."""

from __future__ import annotations

from collectivia.data_lake.pages import views
from collectivia.data_lake.pages.layout import Frame
from collectivia.data_lake.pages.settings import PagesSettings
from collectivia.data_lake.settings import DataLakeSettings
from collectivia.platform.areas import Area
from collectivia.platform.assembly import AreaContext


def build(context: AreaContext) -> Frame:
    return Frame.of(context.get(DataLakeSettings), context.section(PagesSettings))


AREA = Area(
    name="pages",
    summary="The data stewards' page in French (Keycloak sign-in with PKCE): datasets and "
    "their versions, loads with their validation report, quarantine, DSP contracts; its "
    "assets.",
    build=build,
    routers=(views.router,),
    settings=PagesSettings,
)
