import pytest
from django.urls import reverse


@pytest.mark.django_db
def test_landing_links_every_public_page(client):
    body = client.get(reverse("landing")).content.decode()
    for name in [
        "volunteers_public:register",
        "exemplars_public:index",
        "titles_public:publicity",
        "volunteers_public:verify",
        "volunteers_public:post_request",
    ]:
        url = reverse(name)
        assert f'href="{url}"' in body
        assert client.get(url).status_code == 200, name
