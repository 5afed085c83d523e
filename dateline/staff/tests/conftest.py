import pytest
from django.contrib.auth.models import Group, User

PASSWORD = "correct-horse-battery-staple"


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    # Dozens of sign-ins per test: the production hasher's cost is not under test.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def make_staff(home):
    def make(username: str, group: str | None = None, **fields) -> User:
        user = User.objects.create_user(username, f"{username}@example.org", PASSWORD, **fields)
        if group:
            user.groups.add(Group.objects.get(name=group))
        return user

    return make


def sign_in(client, username: str, password: str = PASSWORD, next_url: str = "/admin/"):
    return client.post(
        "/admin/login/", {"username": username, "password": password, "next": next_url}
    )
