"""Actions on the core of the portal."""

from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _


def ensure_admin(*, username: str, email: str, password: str) -> bool:
    """Create a superuser unless one exists; return whether one was created.

    There is never a default password: the caller must supply one, and it has to pass
    Django's password validators.
    """
    User = get_user_model()
    if User.objects.filter(is_superuser=True).exists():
        return False
    if not username or not password:
        raise ValidationError(_("Servono nome utente e password dell'amministratore."))
    validate_password(password, User(username=username, email=email))
    User.objects.create_superuser(username=username, email=email, password=password)
    return True
