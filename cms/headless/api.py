"""The live headless API (Wagtail API v2): pages, images and documents.

The endpoint classes live in `cms.headless.endpoints`: Wagtail's own, plus the
`?flavour=baked` URLs, whole-listing limits and "used by live pages" media that the
baked copy of this API (see `cms/headless/README.md`) relies on.
"""

from wagtail.api.v2.router import WagtailAPIRouter

from cms.headless.endpoints import (
    ReteDocumentsAPIViewSet,
    ReteImagesAPIViewSet,
    RetePagesAPIViewSet,
)

api_router = WagtailAPIRouter("wagtailapi")
api_router.register_endpoint("pages", RetePagesAPIViewSet)
api_router.register_endpoint("images", ReteImagesAPIViewSet)
api_router.register_endpoint("documents", ReteDocumentsAPIViewSet)
