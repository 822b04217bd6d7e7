"""Portal to-dos: liaisons (open rounds), reviewers (nominations to score), office
staff (screening, objections, publicity ended)."""

from django.db.models import Count, Min, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from core.registry import Todo, todo_provider
from core.roles import Role, user_roles
from units.selectors import liaison_units

from . import selectors
from .models import NominationStatus


@todo_provider
def exemplar_todos(user) -> list[Todo]:
    roles = user_roles(user)
    items: list[Todo] = []
    if Role.LIAISON in roles:
        seen = set()
        for unit in liaison_units(user).select_related("region"):
            for r in selectors.rounds_open_for_unit(unit):
                if r.pk in seen:
                    continue
                seen.add(r.pk)
                items.append(Todo(title=_("推荐%(r)s人选") % {"r": r.name}, url=reverse("exemplars:nominate", args=[r.pk]),
                                  due=r.nomination_end, status=_("征集中"), category=_("先进典型")))  # fmt: skip
    if Role.REVIEWER in roles:
        pending = selectors.assignments_for_reviewer(user).filter(
            submitted_at__isnull=True, nomination__status=NominationStatus.REVIEWING
        )
        for a in pending[:50]:
            items.append(Todo(title=_("评审：%(n)s（%(c)s）") % {"n": a.nomination.nominee_name, "c": a.nomination.category},
                              url=reverse("exemplars:review", args=[a.pk]), status=_("待评审"), category=_("先进典型")))  # fmt: skip
    if Role.STAFF in roles:
        rows = (
            selectors.nominations_for(user)
            .order_by()
            .values("round", "round__campaign__name")
            .annotate(
                waiting=Count("pk", filter=Q(status=NominationStatus.SUBMITTED), distinct=True),
                objections=Count("objections", filter=Q(objections__resolved=False), distinct=True),
                publicity_end=Min("publicity_end", filter=Q(status=NominationStatus.PUBLICITY)),
            )
        )
        changelist = reverse("admin:exemplars_nomination_changelist")
        today = timezone.localdate()
        for r in rows:
            name = r["round__campaign__name"]
            if r["waiting"]:
                items.append(Todo(title=_("%(r)s：%(n)d条推荐待初审") % {"r": name, "n": r["waiting"]},
                                  url=f"{changelist}?round__id__exact={r['round']}&status__exact=submitted",
                                  status=_("待初审"), category=_("先进典型")))  # fmt: skip
            if r["objections"]:
                items.append(Todo(title=_("%(r)s：%(n)d条公示异议待处理") % {"r": name, "n": r["objections"]},
                                  url=reverse("admin:exemplars_objection_changelist") + "?resolved__exact=0",
                                  status=_("待处理"), category=_("先进典型")))  # fmt: skip
            if r["publicity_end"]:
                status = _("可表彰") if r["publicity_end"] < today else _("公示中")
                items.append(Todo(title=_("%(r)s：公示期结束后表彰") % {"r": name}, due=r["publicity_end"],
                                  url=f"{changelist}?round__id__exact={r['round']}&status__exact=publicity",
                                  status=status, category=_("先进典型")))  # fmt: skip
    return items
