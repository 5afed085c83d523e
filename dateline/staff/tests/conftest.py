import pytest
from django.contrib.auth.models import Group, User

PASSWORD = "correct-horse-battery-staple"
# The one answer to every refused sign-in: wrong password, unknown or locked
# account, paused (account, address). It must not tell which.
REFUSED = (
    "Your username and password didn't match, or sign-in is paused after too many "
    "failed attempts. Please try again later."
)
ADMIN_LOGIN, READER_LOGIN = "/admin/login/", "/en/_util/login/"


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    # Dozens of sign-ins per test: the production hasher's cost is not under test.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def small_limits(settings):
    """Pauses after 3 failures for (account, address), starting at 1 second;
    the account locks after 6 failures in a row from anywhere."""
    settings.DATELINE_LOGIN_BACKOFF = (3, 1)
    settings.DATELINE_LOGIN_LOCK_AFTER = 6


@pytest.fixture
def make_staff(home):
    def make(username: str, group: str | None = None, **fields) -> User:
        user = User.objects.create_user(username, f"{username}@example.org", PASSWORD, **fields)
        if group:
            user.groups.add(Group.objects.get(name=group))
        return user

    return make


def sign_in(
    client,
    username: str,
    password: str = PASSWORD,
    next_url: str = "/admin/",
    address: str = "127.0.0.1",
    url: str = ADMIN_LOGIN,
):
    return client.post(
        url,
        {"username": username, "password": password, "next": next_url},
        REMOTE_ADDR=address,
    )


def refusal(response) -> tuple[int, list[str]]:
    """What a refused sign-in shows: its status and the form's errors."""
    return response.status_code, list(response.context["form"].non_field_errors())
