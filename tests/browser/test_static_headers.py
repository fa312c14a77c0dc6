"""The baked site carries its Content-Security-Policy: a <meta> in every page, `_headers`."""

import re

from cms.security.csp import site_policy

META = re.compile(r'<meta http-equiv="Content-Security-Policy" content="([^"]+)">')


def assert_every_page_starts_with_the_policy(build, *, databank="https://bancadati.example.it"):
    """Every page of `build` carries the policy first in its head, forms going only to the
    network's databank."""
    pages = sorted(build.rglob("*.html"))
    assert len(pages) > 20
    for page in pages:
        html = page.read_text(encoding="utf-8")
        head = html[:html.index("</head>")]
        found = META.search(head)
        assert found, f"{page.relative_to(build)} has no Content-Security-Policy"
        # Before any stylesheet or script, so that it covers them all.
        assert found.start() < head.find("<link"), page
        policy = found.group(1).replace("&#x27;", "'")
        assert "script-src 'self' 'wasm-unsafe-eval'" in policy
        assert f"form-action 'self' {databank}" in policy
        assert "unsafe-inline" not in policy


def test_every_baked_page_starts_with_the_policy(demo_build):
    assert_every_page_starts_with_the_policy(demo_build)


def test_headers_file_for_static_hosts(demo_build):
    rules = (demo_build / "_headers").read_text(encoding="utf-8")
    blocks = {block.splitlines()[0]: block for block in rules.split("\n/")}
    site = blocks["/*"]
    assert ("Content-Security-Policy: " + site_policy(
        databank_url="https://bancadati.example.it/cerca?q={query}", for_header=True)) in site
    assert "frame-ancestors 'self'" in site
    assert "X-Content-Type-Options: nosniff" in site
    assert "Strict-Transport-Security: max-age=31536000; includeSubDomains" in site
    assert "Content-Disposition: attachment" in blocks["media/documents/*"]
    assert not (demo_build / "_headers.gz").exists()  # served as rules, not as a page
