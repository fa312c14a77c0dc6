"""A small build folder, a real S3-compatible server (moto) and bare git repositories."""

from __future__ import annotations

import gzip
import itertools
import json
import logging
import subprocess
import urllib.request
from pathlib import Path

import boto3
import brotli
import pytest
import yaml
from moto.server import ThreadedMotoServer

from wagtail.models import Site

from cms.core.site_settings import site_folder

from .network import Relay

_buckets = itertools.count()

PAGE = ('<!doctype html><html lang="it"><head><link rel="stylesheet" '
        'href="/static/css/site.0123456789ab.css"></head><body>{}</body></html>')


def write_build(root: Path, files: dict[str, bytes | str]) -> None:
    """Write `files` under `root`, each text file with its .gz and .br companions."""
    for name, content in files.items():
        data = content.encode() if isinstance(content, str) else content
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        if isinstance(content, str) and name != "_headers":
            path.with_name(path.name + ".gz").write_bytes(gzip.compress(data, mtime=0))
            path.with_name(path.name + ".br").write_bytes(brotli.compress(data))


def remove(root: Path, name: str) -> None:
    """Remove `name` and its companions from the build in `root`."""
    for suffix in ("", ".gz", ".br"):
        (root / (name + suffix)).unlink(missing_ok=True)


def build_files(root: Path) -> dict[str, bytes]:
    """Every file under `root` by its path inside it."""
    return {path.relative_to(root).as_posix(): path.read_bytes()
            for path in sorted(root.rglob("*")) if path.is_file()}


@pytest.fixture
def build(tmp_path, settings, db) -> Path:
    """A small build of the default site, behind a `build/<folder>` symlink to a versioned
    folder as the bake leaves it."""
    versioned = tmp_path / "builds" / "v1"
    write_build(versioned, {
        "index.html": PAGE.format("Benvenuti"),
        "guide/index.html": PAGE.format("Le guide"),
        "guide/cv/index.html": PAGE.format("Scrivere il curriculum"),
        "static/css/site.0123456789ab.css": "body{color:#222}",
        "static/css/site.css": "body{color:#222}",
        "media/images/sportello.jpg": b"\xff\xd8\xff\xe0 not really a jpeg",
        "pagefind/fragment/it_3a5c1f2.pf_fragment": b"\x00fragment",
        "sitemap.xml": '<?xml version="1.0"?><urlset/>',
        "_headers": "/*\n  X-Content-Type-Options: nosniff\n",
    })
    link = tmp_path / "build" / site_folder(Site.objects.get(is_default_site=True))
    link.parent.mkdir()
    link.symlink_to(versioned, target_is_directory=True)
    settings.BUILD_DIR = str(link.parent)
    return versioned


@pytest.fixture
def configure(tmp_path, settings):
    """Write the deploy file with `targets` for the default site (localhost)."""
    def write(*targets: dict) -> Path:
        path = tmp_path / "deploy.yaml"
        path.write_text(yaml.safe_dump({"sites": {"localhost": list(targets)}}))
        settings.RETE_DEPLOY_CONFIG = path
        return path
    return write


@pytest.fixture(scope="session")
def s3_server():
    """moto's S3-compatible server on a free port of 127.0.0.1, for the whole session."""
    logging.getLogger("werkzeug").setLevel(logging.WARNING)  # a line per request otherwise
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    yield f"http://{host}:{port}"
    server.stop()


@pytest.fixture
def s3_keys(monkeypatch):
    """The credentials the S3 targets name (`credentials_env: RETE_TEST_S3`)."""
    monkeypatch.setenv("RETE_TEST_S3_ACCESS_KEY_ID", "chiave-di-prova")
    monkeypatch.setenv("RETE_TEST_S3_SECRET_ACCESS_KEY", "segreto-di-prova")


def new_bucket(s3_server: str) -> Bucket:
    """A new, empty bucket on the test S3 server."""
    client = boto3.client("s3", endpoint_url=s3_server, region_name="us-east-1",
                          aws_access_key_id="lettore", aws_secret_access_key="lettore")
    name = f"rete-{next(_buckets)}"
    client.create_bucket(Bucket=name)
    return Bucket(name=name, client=client, endpoint=s3_server)


@pytest.fixture
def bucket(s3_server, s3_keys):
    """A new, empty bucket; the test reads it back with `bucket.client`."""
    return new_bucket(s3_server)


@pytest.fixture
def second_bucket(s3_server, s3_keys):
    """Another one, for a second site."""
    return new_bucket(s3_server)


@pytest.fixture
def s3_user(s3_server, bucket):
    """An IAM user allowed everything on S3, with the server checking every request's
    signature for the test's duration; `bucket` reads with the user's keys meanwhile."""
    iam = boto3.client("iam", endpoint_url=s3_server, region_name="us-east-1",
                       aws_access_key_id="admin", aws_secret_access_key="admin")
    name = f"deploy-{bucket.name}"
    iam.create_user(UserName=name)
    iam.put_user_policy(UserName=name, PolicyName="s3", PolicyDocument=json.dumps({
        "Version": "2012-10-17",
        "Statement": [{"Effect": "Allow", "Action": "s3:*", "Resource": "*"}]}))
    keys = iam.create_access_key(UserName=name)["AccessKey"]
    bucket.client = boto3.client("s3", endpoint_url=s3_server, region_name="us-east-1",
                                 aws_access_key_id=keys["AccessKeyId"],
                                 aws_secret_access_key=keys["SecretAccessKey"])
    _moto_auth(s3_server, after=0)
    try:
        yield keys
    finally:
        _moto_auth(s3_server, after="inf")


def _moto_auth(server: str, *, after: object) -> None:
    """Make moto check credentials from request number `after` on ("inf": never)."""
    request = urllib.request.Request(f"{server}/moto-api/reset-auth", method="POST",
                                     data=str(after).encode(),
                                     headers={"Content-Type": "text/plain"})
    urllib.request.urlopen(request).close()


@pytest.fixture
def relay(s3_server):
    """The S3 server seen through a connection the test can cut."""
    host, port = s3_server.removeprefix("http://").split(":")
    relay = Relay((host, int(port)))
    yield relay
    relay.cut()


class Bucket:
    """A test bucket and a client to read it."""

    def __init__(self, *, name: str, client, endpoint: str) -> None:
        self.name, self.client, self.endpoint = name, client, endpoint

    def target(self, **extra) -> dict:
        return {"name": "bucket", "kind": "s3", "bucket": self.name, "region": "us-east-1",
                "endpoint_url": self.endpoint, "credentials_env": "RETE_TEST_S3", **extra}

    def files(self) -> dict[str, bytes]:
        keys = [item["Key"] for page in self.client.get_paginator("list_objects_v2")
                .paginate(Bucket=self.name) for item in page.get("Contents", [])]
        return {key: self.client.get_object(Bucket=self.name, Key=key)["Body"].read()
                for key in sorted(keys)}

    def head(self, key: str) -> dict:
        return self.client.head_object(Bucket=self.name, Key=key)


@pytest.fixture
def bare_repo(tmp_path) -> Path:
    """An empty bare repository, as a GitHub Pages repository would be."""
    path = tmp_path / "sito.git"
    subprocess.run(["git", "init", "--bare", "--quiet", str(path)], check=True)
    return path


def clone(repo: Path, branch: str, into: Path) -> dict[str, bytes]:
    """The files of `branch` of `repo`, cloned into `into` (without .git)."""
    subprocess.run(["git", "clone", "--quiet", "--branch", branch, str(repo), str(into)],
                   check=True)
    return {path.relative_to(into).as_posix(): path.read_bytes()
            for path in sorted(into.rglob("*"))
            if path.is_file() and ".git" not in path.relative_to(into).parts}
