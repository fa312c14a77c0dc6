"""Feeds, calendars, the sitemap and robots.txt: what other programs read from the site."""
