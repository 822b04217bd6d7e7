import pytest
from django.urls import reverse


@pytest.mark.django_db
def test_login_is_locked_after_repeated_failures(world, client):
    for _ in range(5):
        client.post(reverse("login"), {"username": "liaison_a", "password": "wrong-password"})
    response = client.post(reverse("login"), {"username": "liaison_a", "password": "Test@pass123"})
    assert response.status_code == 429
    assert "账户已暂时锁定" in response.content.decode()


@pytest.mark.django_db
def test_correct_login_lands_on_portal(world, client):
    response = client.post(reverse("login"), {"username": "liaison_a", "password": "Test@pass123"}, follow=True)
    assert response.redirect_chain[-1][0] == reverse("portal:home")
    assert "梁园区教育局" in response.content.decode()


def test_weak_passwords_are_rejected():
    from django.contrib.auth.password_validation import validate_password
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        validate_password("12345678")


def test_pages_are_chinese_by_default(client):
    body = client.get(reverse("login")).content.decode()
    assert 'lang="zh-hans"' in body and "登录" in body


def test_english_is_available_through_the_language_switch(client):
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    body = client.get(reverse("login")).content.decode()
    assert 'lang="en"' in body and "Civilization Creation Management System" in body
