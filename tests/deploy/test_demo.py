"""The demo network baked as ./scripts/bake does it, deployed to all three kinds of host."""

from __future__ import annotations

import pytest
import yaml

from tests.publishing.demo import baked_dirs, demo_env, load_demo, manage

from .conftest import build_files, clone

# Its subprocesses bake on SQLite whatever DATABASE_URL says (demo_env): run once.
pytestmark = [pytest.mark.django_db, pytest.mark.own_databases]


def test_the_baked_demo_reaches_every_host_whole_and_a_second_deploy_sends_nothing(
        tmp_path, bucket, bare_repo):
    config = tmp_path / "deploy.yaml"
    config.write_text(yaml.safe_dump({"sites": {"localhost": [
        bucket.target(),
        {"name": "pages", "kind": "git", "repository": str(bare_repo)},
        {"name": "cartella", "kind": "rsync", "destination": str(tmp_path / "www")},
    ]}}))
    env = demo_env(tmp_path / "var", RETE_DEPLOY_CONFIG=str(config),
                   RETE_TEST_S3_ACCESS_KEY_ID="chiave", RETE_TEST_S3_SECRET_ACCESS_KEY="segreto")
    load_demo(env)
    baked_dir = baked_dirs(manage("bake", "--no-progress", env=env))[0]
    assert baked_dir.parent == tmp_path / "var" / "build"
    baked = build_files(baked_dir.resolve())

    first = manage("deploy", "localhost", "--no-progress", env=env).stdout
    second = manage("deploy", "localhost", "--no-progress", env=env).stdout

    assert f"«bucket» (s3://{bucket.name}/" in first and len(baked) > 300
    assert bucket.files() == baked
    assert clone(bare_repo, "gh-pages", tmp_path / "clone") == {**baked, ".nojekyll": b""}
    assert build_files(tmp_path / "www") == baked
    assert second.count("0 file da caricare, 0 da eliminare, nulla da fare") == 3, second
