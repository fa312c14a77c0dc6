"""``manage.py strip_image_metadata``: clean the images stored before uploads were stripped."""

from django.core.management import BaseCommand

from cms.core.uploads import strip_stored_images


class Command(BaseCommand):
    help = ("Toglie dalle immagini già caricate i metadati (EXIF con la posizione GPS, XMP, "
            "IPTC, commenti) che le immagini nuove perdono al caricamento (rieseguibile).")

    def handle(self, *args, **options):
        changed = strip_stored_images()
        for title in changed:
            self.stdout.write(f"  ripulita: {title}")
        self.stdout.write(self.style.SUCCESS(
            f"Immagini ripulite dai metadati: {len(changed)}." if changed
            else "Nessuna immagine con metadati."))
