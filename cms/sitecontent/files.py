"""Page fields kept in a file of their own beside the page's YAML, such as an observatory's CSV.

A model names them in `site_content_files = {field: extension}`. The YAML then gives the
file's name (`data: osservatorio-lavoro.data.csv`, beside the page file), so that the
figures stay a file any spreadsheet opens and `git diff` shows line by line. The loader
reads the file into the field, and the file's fingerprint joins the page's, so changing
only the CSV reloads the page; the exporter writes the field back the same way.
"""

from pathlib import Path, PurePosixPath

from .references import ContentError
from .yamlio import checksum


def file_fields(model) -> dict[str, str]:
    """The fields of `model` kept in files of their own → their extension."""
    return dict(getattr(model, "site_content_files", {}))


def file_name(*, page_relative: str, field: str, extension: str) -> str:
    """The name of a field's file beside the page file (`<page>.<field>.<extension>`)."""
    return f"{PurePosixPath(page_relative).stem}.{field}.{extension}"


def read_file_fields(*, model, fields: dict, page_file: Path, relative: str) -> str:
    """Put each file's text in `fields` in place of its name; returns lines to add to the
    page's fingerprint (YAML comments, so the recorded source still parses)."""
    lines = []
    for name in file_fields(model):
        if fields.get(name) is None:
            continue
        path = page_file.parent / str(fields[name])
        if path.parent != page_file.parent or not path.is_file():
            raise ContentError(f"il file «{fields[name]}» non c'è accanto alla pagina",
                               file=relative, field=name)
        try:
            text = path.read_text(encoding="utf-8")
        except UnicodeDecodeError as error:
            raise ContentError(f"il file «{fields[name]}» non è in UTF-8", file=relative,
                               field=name) from error
        lines.append(f"# {fields[name]}: {checksum(text.encode())}")
        fields[name] = text
    return "".join(f"\n{line}" for line in lines)


def write_file_fields(*, model, fields: dict, root: Path, relative: str) -> None:
    """Write each such field of `fields` to its file and leave its name in `fields`."""
    for name, extension in file_fields(model).items():
        if fields.get(name) is None:
            continue
        name_of_file = file_name(page_relative=relative, field=name, extension=extension)
        target = (root / relative).parent / name_of_file
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(fields[name], encoding="utf-8", newline="\n")
        fields[name] = name_of_file
