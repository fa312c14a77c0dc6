"""The demo network baked as ./scripts/bake does it, deployed to all three kinds of host."""

from __future__ import annotations

import pytest
import yaml

from tests.publishing.demo import baked_dirs, demo_env, load_demo, manage

from .conftest import build_files, clone

# Its subprocesses bake on SQLite whatever DATABASE_URL says (demo_env): run once.
pytestmark = [pytest.mark.django_db, pytest.mark.own_databases]


def test_each_network_of_the_demo_reaches_its_own_hosts_whole_and_a_second_deploy_sends_nothing(
        tmp_path, bucket, second_bucket, bare_repo):
    """Both networks baked as ./scripts/bake does it; each deployed from its own folder to its
    own bucket, git branch and folder, and read back identical to that folder."""
    config = tmp_path / "deploy.yaml"
    config.write_text(yaml.safe_dump({"sites": {
        "localhost": [
            bucket.target(),
            {"name": "pages", "kind": "git", "repository": str(bare_repo)},
            {"name": "cartella", "kind": "rsync", "destination": str(tmp_path / "www")},
        ],
        "modena-carpi.localhost": [
            second_bucket.target(),
            {"name": "pages", "kind": "git", "repository": str(bare_repo),
             "branch": "modena-carpi"},
            {"name": "cartella", "kind": "rsync", "destination": str(tmp_path / "www-modena")},
        ],
    }}))
    env = demo_env(tmp_path / "var", RETE_DEPLOY_CONFIG=str(config),
                   RETE_TEST_S3_ACCESS_KEY_ID="chiave", RETE_TEST_S3_SECRET_ACCESS_KEY="segreto")
    load_demo(env)
    first_dir, modena_dir = baked_dirs(manage("bake", "--no-progress", env=env))
    assert first_dir.parent == modena_dir.parent == tmp_path / "var" / "build"
    assert modena_dir.name == "modena-carpi"
    baked, modena = build_files(first_dir.resolve()), build_files(modena_dir.resolve())

    first = manage("deploy", "localhost", "--no-progress", env=env).stdout
    assert second_bucket.files() == {}  # one network's deploy never touches the other's hosts
    manage("deploy", "modena-carpi.localhost", "--no-progress", env=env)
    again = (manage("deploy", "localhost", "--no-progress", env=env).stdout
             + manage("deploy", "modena-carpi.localhost", "--no-progress", env=env).stdout)

    assert f"«bucket» (s3://{bucket.name}/" in first and len(baked) > 300 and len(modena) > 200
    assert bucket.files() == baked and second_bucket.files() == modena
    assert clone(bare_repo, "gh-pages", tmp_path / "clone") == {**baked, ".nojekyll": b""}
    assert clone(bare_repo, "modena-carpi", tmp_path / "clone-modena") == {
        **modena, ".nojekyll": b""}
    assert build_files(tmp_path / "www") == baked
    assert build_files(tmp_path / "www-modena") == modena
    assert again.count("0 file da caricare, 0 da eliminare, nulla da fare") == 6, again
