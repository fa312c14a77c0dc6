"""Where image renditions are stored: always under the name Wagtail gives them.

A rendition's file name is fixed by its image, its filter and its focal point
(`logo.max-160x64.png`). Django's default storage adds a random suffix when that name
is taken, which is what happens when two bake workers make the same rendition at the
same moment: both write a file, and the database keeps whichever row was inserted
first, so a page could link `logo_JgZp0tW.max-160x64.png` in one bake and
`logo.max-160x64.png` in the next. The baked bytes would depend on a race.

Here the name is kept, and the file is written beside it and moved into place in one
step: two workers making the same rendition write the same bytes to the same name, a
reader never sees half a file, and whichever row wins points at it.
"""

from __future__ import annotations

import os
import uuid
from pathlib import Path

from django.core.files.base import File
from django.core.files.storage import FileSystemStorage


class RenditionStorage(FileSystemStorage):
    """The media storage, but a rendition made again replaces its file, atomically."""

    def __init__(self, **kwargs) -> None:
        super().__init__(allow_overwrite=True, **kwargs)

    def _save(self, name: str, content: File) -> str:
        destination = Path(self.path(name))
        destination.parent.mkdir(parents=True, exist_ok=True)
        partial = destination.with_name(f".{destination.name}.{uuid.uuid4().hex}.part")
        # os.open with 0o666 honours the umask, as Django's own storage does.
        descriptor = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
        try:
            with os.fdopen(descriptor, "wb") as handle:
                for chunk in content.chunks():
                    handle.write(chunk if isinstance(chunk, bytes) else chunk.encode())
            if self.file_permissions_mode is not None:
                os.chmod(partial, self.file_permissions_mode)
            os.replace(partial, destination)
        except BaseException:
            partial.unlink(missing_ok=True)
            raise
        return str(name).replace("\\", "/")
