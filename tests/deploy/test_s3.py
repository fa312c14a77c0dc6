"""Deploy to an S3-compatible bucket: a real server on 127.0.0.1 (moto), read back by boto3."""

from __future__ import annotations

import io

import pytest

from django.core.management import CommandError, call_command

from cms.deploy.errors import DeployError
from cms.deploy.services import Listener, deploy_site, find_site

from .conftest import PAGE, build_files, remove, write_build

pytestmark = pytest.mark.django_db


def deploy(*args: str, **options) -> str:
    out = io.StringIO()
    call_command("deploy", "localhost", *args, stdout=out, no_progress=True, **options)
    return out.getvalue()


class Recorder(Listener):
    """The order in which changes reached the host."""

    def __init__(self) -> None:
        self.order: list[str] = []

    def done(self, change) -> None:
        self.order.append(str(change))


def test_the_bucket_holds_the_build_with_types_encodings_and_cache_headers(build, bucket,
                                                                            configure):
    configure(bucket.target())

    deploy()

    assert bucket.files() == build_files(build)
    page = bucket.head("guide/index.html")
    assert page["ContentType"] == "text/html; charset=utf-8"
    assert page["CacheControl"] == "public, max-age=300"
    assert "ContentEncoding" not in page
    compressed = bucket.head("guide/index.html.br")
    assert compressed["ContentType"] == "text/html; charset=utf-8"
    assert compressed["ContentEncoding"] == "br"
    assert bucket.head("static/css/site.0123456789ab.css.gz")["ContentEncoding"] == "gzip"
    hashed = bucket.head("static/css/site.0123456789ab.css")
    assert hashed["ContentType"] == "text/css; charset=utf-8"
    assert hashed["CacheControl"] == "public, max-age=31536000, immutable"
    assert bucket.head("static/css/site.css")["CacheControl"] == "public, max-age=300"
    assert bucket.head("media/images/sportello.jpg")["ContentType"] == "image/jpeg"
    assert bucket.head("_headers")["ContentType"] == "text/plain; charset=utf-8"


def test_an_unchanged_build_uploads_nothing(build, bucket, configure):
    configure(bucket.target())
    deploy()

    out = deploy("--dry-run")
    reports = deploy_site(site=find_site(hostname="localhost"),
                          config_path=configure(bucket.target()))

    assert "0 file da caricare, 0 da eliminare, nulla da fare" in out
    assert reports[0].plan.changes == [] and not reports[0].applied


def test_only_what_changed_goes_up_assets_before_pages_deletions_last(build, bucket,
                                                                       configure):
    config = configure(bucket.target())
    deploy()
    remove(build, "static/css/site.0123456789ab.css")
    write_build(build, {"static/css/site.fedcba987654.css": "body{color:#000}",
                        "guide/cv/index.html": PAGE.format("Il curriculum, aggiornato")})

    dry = deploy("--dry-run")
    recorder = Recorder()
    deploy_site(site=find_site(hostname="localhost"), config_path=config, listener=recorder)

    assert recorder.order == [
        "+ static/css/site.fedcba987654.css",
        "+ static/css/site.fedcba987654.css.br",
        "+ static/css/site.fedcba987654.css.gz",
        "~ guide/cv/index.html",
        "~ guide/cv/index.html.br",
        "~ guide/cv/index.html.gz",
        "- static/css/site.0123456789ab.css",
        "- static/css/site.0123456789ab.css.br",
        "- static/css/site.0123456789ab.css.gz",
    ]
    assert [line.strip() for line in dry.splitlines()[1:-1]] == recorder.order
    assert bucket.files() == build_files(build)


def test_wrong_credentials_change_nothing(build, bucket, configure, s3_user, monkeypatch):
    monkeypatch.setenv("RETE_TEST_S3_ACCESS_KEY_ID", s3_user["AccessKeyId"])
    monkeypatch.setenv("RETE_TEST_S3_SECRET_ACCESS_KEY", s3_user["SecretAccessKey"])
    configure(bucket.target())
    deploy()
    before = bucket.files()
    write_build(build, {"index.html": PAGE.format("Una novità")})
    monkeypatch.setenv("RETE_TEST_S3_SECRET_ACCESS_KEY", "sbagliato")

    with pytest.raises(CommandError, match="Credenziali rifiutate.*non è stato modificato"):
        deploy()

    assert bucket.files() == before


def test_missing_credentials_are_named(build, bucket, configure, monkeypatch):
    configure(bucket.target())
    monkeypatch.delenv("RETE_TEST_S3_SECRET_ACCESS_KEY")

    with pytest.raises(CommandError, match="RETE_TEST_S3_SECRET_ACCESS_KEY"):
        deploy()

    assert bucket.files() == {}


def test_an_unreachable_server_changes_nothing(build, bucket, configure, relay):
    configure(bucket.target(endpoint_url=relay.url))
    relay.cut()

    with pytest.raises(CommandError, match="non raggiungibile.*non è stato modificato nulla"):
        deploy()

    assert bucket.files() == {}


def test_a_connection_lost_mid_deploy_leaves_every_served_page_whole(build, bucket,
                                                                      configure, relay):
    config = configure(bucket.target(endpoint_url=relay.url))
    deploy()
    old = bucket.files()
    remove(build, "static/css/site.0123456789ab.css")
    new_page = PAGE.replace("0123456789ab", "fedcba987654")
    write_build(build, {"static/css/site.fedcba987654.css": "body{color:#000}",
                        **{name: new_page.format(name) for name in
                           ("index.html", "guide/index.html", "guide/cv/index.html")}})

    class CutAfterTheAssets(Listener):
        def done(self, change) -> None:
            if change.path.endswith(".html"):
                relay.cut()

    with pytest.raises(DeployError, match="interrotto.*nessun file è stato eliminato"):
        deploy_site(site=find_site(hostname="localhost"), config_path=config,
                    listener=CutAfterTheAssets())

    now = bucket.files()
    assert set(old) <= set(now)  # nothing deleted: every old page still finds its stylesheet
    assert "static/css/site.fedcba987654.css" in now  # and a new page finds the new one
    # The first page went up, new; the connection was cut before the others: still the old.
    assert now["guide/cv/index.html"] == build_files(build)["guide/cv/index.html"]
    assert now["guide/index.html"] == old["guide/index.html"]
    assert now["index.html"] == old["index.html"]
