from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.dates import cn_date
from core.workflow import TransitionError, run_transition
from core.xlsx import Sheet, build_workbook

from ..models import Title, TitleApplication, TitleStatus
from .publicity import naming_blockers


@transaction.atomic
def applications_name(*, applications, doc_number: str, by) -> list[Title]:
    """命名 in bulk: every application must have finished publicity with no open
    objection. Creates each Title or renews the unit's existing one (history kept)."""
    doc_number = doc_number.strip()
    if not doc_number:
        raise TransitionError(_("请填写命名文件文号"))
    ids = [a.pk for a in applications]
    if not ids:
        raise TransitionError(_("请选择要命名的申报"))
    applications = list(
        TitleApplication.objects.select_for_update(of=("self",))
        .filter(pk__in=ids)
        .select_related("unit__region", "category", "publicity")
        .prefetch_related("objections")
        .order_by("unit__name")
    )
    problems = [f"{app.unit.name}：{'；'.join(b)}" for app in applications if (b := naming_blockers(app))]
    if problems:
        raise TransitionError(_("以下申报暂不能命名——%(p)s") % {"p": " / ".join(problems)})
    titles = []
    for app in applications:
        run_transition(app, "name", by=by, comment=doc_number)
        term = app.category.term_years
        title, _created = Title.objects.get_or_create(
            unit=app.unit,
            category=app.category,
            level=app.level,
            defaults={
                "conferred_year": app.year,
                "doc_number": doc_number,
                "term_years": term,
                "term_end_year": app.year + term - 1,
            },
        )
        title.conferred_year, title.doc_number, title.term_years = app.year, doc_number, term
        title.term_end_year = app.year + term - 1
        title.application, title.latest_score = app, app.average_score
        run_transition(title, "confer", by=by, comment=doc_number)
        titles.append(title)
    return titles


NAMING_HEADERS = [
    _("序号"),
    _("单位名称"),
    _("称号"),
    _("级别"),
    _("所属区划"),
    _("命名年度"),
    _("命名文件文号"),
    _("届满年度"),
]


def naming_rows(titles) -> list[list]:
    return [
        [n, t.unit.name, t.category.name, t.level, t.unit.region.name, t.conferred_year, t.doc_number, t.term_end_year]
        for n, t in enumerate(titles, start=1)
    ]


def naming_heading(titles) -> str:
    titles = list(titles)
    years = sorted({t.conferred_year for t in titles})
    year = f"{years[0]}" if len(years) == 1 else (f"{years[0]}—{years[-1]}" if years else "")
    return _("%(year)s年度文明称号命名名单") % {"year": year}


def naming_list_xlsx(titles) -> bytes:
    """Printable as it is: core.xlsx sets A4 landscape, one page wide, header repeated."""
    return build_workbook(
        [
            Sheet(
                _("命名名单"),
                [str(h) for h in NAMING_HEADERS],
                naming_rows(list(titles)),
                widths=[6, 36, 12, 8, 12, 10, 24, 10],
            )
        ]
    )


MAX_DOC_NUMBERS = 3  # named under the title; the table's 命名文件文号 column (Excel) has all


def naming_list_docx(titles, *, office: str = "") -> bytes:
    """命名名单 in Word (core.docx, GB/T 9704): the title, the naming documents' numbers,
    a table whose header repeats on every page, the count and the 落款."""
    from core.docx import CENTER, LEFT, OfficialDocument

    titles = list(titles)
    doc = OfficialDocument()
    doc.title(naming_heading(titles))
    docs = sorted({t.doc_number for t in titles if t.doc_number})
    if docs:
        shown = "、".join(docs[:MAX_DOC_NUMBERS])
        if len(docs) > MAX_DOC_NUMBERS:
            shown = _("%(d)s等%(n)d个文件") % {"d": shown, "n": len(docs)}
        doc.subtitle(_("（命名文件：%(d)s）") % {"d": shown})
    doc.blank()
    columns = [_("序号"), _("单位名称"), _("称号"), _("级别"), _("所属区划")]
    rows = [[n, t.unit.name, t.category.name, t.level, t.unit.region.name] for n, t in enumerate(titles, start=1)]
    doc.table([str(c) for c in columns], rows, [14, 66, 30, 16, 30], align=[CENTER, LEFT, CENTER, CENTER, CENTER])
    doc.paragraph(_("共%(n)d个。") % {"n": len(titles)})
    doc.signature(office, cn_date(timezone.localdate()))
    return doc.to_bytes()


def title_status_label(status: str) -> str:
    return TitleStatus(status).label
