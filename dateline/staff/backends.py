from django.contrib.auth.backends import ModelBackend

from .lockout import is_locked


class UnlessLockedBackend(ModelBackend):
    """Django's backend, except that a locked account cannot sign in by any
    form: even the right password is refused until an Administrator unlocks it."""

    def user_can_authenticate(self, user) -> bool:
        return super().user_can_authenticate(user) and not is_locked(user)
