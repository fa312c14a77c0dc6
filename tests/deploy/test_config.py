"""The deploy file: targets per site, no secrets, mistakes named in Italian."""

from __future__ import annotations

import io

import pytest

from django.conf import settings
from django.core.management import CommandError, call_command

from cms.deploy.config import load_targets
from cms.deploy.errors import DeployError


def write(tmp_path, text: str):
    path = tmp_path / "deploy.yaml"
    path.write_text(text)
    return path


def test_the_versioned_file_configures_the_demo_site_without_secrets():
    targets = load_targets(path=settings.RETE_DEPLOY_CONFIG, hostname="localhost")

    assert [(target.name, target.kind) for target in targets] == [("cartella", "rsync")]


def test_a_secret_in_the_file_is_refused(tmp_path):
    path = write(tmp_path, "sites:\n  localhost:\n    - {name: b, kind: s3, bucket: x, "
                           "secret_access_key: abc}\n")

    with pytest.raises(DeployError, match="credenziali.*non vanno nel file versionato"):
        load_targets(path=path, hostname="localhost")


@pytest.mark.parametrize(("text", "message"), [
    ("sites:\n  altro.example.it: []\n", "nessuna destinazione per il sito «localhost».*"
                                         "altro.example.it"),
    ("sites:\n  localhost:\n    - {name: a, kind: ftp}\n", "tipo «ftp» sconosciuto"),
    ("sites:\n  localhost:\n    - {name: a, kind: git}\n", "manca repository"),
    ("sites:\n  localhost:\n    - {name: a, kind: rsync, destination: x, porta: 2}\n",
     "opzioni sconosciute: porta"),
    ("sites: [\n", "non è YAML valido"),
])
def test_mistakes_are_named(tmp_path, text, message):
    with pytest.raises(DeployError, match=message):
        load_targets(path=write(tmp_path, text), hostname="localhost")


@pytest.mark.django_db
def test_an_unknown_site_or_target_is_a_command_error(tmp_path, settings):
    settings.RETE_DEPLOY_CONFIG = write(tmp_path, "sites:\n  localhost:\n"
                                                  "    - {name: a, kind: rsync, destination: x}\n")

    with pytest.raises(CommandError, match="Nessun sito «www.example.org».*localhost"):
        call_command("deploy", "www.example.org", stdout=io.StringIO())
    with pytest.raises(CommandError, match="Destinazione «b» non configurata.*a"):
        call_command("deploy", "localhost", "--target", "b", stdout=io.StringIO())
