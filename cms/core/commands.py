"""A base for the project's management commands.

Their help texts are Italian through `gettext_lazy`, and argparse cannot format a lazy
string (`manage.py bake --help` crashed): the text is resolved when the parser is made.
"""

from django.core.management.base import BaseCommand as DjangoBaseCommand


class BaseCommand(DjangoBaseCommand):
    """Django's command, with a lazily translated `help` resolved for argparse."""

    def create_parser(self, prog_name, subcommand, **kwargs):
        self.help = str(self.help)
        return super().create_parser(prog_name, subcommand, **kwargs)
