"""`manage.py recover_bakes`: before the bake worker starts, re-queue what a dead one left.

A worker killed mid-bake (`kill -9`, out of memory, a power cut) leaves its bake record
"In corso" and its task "running" for ever: nothing would run it again. This closes
those records and puts their tasks back in the queue (to bake everything), so the worker
starting next bakes them. `scripts/serve` and the worker's systemd unit run it first.
"""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cms.core.commands import BaseCommand
from cms.publishing.records import recover_dead_bakes


class Command(BaseCommand):
    help = gettext_lazy("Chiude le pubblicazioni interrotte (processo morto o oltre il tempo "
                        "massimo) e rimette in coda il loro lavoro. Da lanciare prima di "
                        "avviare il worker dei bake.")

    def handle(self, *args, **options):
        dead = recover_dead_bakes()
        self.stdout.write(_("Pubblicazioni interrotte trovate: %(count)d.") % {"count": len(dead)})
