from django.conf import settings
from django.utils.translation import gettext_lazy as _

from .roles import Role, user_roles


def site(request):
    roles = user_roles(getattr(request, "user", None))
    return {
        "SITE_NAME": _("文明创建管理系统"),
        "user_roles": roles,
        "is_office_staff": Role.STAFF in roles or getattr(request.user, "is_superuser", False),
        "is_liaison": Role.LIAISON in roles,
        "is_official": Role.OFFICIAL in roles,
        "DEBUG": settings.DEBUG,
    }
