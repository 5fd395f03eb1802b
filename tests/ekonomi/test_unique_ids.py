"""The year's page has its allocation, cost and budget forms side by side: every id on it is unique, so
each label names its own field (the cost's and the budget's "Kostnadsslag" and "Belopp")."""

import re

from django.urls import reverse


def test_every_id_on_the_year_s_page_is_unique(client, demo_finance, kansliet, frida):
    for user, year in ((kansliet, 2025), (frida, 2025), (kansliet, 2024)):
        client.force_login(user)
        html = client.get(reverse("fiscal_year_detail", args=[year])).content.decode()
        ids = re.findall(r'\sid="([^"]+)"', html)
        assert sorted({i for i in ids if ids.count(i) > 1}) == []
        targets = re.findall(r'<label for="([^"]+)"', html)
        assert all(ids.count(target) == 1 for target in targets)
        if user == kansliet and year == 2025:
            assert len(targets) >= 8  # the allocation, the cost and the budget forms are all there
