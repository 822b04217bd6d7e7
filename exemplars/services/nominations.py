"""推荐 and 初审: submitting a nomination (unit, public, office), accepting,
rejecting with a reason, merging duplicates of the same person."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.files import validate_document, validate_image
from core.idcard import parse_id_number
from core.scoping import user_unit_ids
from core.workflow import TransitionError, run_transition

from ..models import Nomination, NominationFile, NominationSource, NominationStatus, SelectionRound
from ._common import require_perm

MAX_FILES_PER_KIND = 6
NOMINATION_FIELDS = (
    "category",
    "nominee_name",
    "sex",
    "age",
    "id_number",
    "unit_or_address",
    "region",
    "deeds",
    "deeds_summary",
    "nominator_name",
    "nominator_phone",
)


def _age_on(birth, day) -> int:
    return day.year - birth.year - ((day.month, day.day) < (birth.month, birth.day))


def _clean_person(data: dict, selection_round: SelectionRound) -> dict:
    errors = {}
    if data.get("category") not in selection_round.categories:
        errors["category"] = _("请选择本轮评选的类别")
    region = data.get("region")
    if region is None or not region.code.startswith(selection_round.campaign.region.code):
        errors["region"] = _("所在区划不在本轮评选范围内")
    if not (data.get("nominee_name") or "").strip():
        errors["nominee_name"] = _("请填写被推荐人姓名")
    if not (data.get("deeds") or "").strip():
        errors["deeds"] = _("请填写主要事迹")
    raw_id = (data.get("id_number") or "").strip()
    if raw_id:
        try:
            number, birth, sex = parse_id_number(raw_id)
        except ValidationError as exc:
            errors["id_number"] = exc.messages[0]
        else:
            if data.get("sex") and data["sex"] != sex:
                errors["sex"] = _("性别与身份证号不符")
            data |= {"id_number": number, "birth_date": birth, "sex": sex, "age": _age_on(birth, timezone.localdate())}
    elif not data.get("age"):
        errors["age"] = _("请填写年龄或身份证号")
    if not data.get("sex"):
        errors.setdefault("sex", _("请选择性别"))
    if errors:
        raise ValidationError(errors)
    data["nominee_name"] = data["nominee_name"].strip()
    return data


def _check_files(files) -> None:
    counts = {}
    for kind, upload in files:
        counts[kind] = counts.get(kind, 0) + 1
        if counts[kind] > MAX_FILES_PER_KIND:
            raise ValidationError(_("每类材料最多上传%(n)d个文件") % {"n": MAX_FILES_PER_KIND})
        (validate_image if kind == NominationFile.Kind.PHOTO else validate_document)(upload)


@transaction.atomic
def nomination_submit(
    *, selection_round: SelectionRound, source: str, data: dict, files=(), by=None, unit=None, ip: str | None = None
) -> Nomination:
    """A unit's liaison, a member of the public, or the office nominates someone.

    Units and the public only while the round's nomination window is open; the office
    at any time before publicity. Every nomination starts at 待初审."""
    today = timezone.localdate()
    if source == NominationSource.OFFICE:
        require_perm(by, "exemplars.add_nomination")
        if selection_round.stage in (SelectionRound.Stage.PUBLICITY, SelectionRound.Stage.CLOSED):
            raise TransitionError(_("本轮评选已进入公示，不能再录入推荐"))
    elif not selection_round.nomination_open_on(today):
        raise TransitionError(_("本轮评选当前不在推荐期内"))
    if source == NominationSource.UNIT:
        if unit is None or by is None or unit.pk not in user_unit_ids(by):
            raise PermissionDenied(_("只能以本单位名义推荐"))
        if not unit.region.code.startswith(selection_round.campaign.region.code):
            raise PermissionDenied(_("本单位不在该评选的范围内"))
    if source == NominationSource.PUBLIC:
        if not selection_round.public_nomination:
            raise TransitionError(_("本轮评选不接受群众推荐"))
        if not (data.get("nominator_name") and data.get("nominator_phone")):
            raise ValidationError({"nominator_phone": _("请留下推荐人姓名和联系电话")})
    data = _clean_person({k: v for k, v in data.items() if k in NOMINATION_FIELDS}, selection_round)
    _check_files(files)
    nomination = Nomination.objects.create(
        round=selection_round,
        source=source,
        nominator_unit=unit if source in (NominationSource.UNIT, NominationSource.OFFICE) else None,
        submitted_by=by if getattr(by, "is_authenticated", False) else None,
        submitted_ip=ip,
        **data,
    )
    for kind, upload in files:
        NominationFile.objects.create(nomination=nomination, kind=kind, file=upload, original_name=upload.name[:200])
    return nomination


@transaction.atomic
def nomination_accept(*, nomination: Nomination, by, comment: str = "") -> Nomination:
    run_transition(nomination, "accept", by=by, comment=comment)
    _round_moves_to_review(nomination.round)
    return nomination


@transaction.atomic
def nomination_reject(*, nomination: Nomination, reason: str, by) -> Nomination:
    if not reason.strip():
        raise TransitionError(_("请填写初审未通过的原因"))
    run_transition(nomination, "reject", by=by, comment=reason.strip())
    return nomination


def _same_person(a: Nomination, b: Nomination) -> bool:
    if a.id_number and b.id_number:
        return a.id_number == b.id_number
    return a.nominee_name == b.nominee_name


@transaction.atomic
def nominations_merge(*, target: Nomination, duplicates, by, comment: str = "") -> int:
    """Fold duplicate nominations of the same person into `target`: the duplicates
    become 已合并 (pointing at the target), their files move to the target."""
    require_perm(by, "exemplars.screen_nomination")
    if target.status not in (NominationStatus.SUBMITTED, NominationStatus.REVIEWING):
        raise TransitionError(_("合并目标须为待初审或评审中的推荐"))
    duplicates = [d for d in duplicates if d.pk != target.pk]
    if not duplicates:
        raise TransitionError(_("请至少选择两条推荐进行合并"))
    for dup in duplicates:
        if dup.round_id != target.round_id:
            raise TransitionError(_("只能合并同一轮评选中的推荐"))
        if not _same_person(dup, target):
            raise TransitionError(
                _("“%(a)s”与“%(b)s”不是同一人，不能合并") % {"a": dup.nominee_name, "b": target.nominee_name}
            )
    note = comment or _("与“%(name)s”（编号%(pk)d）重复") % {"name": target.nominee_name, "pk": target.pk}
    for dup in duplicates:
        run_transition(dup, "merge", by=by, comment=note, into=target)
    NominationFile.objects.filter(nomination__in=duplicates).update(nomination=target)
    return len(duplicates)


def _round_moves_to_review(selection_round: SelectionRound) -> None:
    if (
        selection_round.stage == SelectionRound.Stage.NOMINATING
        and timezone.localdate() > selection_round.nomination_end
    ):
        selection_round.stage = SelectionRound.Stage.REVIEWING
        selection_round.save(update_fields=["stage"])
