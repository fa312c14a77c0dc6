"""Deploy a site's baked folder to the hosts that serve it (`manage.py deploy <sito>`).

It reads the build by path and imports no other `cms` app: the bake writes a folder, this app
copies what changed in it to a folder or rsync destination, an S3-compatible bucket or a git
branch (GitHub-Pages-style hosting).
"""
