"""Reading and writing content files: one deterministic YAML dialect for both directions.

Block style, keys in the order the code builds them, UTF-8 text as is and multi-line
strings as literal ``|`` blocks, so a diff of two exports shows only real changes.
"""

import datetime
import hashlib
from decimal import Decimal
from pathlib import Path

import yaml

from .references import ContentError


class _Dumper(yaml.SafeDumper):
    """SafeDumper that writes multi-line strings as literal blocks."""

    def increase_indent(self, flow=False, indentless=False):
        # Indent list items under their key: easier to read than PyYAML's flush style.
        return super().increase_indent(flow, False)


def _represent_str(dumper, data: str):
    style = "|" if "\n" in data else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", data, style=style)


def _represent_decimal(dumper, data: Decimal):
    return dumper.represent_float(float(data))


_Dumper.add_representer(str, _represent_str)
_Dumper.add_representer(Decimal, _represent_decimal)
_Dumper.add_representer(datetime.date, yaml.SafeDumper.represent_date)


def dump(data) -> str:
    """`data` as YAML text, the one way the exporter writes it."""
    return yaml.dump(data, Dumper=_Dumper, allow_unicode=True, sort_keys=False,
                     default_flow_style=False, width=float("inf"))


def write(path: Path, data) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(dump(data), encoding="utf-8", newline="\n")


def checksum(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def read(path: Path, *, root: Path):
    """(parsed data, raw text) of a content file; a syntax error names the file and line."""
    relative = path.relative_to(root).as_posix()
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as error:
        raise ContentError("il file non è in UTF-8", file=relative) from error
    try:
        return yaml.safe_load(text), text
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f" (riga {mark.line + 1})" if mark else ""
        raise ContentError(f"YAML non valido{where}: {getattr(error, 'problem', error)}",
                           file=relative) from error
