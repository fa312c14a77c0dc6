"""Post a page's add form in the Wagtail admin, as an editor would."""

from django.urls import reverse

from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text


def add_page(client, *, parent, model, fields: dict, inlines: tuple[str, ...] = (),
             action: str = "publish"):
    """POST the admin "add page" form of `model` under `parent` and return the response."""
    data = {"comments": inline_formset([])}
    data.update({name: inline_formset([]) for name in inlines})
    data.update(fields)
    form = nested_form_data(data)
    if action == "publish":
        form["action-publish"] = "action-publish"
    url = reverse("wagtailadmin_pages:add",
                  args=(model._meta.app_label, model._meta.model_name, parent.pk))
    return client.post(url, form)


__all__ = ["add_page", "rich_text", "inline_formset"]
