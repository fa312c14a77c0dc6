"""The deploy targets of each site, from a versioned YAML file (`site_content/deploy.yaml`).

Keyed by the Wagtail site's hostname, so that each network names its own hosts:

    sites:
      localhost:
        - name: cartella
          kind: rsync
          destination: var/pubblicato/

No credentials in this file: an S3 target names the environment variables holding its keys
(`credentials_env`), rsync and git use the machine's SSH keys or credential helpers.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import yaml

from .errors import DeployError

KINDS = ("rsync", "s3", "git")
# What each kind needs, and what it may have.
REQUIRED = {"rsync": {"destination"}, "s3": {"bucket"}, "git": {"repository"}}
OPTIONAL = {
    "rsync": set(),
    "s3": {"endpoint_url", "region", "prefix", "credentials_env"},
    "git": {"branch", "nojekyll", "author_name", "author_email"},
}
# Keys that would put a secret in a versioned file.
SECRET_KEYS = {"access_key", "secret_key", "access_key_id", "secret_access_key", "password",
               "token"}


@dataclass(frozen=True)
class TargetConfig:
    """One host a site is deployed to: its `name`, `kind` and the kind's options."""

    name: str
    kind: str
    options: dict[str, object] = field(default_factory=dict)


def load_targets(*, path: Path, hostname: str) -> list[TargetConfig]:
    """The targets configured for the site `hostname` in the file at `path`."""
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except FileNotFoundError:
        raise DeployError(f"Il file di configurazione {path} non esiste.") from None
    except yaml.YAMLError as error:
        raise DeployError(f"{path} non è YAML valido: {error}") from None
    sites = data.get("sites") if isinstance(data, dict) else None
    if not isinstance(sites, dict):
        raise DeployError(f"{path}: manca la sezione «sites» (un elenco di destinazioni per sito).")
    entries = sites.get(hostname)
    if not entries:
        known = ", ".join(sorted(sites)) or "nessuno"
        raise DeployError(f"{path}: nessuna destinazione per il sito «{hostname}» "
                          f"(siti configurati: {known}).")
    if not isinstance(entries, list):
        raise DeployError(f"{path}: le destinazioni di «{hostname}» devono essere un elenco.")
    targets = [_target(entry, where=f"{path}, sito «{hostname}»") for entry in entries]
    names = [target.name for target in targets]
    if len(set(names)) != len(names):
        raise DeployError(f"{path}: due destinazioni di «{hostname}» hanno lo stesso nome.")
    return targets


def _target(entry: object, *, where: str) -> TargetConfig:
    if not isinstance(entry, dict) or not entry.get("name") or not entry.get("kind"):
        raise DeployError(f"{where}: ogni destinazione ha bisogno di «name» e «kind».")
    name, kind = str(entry["name"]), str(entry["kind"])
    if kind not in KINDS:
        raise DeployError(f"{where}, «{name}»: tipo «{kind}» sconosciuto "
                          f"(ammessi: {', '.join(KINDS)}).")
    options = {key: value for key, value in entry.items() if key not in {"name", "kind"}}
    if secrets := SECRET_KEYS & set(options):
        raise DeployError(f"{where}, «{name}»: le credenziali ({', '.join(sorted(secrets))}) "
                          "non vanno nel file versionato; usa le variabili d'ambiente.")
    if missing := REQUIRED[kind] - set(options):
        raise DeployError(f"{where}, «{name}»: manca {', '.join(sorted(missing))}.")
    if unknown := set(options) - REQUIRED[kind] - OPTIONAL[kind]:
        raise DeployError(f"{where}, «{name}»: opzioni sconosciute: "
                          f"{', '.join(sorted(unknown))}.")
    return TargetConfig(name=name, kind=kind, options=options)
