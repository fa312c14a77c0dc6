"""The CMS as production runs it: gunicorn with the base settings, behind a proxy on loopback.

migrate and collectstatic run first, as the README's production section says; then the
admin's login page (with its stylesheet, served by Whitenoise) and the live API answer.
"""

import json
import os
import re
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

# Runs in subprocesses of its own, on no database or its own: once is enough (not again
# in the PostgreSQL run of scripts/test).
pytestmark = pytest.mark.own_databases

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def fetch(url: str) -> tuple[int, str, str]:
    # The proxy in front (scripts/deploy/nginx.conf) terminates TLS and says so.
    request = urllib.request.Request(url, headers={"X-Forwarded-Proto": "https"})
    with urllib.request.urlopen(request, timeout=30) as response:
        return response.status, response.headers.get("Content-Type", ""), response.read().decode()


def test_gunicorn_serves_admin_and_api_with_production_settings(tmp_path):
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "cms.settings.base",
           "SECRET_KEY": "wsgi-test-" + "x" * 50, "RETE_VAR_DIR": str(tmp_path / "var"),
           "ALLOWED_HOSTS": "127.0.0.1", "DATABASE_URL": ""}
    for args in (["migrate", "--noinput", "-v0"], ["collectstatic", "--noinput", "-v0"]):
        subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env, check=True)
    port = free_port()
    server = subprocess.Popen(
        [str(BIN / "gunicorn"), "cms.wsgi:application", "--bind", f"127.0.0.1:{port}",
         "--workers", "1"], cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        for _attempt in range(100):
            try:
                status, _type, login = fetch(f"{base}/admin/login/")
                break
            except OSError:
                assert server.poll() is None, server.stdout.read().decode()
                time.sleep(0.2)
        else:
            raise AssertionError("gunicorn did not answer within 20 s")
        assert status == 200
        assert "Accedi" in login  # the admin in Italian
        stylesheet = re.search(r'<link[^>]+href="(/static/[^"]+\.css[^"]*)"', login).group(1)
        assert fetch(base + stylesheet)[0] == 200

        status, content_type, body = fetch(f"{base}/api/v2/pages/")
        assert status == 200 and content_type.startswith("application/json")
        assert "items" in json.loads(body)
    finally:
        server.terminate()
        server.wait(timeout=30)
