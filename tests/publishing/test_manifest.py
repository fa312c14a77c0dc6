"""The manifest a full bake records from what its stages gathered is the one a scan of the
baked files finds: the next incremental bake relies on it to know what the build holds."""

import pytest

from cms.publishing.manifest import Manifest, read_manifest, scan_manifest
from cms.publishing.services import bake_site
from cms.publishing.swap import rollback


@pytest.mark.django_db
def test_the_recorded_manifest_is_what_the_build_holds(bake_site_tree, build_dir):
    bake_site(build_dir=build_dir, progress=False)
    recorded = read_manifest(build_dir=build_dir)

    assert isinstance(recorded, Manifest)
    assert recorded == scan_manifest(build_dir=build_dir)
    assert "index.html" in recorded.pages and recorded.listings
    assert any(media for media in recorded.html.values())  # the pages' images


@pytest.mark.django_db
def test_a_manifest_belongs_to_its_own_build_only(bake_site_tree, build_dir):
    bake_site(build_dir=build_dir, progress=False)
    bake_site(build_dir=build_dir, progress=False)
    rollback(build_dir=build_dir)

    assert read_manifest(build_dir=build_dir) is None  # recorded for the other version
