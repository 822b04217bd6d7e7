"""Portal to-dos of the titles app (core.registry.todo_provider)."""

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from core.registry import Todo, todo_provider
from core.roles import Role, user_roles
from core.scoping import scoped


@todo_provider
def liaison_title_todos(user) -> list[Todo]:
    from units.selectors import liaison_units

    from . import selectors
    from .models import AppStatus, CultivationRecommendation, MaterialStatus, MaterialSubmission

    if Role.LIAISON not in user_roles(user):
        return []
    today = timezone.localdate()
    year, url = today.year, reverse("titles:home")
    units = list(liaison_units(user).select_related("region"))
    if not units:
        return []
    todos = []
    recommended = set(
        scoped(CultivationRecommendation.objects.all(), user).filter(round__year=year).values_list("unit_id", flat=True)
    )
    subs = {
        (s.unit_id, s.requirement_id): s.status
        for s in scoped(MaterialSubmission.objects.all(), user)
        .filter(requirement__year=year)
        .only("unit_id", "requirement_id", "status")
    }
    for unit in units:
        rnd = selectors.open_round_for(unit, year)
        if rnd and unit.pk not in recommended and rnd.deadline >= today:
            todos.append(
                Todo(_("%(u)s：培育对象推荐") % {"u": unit.name}, url, rnd.deadline, _("待推荐"), _("文明称号"))
            )
        for req in selectors.requirements_for_unit(unit, year):
            status = subs.get((unit.pk, req.pk))
            if status == MaterialStatus.ACCEPTED:
                continue
            label = {None: _("待提交"), MaterialStatus.SUBMITTED: _("待审核"), MaterialStatus.RETURNED: _("已退回")}[
                status
            ]
            todos.append(
                Todo(_("%(u)s：%(n)s") % {"u": unit.name, "n": req.name}, url, req.due_date, label, _("年度材料"))
            )
    for app in (
        selectors.unit_applications_for(user)
        .filter(year__gte=year - 1)
        .exclude(status=AppStatus.NAMED)
        .exclude(status=AppStatus.REJECTED)
    ):
        todos.append(
            Todo(
                _("%(y)d年度%(l)s%(c)s申报") % {"y": app.year, "l": app.level, "c": app.category.name},
                reverse("titles:application", args=[app.pk]),
                app.publicity.end_date if app.publicity else (app.system.application_deadline if app.system else None),
                app.get_status_display(),
                _("称号申报"),
            )
        )
    return todos


@todo_provider
def reviewer_todos(user) -> list[Todo]:
    from . import selectors

    if Role.REVIEWER not in user_roles(user):
        return []
    pending = selectors.assignments_for_reviewer(user).filter(submitted_at__isnull=True, application__status="考评中")
    return [
        Todo(
            _("评审：%(u)s %(c)s") % {"u": a.application.unit.name, "c": a.application.category.name},
            reverse("titles:review_detail", args=[a.pk]),
            None,
            _("待评分"),
            _("评审任务"),
        )
        for a in pending
    ]
