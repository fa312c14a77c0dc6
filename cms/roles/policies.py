"""Who may change an image or a document that the public site already shows.

Wagtail lets anyone with "add" permission on a collection change and delete the images
and documents they uploaded themselves. For a comune's editors, who may not publish, that
would be a way around moderation: swap the file of a document a live guide links to and it
is public at the next bake. So an uploader's own rights end once something public uses the
file (a live page, or a snippet or setting, which the site shows without moderation); from
then on only a group with explicit "change" permission on the collection (the network's
moderators, the administrators) may change or delete it. Checked against Wagtail 8.0's
`CollectionOwnershipPermissionPolicy`, registered through its `register_permission_policy`.
"""

from django.contrib.contenttypes.models import ContentType
from django.db.models import CharField, Q
from django.db.models.functions import Cast

from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Page, ReferenceIndex
from wagtail.permission_policies.collections import CollectionOwnershipPermissionPolicy
from wagtail.permissions import register_permission_policy

CHANGING = {"change", "delete"}


class PublishedMediaPermissionPolicy(CollectionOwnershipPermissionPolicy):
    """Wagtail's policy for images and documents, minus the uploader's rights on files in use."""

    def user_has_any_permission_for_instance(self, user, actions, instance):
        actions = set(actions)
        if (actions & CHANGING and not self._may_change_published(user, instance)
                and is_publicly_used(instance)):
            actions -= CHANGING
            if not actions:
                return False
        return super().user_has_any_permission_for_instance(user, actions, instance)

    def instances_user_has_any_permission_for(self, user, actions):
        instances = super().instances_user_has_any_permission_for(user, actions)
        if not set(actions) & CHANGING or (user.is_active and user.is_superuser):
            return instances
        kept = Q(collection__in=self._collections_with_perm(user, ["change"]))
        if set(actions) - CHANGING:  # e.g. "choose" too: those stay whatever their use
            kept |= Q(collection__in=self._collections_with_perm(user, set(actions) - CHANGING))
        return instances.filter(kept | ~Q(pk__in=publicly_used_ids(self.model)))

    def _may_change_published(self, user, instance) -> bool:
        """Explicit "change" permission on the collection, not the uploader's own."""
        return self._check_perm(user, ["change"], collection=instance.collection)


def _public_references(model):
    """References to objects of `model` from live pages or from anything that is not a page."""
    page_type = ContentType.objects.get_for_model(Page)
    references = ReferenceIndex.objects.filter(
        to_content_type=ReferenceIndex._get_base_content_type(model))
    # object_id is text in the reference index: compare it with the pages' ids as text.
    live_page_ids = Page.objects.live().annotate(text_id=Cast("pk", CharField())).values("text_id")
    return references.filter(~Q(base_content_type=page_type)
                             | Q(base_content_type=page_type, object_id__in=live_page_ids))


def publicly_used_ids(model) -> list[int]:
    """Ids of the `model` objects (images or documents) that something public uses."""
    return [int(pk) for pk in _public_references(model)
            .values_list("to_object_id", flat=True).distinct()]


def is_publicly_used(instance) -> bool:
    """Whether a live page, a snippet or a setting uses this image or document."""
    return _public_references(type(instance)).filter(to_object_id=str(instance.pk)).exists()


def register_media_policies() -> None:
    """Use the policy for the image and document models (after Wagtail's own registration)."""
    for model, auth_model in ((get_image_model(), "wagtailimages.Image"),
                              (get_document_model(), "wagtaildocs.Document")):
        register_permission_policy(model, PublishedMediaPermissionPolicy(
            model, auth_model=auth_model, owner_field_name="uploaded_by_user"))
