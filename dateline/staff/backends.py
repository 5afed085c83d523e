from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.db.models import Exists, OuterRef

from .lockout import is_locked
from .models import LoginLock


class UnlessLockedBackend(ModelBackend):
    """Django's backend, except that a locked account cannot sign in by any
    form: even the right password is refused until an Administrator unlocks it."""

    def user_can_authenticate(self, user) -> bool:
        locked = getattr(user, "dateline_locked", None)
        if locked is None:
            locked = is_locked(user)
        return super().user_can_authenticate(user) and not locked

    def get_user(self, user_id):
        # The signed-in user of each request, read with whether their account
        # is locked in the same query (a locked account's sessions end).
        locks = LoginLock.objects.filter(user=OuterRef("pk"), locked_at__isnull=False)
        user = (
            get_user_model()
            ._default_manager.annotate(dateline_locked=Exists(locks))
            .filter(pk=user_id)
            .first()
        )
        return user if user is not None and self.user_can_authenticate(user) else None
