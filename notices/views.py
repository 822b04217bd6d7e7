from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST, require_safe

from core.scoping import get_scoped_or_404

from .selectors import notices_for
from .services import notice_mark_read, notices_mark_all_read


@require_safe
@login_required
def notice_list(request):
    qs = notices_for(request.user)
    if request.GET.get("unread"):
        qs = qs.filter(read_at__isnull=True)
    page = Paginator(qs.order_by("-created_at", "-pk"), 20).get_page(request.GET.get("page"))
    return render(request, "notices/list.html", {"page": page, "only_unread": bool(request.GET.get("unread"))})


@require_safe
@login_required
def notice_detail(request, pk: int):
    notice = get_scoped_or_404(notices_for(request.user).select_related("digest"), request.user, pk=pk)
    deliveries = list(notice.digest.deliveries.all()) if notice.digest_id else []
    notice_mark_read(notice=notice, by=request.user)
    return render(request, "notices/detail.html", {"notice": notice, "deliveries": deliveries})


@require_POST
@login_required
def notice_read_all(request):
    notices_mark_all_read(by=request.user)
    return redirect("notices:list")
