"""The link-through to the partners' live databank search.

Job offers and CVs live in the partners' databank, not here. The editors give the
search address as a template such as
``https://banca-dati.example.it/cerca?q={query}&ente={partner}``; the portal turns
it into a plain GET form, so the search works on a static host and without
JavaScript. That is why placeholders may only stand as whole query values: a form
can fill a query parameter, never a piece of the path.
"""

from dataclasses import dataclass, field
from string import Formatter
from urllib.parse import parse_qsl, urlsplit, urlunsplit

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

PLACEHOLDERS = ("query", "partner")


@dataclass(frozen=True)
class DatabankForm:
    """What a template needs to render the search form."""

    action: str
    query_param: str
    partner_param: str | None = None
    hidden: list[tuple[str, str]] = field(default_factory=list)


def parse_databank_template(template: str) -> DatabankForm:
    """Check a databank URL template and split it into a GET form; Italian errors say what
    to fix."""
    template = (template or "").strip()
    parts = urlsplit(template)
    if parts.scheme != "https" or not parts.netloc:
        raise ValidationError(
            _(
                "L'indirizzo della banca dati deve essere completo e iniziare con https:// "
                "(ad esempio https://banca-dati.example.it/cerca?q={query})."
            )
        )
    try:
        names = {
            name for _text, name, _spec, _conv in Formatter().parse(template) if name is not None
        }
    except ValueError as error:
        raise ValidationError(
            _("Le parentesi graffe non sono bilanciate: usa solo {query} e {partner}.")
        ) from error
    unknown = sorted(names - set(PLACEHOLDERS))
    if unknown:
        raise ValidationError(
            _("Segnaposto sconosciuto: %(names)s. Puoi usare solo {query} e {partner}.")
            % {"names": ", ".join("{" + n + "}" for n in unknown)}
        )
    if "query" not in names:
        raise ValidationError(
            _(
                "Manca il segnaposto {query}: indica dove va il testo cercato, "
                "ad esempio ?q={query}."
            )
        )
    if "{" in parts.netloc + parts.path:
        raise ValidationError(
            _(
                "I segnaposto possono stare solo nei parametri dopo il punto di domanda, "
                "ad esempio ?q={query}&ente={partner}."
            )
        )
    query_param = partner_param = None
    hidden: list[tuple[str, str]] = []
    for key, value in parse_qsl(parts.query, keep_blank_values=True):
        if value == "{query}":
            query_param = key
        elif value == "{partner}":
            partner_param = key
        elif "{" in value:
            raise ValidationError(
                _("Il parametro «%(key)s» deve contenere solo il segnaposto, senza altro testo.")
                % {"key": key}
            )
        else:
            hidden.append((key, value))
    if query_param is None:
        raise ValidationError(
            _("Il segnaposto {query} deve essere il valore di un parametro, ad esempio ?q={query}.")
        )
    action = urlunsplit((parts.scheme, parts.netloc, parts.path or "/", "", ""))
    return DatabankForm(
        action=action, query_param=query_param, partner_param=partner_param, hidden=hidden
    )


def databank_search_url(template: str, *, query: str = "", partner: str = "") -> str:
    """The databank address for a query, as the GET form would produce it."""
    from urllib.parse import urlencode

    form = parse_databank_template(template)
    params = list(form.hidden) + [(form.query_param, query)]
    if form.partner_param:
        params.append((form.partner_param, partner))
    return f"{form.action}?{urlencode(params)}"
