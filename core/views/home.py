from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render

from core.roles import Role, user_roles


def landing(request):
    if request.user.is_authenticated:
        return redirect("home")
    return render(request, "public/landing.html")


@login_required
def home(request):
    """Send each person to where they work: staff to the admin, officials to their
    dashboard, everyone else to the portal."""
    roles = user_roles(request.user)
    if request.user.is_superuser or (Role.STAFF in roles and request.user.is_staff):
        return redirect("admin:index")
    if Role.OFFICIAL in roles:
        return redirect("dashboards:home")
    return redirect("portal:home")
