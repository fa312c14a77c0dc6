"""Roles per comune and per network: each boundary proven with real requests to the real
admin URLs or Wagtail's own permission checks.

An Ispra editor edits and submits Ispra's sportello but not Varese's, cannot publish, and
cannot change a document that a live page uses; the network's moderators approve. With two
networks, each network's editors and moderators stay inside their own site.
"""

import shutil
from pathlib import Path

import pytest
import wagtail_factories
from bs4 import BeautifulSoup

from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.urls import reverse

from wagtail.documents.models import Document
from wagtail.models import Collection, Page, Site, WorkflowPage, WorkflowState

from cms.core.site_settings import PortalSettings
from cms.roles.services import load_roles, read_roles, roles_files
from tests import factories

ROLES = """
network: Rete di prova
moderators: Moderazione rete
administrators: Amministrazione
workflow: Moderazione della rete
comuni:
  - name: Ispra
    pages: [/sportelli/ispra/]
    collection: Ispra
  - name: Varese
    pages: [/sportelli/varese/]
    collection: Varese
"""
REFUSED = (302, 403)  # Wagtail answers a missing permission with a redirect or a 403


@pytest.fixture
def network(site_tree, tmp_path, django_user_model):
    """Two sportelli, the roles loaded, and one user per role."""
    ispra = factories.SportelloPageFactory(parent=site_tree.sportelli, slug="ispra",
                                           title="Sportello di Ispra", comune="Ispra")
    varese = factories.SportelloPageFactory(parent=site_tree.sportelli, slug="varese",
                                            title="Sportello di Varese", comune="Varese")
    roles_file = tmp_path / "roles.yaml"
    roles_file.write_text(ROLES, encoding="utf-8")
    load_roles(path=roles_file)

    def user(name, group):
        person = django_user_model.objects.create_user(name, f"{name}@example.it", "x-pass-123")
        person.groups.add(Group.objects.get(name=group))
        return person

    return {"ispra": ispra, "varese": varese, "roles_file": roles_file,
            "editor": user("ispra", "Redazione Ispra"),
            "moderator": user("moderatrice", "Moderazione rete")}


def edit_form(client, page) -> dict:
    """The page's edit form as the browser would post it, from the real admin page."""
    response = client.get(reverse("wagtailadmin_pages:edit", args=(page.pk,)))
    assert response.status_code == 200
    form = BeautifulSoup(response.content, "html.parser").find("form", id="page-edit-form")
    data = {}
    for field in form.find_all(["input", "textarea", "select"]):
        name = field.get("name")
        if not name or field.get("type") in ("submit", "button", "file"):
            continue
        if field.get("type") in ("checkbox", "radio") and not field.has_attr("checked"):
            continue
        if field.name == "textarea":
            data[name] = field.text
        elif field.name == "select":
            chosen = field.find_all("option", selected=True)
            if field.has_attr("multiple"):
                data[name] = [option["value"] for option in chosen]
            elif chosen:
                data[name] = chosen[0].get("value", "")
        else:
            data[name] = field.get("value", "")
    return data


def test_load_roles_creates_italian_groups_once(network):
    names = set(Group.objects.values_list("name", flat=True))
    assert {"Redazione Ispra", "Redazione Varese", "Moderazione rete",
            "Amministrazione"} <= names
    assert not names & {"Editors", "Moderators"}
    assert set(Collection.objects.values_list("name", flat=True)) >= {"Ispra", "Varese"}
    again = load_roles(path=network["roles_file"])
    assert again.changes == []


def test_dry_run_saves_nothing(site_tree, tmp_path, capsys):
    factories.SportelloPageFactory(parent=site_tree.sportelli, slug="ispra")
    factories.SportelloPageFactory(parent=site_tree.sportelli, slug="varese")
    roles_file = tmp_path / "roles.yaml"
    roles_file.write_text(ROLES, encoding="utf-8")
    call_command("load_roles", path=roles_file, dry_run=True)
    assert "nulla è stato salvato" in capsys.readouterr().out
    assert not Group.objects.filter(name="Redazione Ispra").exists()
    assert Group.objects.filter(name="Moderators").exists()


def test_a_page_missing_from_the_database_is_a_warning_not_a_stop(site_tree, tmp_path, capsys):
    """./scripts/bake runs load_roles before the bake: one stale path must not stop either."""
    factories.SportelloPageFactory(parent=site_tree.sportelli, slug="varese")
    roles_file = tmp_path / "roles.yaml"
    roles_file.write_text(ROLES, encoding="utf-8")  # names /sportelli/ispra/, which is missing
    call_command("load_roles", path=roles_file)
    out = capsys.readouterr().out
    assert "attenzione: La pagina /sportelli/ispra/ assegnata a Ispra non esiste" in out
    varese_editors = Group.objects.get(name="Redazione Varese")
    assert varese_editors.page_permissions.filter(page__slug="varese").exists()
    assert not Group.objects.get(name="Redazione Ispra").page_permissions.exists()


def test_each_demo_roles_file_matches_its_own_networks_pages():
    """Every comune of each network's roles.yaml names a page of that network's demo content."""
    root = Path(__file__).resolve().parents[2] / "site_content"
    files = roles_files(content_dir=root)
    assert [folder for folder, _path in files] == ["citta-del-lavoro", "modena-carpi"]
    for folder, path in files:
        pages = root / "networks" / folder / "pages"
        for comune in read_roles(path=path).comuni:
            for address in comune.pages:
                assert (pages / f"{address.strip('/')}.yaml").exists(), (folder, address)


def test_comune_editor_cannot_edit_or_submit_another_comune(client, network):
    client.force_login(network["editor"])
    varese = network["varese"]
    assert client.get(reverse("wagtailadmin_pages:edit", args=(varese.pk,))).status_code \
        in REFUSED
    response = client.post(reverse("wagtailadmin_pages:edit", args=(varese.pk,)),
                           {"title": "Cambiato da Ispra", "action-submit": "1"})
    assert response.status_code in REFUSED
    varese.refresh_from_db()
    assert varese.title == "Sportello di Varese"
    assert not WorkflowState.objects.filter(base_content_type__isnull=False,
                                            object_id=str(varese.pk)).exists()


def test_comune_editor_submits_own_sportello_and_moderator_approves(client, network):
    ispra = network["ispra"]
    client.force_login(network["editor"])
    data = edit_form(client, ispra)
    data.update({"title": "Sportello lavoro di Ispra, nuovi orari", "action-submit": "1"})
    response = client.post(reverse("wagtailadmin_pages:edit", args=(ispra.pk,)), data)
    assert response.status_code == 302, response.content[:2000]
    ispra.refresh_from_db()
    assert ispra.title == "Sportello di Ispra"  # what the public sees has not changed
    state = WorkflowState.objects.get(object_id=str(ispra.pk))
    assert state.status == WorkflowState.STATUS_IN_PROGRESS
    assert state.current_task_state.task.name == "Approvazione della moderazione"

    # Publishing it directly is not in the editor's hands.
    data["action-publish"] = "1"
    del data["action-submit"]
    client.post(reverse("wagtailadmin_pages:edit", args=(ispra.pk,)), data)
    ispra.refresh_from_db()
    assert ispra.title == "Sportello di Ispra"
    assert client.post(reverse("wagtailadmin_pages:unpublish", args=(ispra.pk,))).status_code \
        in REFUSED
    assert Page.objects.get(pk=ispra.pk).live
    assert client.post(reverse("wagtailadmin_pages:delete", args=(ispra.pk,))).status_code \
        in REFUSED
    assert Page.objects.filter(pk=ispra.pk).exists()
    # Making it private would take it off the public site: that is publishing too.
    privacy = client.post(reverse("wagtailadmin_pages:set_privacy", args=(ispra.pk,)),
                          {"restriction_type": "password", "password": "segreta"})
    assert privacy.status_code in REFUSED
    assert not ispra.get_view_restrictions().exists()

    client.force_login(network["moderator"])
    url = reverse("wagtailadmin_pages:workflow_action",
                  args=(ispra.pk, "approve", state.current_task_state.pk))
    assert client.post(url, {"comment": ""}).status_code in (200, 302)
    ispra.refresh_from_db()
    assert ispra.title == "Sportello lavoro di Ispra, nuovi orari"
    assert ispra.live and not ispra.has_unpublished_changes


def test_comune_editor_uploads_only_into_own_collection(client, network):
    client.force_login(network["editor"])
    ispra_collection = Collection.objects.get(name="Ispra")
    varese_collection = Collection.objects.get(name="Varese")
    for collection in (varese_collection, ispra_collection):
        client.post(reverse("wagtaildocs:add"), {
            "title": f"Orari {collection.name}", "collection": collection.pk,
            "file": ContentFile(b"%PDF-1.4 orari", name="orari.pdf")})
    # Whatever collection was asked for, the uploads land in Ispra's, the only one offered.
    assert set(Document.objects.values_list("collection__name", flat=True)) == {"Ispra"}
    assert Document.objects.count() == 2


def test_snippets_are_not_editable_by_comune_editors(client, network):
    partner = factories.PartnerFactory()
    client.force_login(network["editor"])
    url = reverse("wagtailsnippets_network_partner:edit", args=(partner.pk,))
    assert client.get(url).status_code in REFUSED
    client.post(url, {"name": "Partner cambiato"})
    partner.refresh_from_db()
    assert partner.name != "Partner cambiato"


def test_a_document_used_by_a_live_page_is_out_of_the_uploaders_hands(client, network):
    editor, ispra = network["editor"], network["ispra"]
    document = Document.objects.create(
        title="Orari estivi", collection=Collection.objects.get(name="Ispra"),
        uploaded_by_user=editor, file=ContentFile(b"%PDF-1.4 orari", name="orari.pdf"))
    client.force_login(editor)
    edit_url = reverse("wagtaildocs:edit", args=(document.pk,))
    # Their own upload, used by nothing public yet: theirs to fix.
    assert client.get(edit_url).status_code == 200

    ispra.body = f'<p><a linktype="document" id="{document.pk}">Orari estivi</a></p>'
    ispra.save_revision().publish()

    assert client.get(edit_url).status_code in REFUSED
    response = client.post(edit_url, {
        "title": "Orari estivi", "collection": document.collection_id,
        "file": ContentFile(b"<svg onload=alert(1)>", name="orari.pdf")})
    assert response.status_code in REFUSED
    assert client.post(reverse("wagtaildocs:delete", args=(document.pk,))).status_code \
        in REFUSED
    document.refresh_from_db()
    assert document.file.read() == b"%PDF-1.4 orari"

    # The moderators may still replace it (their change goes live with the next bake).
    client.force_login(network["moderator"])
    assert client.get(edit_url).status_code == 200


def test_an_image_on_a_live_page_is_out_of_the_uploaders_hands(client, network, site_tree):
    editor = network["editor"]
    image = wagtail_factories.ImageFactory(title="Foto dello sportello",
                                           collection=Collection.objects.get(name="Ispra"),
                                           uploaded_by_user=editor)
    client.force_login(editor)
    edit_url = reverse("wagtailimages:edit", args=(image.pk,))
    assert client.get(edit_url).status_code == 200
    assert edit_url in client.get(reverse("wagtailimages:index")).content.decode()

    factories.NewsPageFactory(parent=site_tree.news, image=image, image_alt="Lo sportello")

    assert client.get(edit_url).status_code in REFUSED
    response = client.post(reverse("wagtailimages:delete", args=(image.pk,)))
    assert response.status_code in REFUSED
    image.refresh_from_db()  # still there
    listing = client.get(reverse("wagtailimages:index"))
    assert edit_url not in listing.content.decode()  # not offered for editing either


DEMO = Path(__file__).resolve().parents[2] / "site_content" / "networks"


@pytest.fixture
def two_networks(site_tree, tmp_path, settings, django_user_model):
    """The citta network (default site) and the Modena–Carpi one, each with its roles file
    (the committed Modena–Carpi one) in a content folder, loaded as ./scripts/bake does."""
    def name_folder(site, folder):
        PortalSettings.objects.update_or_create(site=site, defaults={"folder": folder})

    name_folder(Site.objects.get(is_default_site=True), "citta-del-lavoro")
    ispra = factories.SportelloPageFactory(parent=site_tree.sportelli, slug="ispra",
                                           title="Sportello di Ispra", comune="Ispra")
    modena_home = factories.HomePageFactory(parent=Page.get_first_root_node(),
                                            slug="home-modena", title="Modena e Carpi")
    modena_site = Site.objects.create(hostname="modena-carpi.localhost", port=80,
                                      root_page=modena_home)
    name_folder(modena_site, "modena-carpi")
    sedi = factories.SportelloIndexPageFactory(parent=modena_home)
    carpi = {slug: factories.SportelloPageFactory(parent=sedi, slug=slug, comune="Carpi")
             for slug in ("centro-per-l-impiego-di-carpi", "quicitta-carpi", "quicitta-fossoli")}

    content = tmp_path / "content"
    (content / "networks" / "citta-del-lavoro").mkdir(parents=True)
    (content / "networks" / "citta-del-lavoro" / "roles.yaml").write_text(ROLES,
                                                                          encoding="utf-8")
    (content / "networks" / "modena-carpi").mkdir()
    shutil.copy(DEMO / "modena-carpi" / "roles.yaml", content / "networks" / "modena-carpi")
    settings.SITE_CONTENT_DIR = content
    call_command("load_roles")

    def user(name, group):
        person = django_user_model.objects.create_user(name, f"{name}@example.it", "x-pass-123")
        person.groups.add(Group.objects.get(name=group))
        return person

    return {"ispra": ispra, "carpi": carpi, "modena_home": modena_home,
            "citta_home": site_tree.home,
            "carpi_editor": user("carpi", "Redazione Carpi"),
            "modena_moderator": user("modena", "Moderazione Modena–Carpi"),
            "citta_moderator": user("citta", "Moderazione rete"),
            "ispra_editor": user("ispra", "Redazione Ispra")}


def test_a_carpi_editor_edits_the_carpi_offices_and_nothing_of_the_other_network(two_networks):
    editor = two_networks["carpi_editor"]
    for office in two_networks["carpi"].values():
        permissions = office.permissions_for_user(editor)
        assert permissions.can_edit() and not permissions.can_publish()
    assert not two_networks["ispra"].permissions_for_user(editor).can_edit()
    assert not two_networks["modena_home"].permissions_for_user(editor).can_edit()
    assert Collection.objects.filter(name="Carpi").exists()


def test_each_networks_moderators_publish_in_their_own_tree_only(two_networks):
    modena, citta = two_networks["modena_moderator"], two_networks["citta_moderator"]
    office = two_networks["carpi"]["quicitta-fossoli"]
    assert office.permissions_for_user(modena).can_publish()
    assert two_networks["modena_home"].permissions_for_user(modena).can_publish()
    assert not two_networks["ispra"].permissions_for_user(modena).can_publish()
    assert not two_networks["citta_home"].permissions_for_user(modena).can_edit()
    assert not office.permissions_for_user(citta).can_publish()
    assert two_networks["ispra"].permissions_for_user(citta).can_publish()


def test_each_network_has_its_own_workflow_and_shares_the_administrators(two_networks):
    assert WorkflowPage.objects.get(page=two_networks["modena_home"]).workflow.name \
        == "Moderazione della rete Modena–Carpi"
    assert WorkflowPage.objects.get(page=two_networks["citta_home"]).workflow.name \
        == "Moderazione della rete"
    # citta's groups are what they were with one network.
    ispra_editor = two_networks["ispra_editor"]
    assert two_networks["ispra"].permissions_for_user(ispra_editor).can_edit()
    assert not two_networks["carpi"]["quicitta-carpi"].permissions_for_user(ispra_editor) \
        .can_edit()
    assert Group.objects.filter(name="Amministrazione").count() == 1
    administrators = Group.objects.get(name="Amministrazione")
    assert administrators.page_permissions.filter(page__depth=1).exists()  # the whole tree


def test_loading_every_network_again_changes_nothing(two_networks, capsys):
    capsys.readouterr()
    call_command("load_roles")
    assert "nessuna modifica" in capsys.readouterr().out
    call_command("load_roles", network="modena-carpi")
    assert "nessuna modifica" in capsys.readouterr().out


def test_a_path_inside_a_networks_folder_applies_to_that_network(two_networks, settings,
                                                                 capsys):
    capsys.readouterr()
    path = Path(settings.SITE_CONTENT_DIR) / "networks" / "modena-carpi" / "roles.yaml"
    call_command("load_roles", path=path)
    assert "nessuna modifica" in capsys.readouterr().out  # not re-pointed at the default site
    assert WorkflowPage.objects.get(page=two_networks["citta_home"]).workflow.name \
        == "Moderazione della rete"
