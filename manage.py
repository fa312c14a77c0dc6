#!/usr/bin/env python
"""Django's command-line entry point for the Rete Lavoro CMS.

Reads `.env` like every other process; without DJANGO_SETTINGS_MODULE it runs the
production-safe base settings (development opts in with cms.settings.dev).
"""

import sys

from cms.environment import load_environment

if __name__ == "__main__":
    load_environment()
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)
