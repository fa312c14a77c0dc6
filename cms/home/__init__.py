"""The home page: the one page that shows a little of every content app.

It sits above the content apps (see the import contracts in `pyproject.toml`) so that
`cms.core` stays the floor every app stands on and imports none of them.
"""
