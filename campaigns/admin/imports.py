"""Upload → preview (per-row errors) → confirm, for the framework and the
decomposition table. The file waits in private storage between the two steps."""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.imports import ImportRejected
from core.workflow import TransitionError

from ..services.staging import drop_staged, open_staged, stage_upload


class UploadForm(forms.Form):
    file = forms.FileField(label=gettext_lazy("Excel 文件（.xlsx）"))


def import_flow(request, model_admin, *, framework, kind: str, parse, apply, template: str, title: str, done_url):
    if not model_admin.has_change_permission(request, framework):
        raise PermissionDenied
    session_key = f"campaigns_import_{kind}_{framework.pk}"
    context = {
        **model_admin.admin_site.each_context(request),
        "opts": model_admin.model._meta,
        "framework": framework,
        "title": title,
        "form": UploadForm(),
    }
    if request.method == "POST" and "confirm" in request.POST:
        token, name = request.session.get(session_key, (None, None))
        if token != request.POST.get("token"):
            messages.error(request, _("预览已过期，请重新上传文件"))
            return redirect(request.path)
        try:
            with open_staged(token) as staged:
                staged.name = name
                preview = apply(file=staged, file_name=name)
        except FileNotFoundError:
            messages.error(request, _("预览已过期，请重新上传文件"))
            return redirect(request.path)
        except ImportRejected as exc:
            drop_staged(token)
            request.session.pop(session_key, None)
            messages.error(request, str(exc))
            return redirect(request.path)
        except TransitionError as exc:
            messages.error(request, str(exc))
            return redirect(request.path)
        drop_staged(token)
        request.session.pop(session_key, None)
        messages.success(request, _("导入完成：共%(n)d行") % {"n": len(preview.rows)})
        return redirect(done_url)
    if request.method == "POST":
        form = UploadForm(request.POST, request.FILES)
        context["form"] = form
        if form.is_valid():
            upload = form.cleaned_data["file"]
            try:
                preview = parse(file=upload)
            except ValidationError as exc:
                form.add_error("file", "；".join(exc.messages))
            else:
                context.update({"preview": preview, "file_name": upload.name})
                if preview.ok:  # a refused file is not kept: only a clean one waits for 确认
                    upload.seek(0)
                    token = stage_upload(upload)
                    request.session[session_key] = (token, upload.name)
                    context["token"] = token
    return render(request, template, context)
