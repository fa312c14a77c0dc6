"""An S3-compatible bucket (AWS, MinIO, Garage, OVH, Scaleway…) through boto3.

What changed is found by the listing alone: for an object uploaded in one piece without
KMS encryption (always the case here) the ETag is the MD5 of its bytes, compared with the
build's. The precompressed `.gz`/`.br` companions are uploaded as objects of their own with
the original's `Content-Type` and their `Content-Encoding`, so a CDN rule that negotiates
`Accept-Encoding` can serve them, while the plain object stays readable by every client (a
bucket cannot negotiate by itself).

Failure: the bucket is listed before anything is written, so wrong credentials, a missing
bucket or an unreachable endpoint change nothing. If the connection drops half-way, the
objects already written are new hashed assets (which no served page uses yet) or new pages
whose assets are already there; nothing was deleted, so every page served is whole, old or
new, and the next deploy finishes the job.
"""

from __future__ import annotations

import hashlib
import os

import boto3
from botocore.config import Config
from botocore.exceptions import BotoCoreError, ClientError

from ..builds import Build
from ..errors import DeployError
from ..headers import object_headers
from ..plan import Plan, compare
from .base import Progress

TIMEOUTS = Config(connect_timeout=5, read_timeout=30, retries={"max_attempts": 2})
DELETE_BATCH = 1000  # the most keys one DeleteObjects call accepts


def md5(data: bytes) -> str:
    """The ETag S3 gives an object uploaded in one piece."""
    return hashlib.md5(data, usedforsecurity=False).hexdigest()


class S3Target:
    """A bucket, optionally under a key prefix; credentials from the environment."""

    def __init__(self, *, bucket: str, endpoint_url: str | None = None,
                 region: str | None = None, prefix: str = "",
                 credentials_env: str | None = None) -> None:
        self.bucket = bucket
        self.endpoint_url = endpoint_url
        self.prefix = prefix.strip("/") + "/" if prefix.strip("/") else ""
        self.client = boto3.client("s3", endpoint_url=endpoint_url, region_name=region,
                                   config=TIMEOUTS, **_credentials(credentials_env))

    def describe(self) -> str:
        where = f" su {self.endpoint_url}" if self.endpoint_url else ""
        return f"s3://{self.bucket}/{self.prefix}{where}"

    def plan(self, *, build: Build) -> Plan:
        local = {name: md5(path.read_bytes()) for name, path in build.files.items()}
        return compare(local=local, remote=self._listing())

    def apply(self, *, plan: Plan, build: Build, progress: Progress) -> None:
        try:
            for change in plan.uploads:
                self.client.put_object(Bucket=self.bucket, Key=self.prefix + change.path,
                                       Body=build.files[change.path].read_bytes(),
                                       **object_headers(change.path))
                progress(change)
            for start in range(0, len(plan.deletions), DELETE_BATCH):
                batch = plan.deletions[start:start + DELETE_BATCH]
                self.client.delete_objects(Bucket=self.bucket, Delete={
                    "Objects": [{"Key": self.prefix + change.path} for change in batch],
                    "Quiet": True,
                })
                for change in batch:
                    progress(change)
        except (BotoCoreError, ClientError) as error:
            raise DeployError(_message(error, bucket=self.bucket, started=True)) from error

    def _listing(self) -> dict[str, str]:
        remote = {}
        try:
            pages = self.client.get_paginator("list_objects_v2").paginate(
                Bucket=self.bucket, Prefix=self.prefix)
            for page in pages:
                for item in page.get("Contents", []):
                    remote[item["Key"][len(self.prefix):]] = item["ETag"].strip('"')
        except (BotoCoreError, ClientError) as error:
            raise DeployError(_message(error, bucket=self.bucket, started=False)) from error
        return remote


def _credentials(prefix: str | None) -> dict[str, str]:
    """Keys from PREFIX_ACCESS_KEY_ID and PREFIX_SECRET_ACCESS_KEY, or boto3's own chain
    (AWS_ACCESS_KEY_ID, AWS_PROFILE…) when the target names no prefix."""
    if not prefix:
        return {}
    names = (f"{prefix}_ACCESS_KEY_ID", f"{prefix}_SECRET_ACCESS_KEY")
    missing = [name for name in names if not os.environ.get(name)]
    if missing:
        raise DeployError(f"Credenziali mancanti: imposta {' e '.join(missing)} nell'ambiente "
                          "(o in .env).")
    return {"aws_access_key_id": os.environ[names[0]],
            "aws_secret_access_key": os.environ[names[1]]}


def _message(error: Exception, *, bucket: str, started: bool) -> str:
    state = ("Il caricamento si è interrotto: le pagine pubblicate restano integre (nessun file "
             "è stato eliminato); ripeti il comando per completare."
             if started else "Sul bucket non è stato modificato nulla.")
    if isinstance(error, ClientError):
        code = error.response.get("Error", {}).get("Code", "")
        if code in {"InvalidAccessKeyId", "SignatureDoesNotMatch", "AccessDenied",
                    "InvalidClientTokenId", "403"}:
            return (f"Credenziali rifiutate dal bucket «{bucket}» ({code}): controlla le "
                    f"variabili d'ambiente delle chiavi. {state}")
        if code in {"NoSuchBucket", "404"}:
            return f"Il bucket «{bucket}» non esiste. {state}"
        return f"Il bucket «{bucket}» ha risposto con un errore ({code}). {state}"
    if "credentials" in type(error).__name__.lower() or "Credentials" in str(error):
        return f"Nessuna credenziale per il bucket «{bucket}». {state}"
    return f"Bucket «{bucket}» non raggiungibile ({error}). {state}"
