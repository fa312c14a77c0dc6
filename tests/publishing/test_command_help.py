"""`manage.py <command> --help` prints the Italian help of every command of the project."""

import pytest

from django.core.management import get_commands, load_command_class


@pytest.mark.parametrize("name", ["bake", "bake_scheduled", "benchmark_bake",
                                  "load_site_content", "export_site_content", "ensure_admin",
                                  "backup", "restore"])
def test_help_prints(name):
    command = load_command_class(get_commands()[name], name)
    text = command.create_parser("manage.py", name).format_help()
    assert str(command.help).split()[0] in text
