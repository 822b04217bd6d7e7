"""Anonymous pages: what is under publicity (公示) now."""

from itertools import groupby

from django.shortcuts import render
from django.utils import timezone

from .. import selectors


def publicity(request):
    today = timezone.localdate()
    apps = list(selectors.under_publicity(today))
    batches = [(batch, list(items)) for batch, items in groupby(apps, key=lambda a: a.publicity)]
    return render(request, "titles/public/publicity.html", {"batches": batches, "today": today})
