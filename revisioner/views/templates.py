"""The assessment template: its versions and the criteria of one, grouped by clause."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.generic import ListView, TemplateView

from regions.access import Capability
from revisioner import access, services
from revisioner.models import (
    AssessmentTemplate,
)
from revisioner.views.common import (
    by_clause,
    fail,
)


class TemplateListView(ListView):
    capability = Capability.MEMBER
    template_name = "revisioner/template_list.html"
    context_object_name = "templates"

    def get_queryset(self):
        return AssessmentTemplate.objects.annotate(
            criterion_count=Count("criteria", distinct=True), audit_count=Count("audits", distinct=True)
        )


class TemplateDetailView(TemplateView):
    """A version of the template: criteria grouped by the requirement clause they verify."""

    capability = Capability.MEMBER
    template_name = "revisioner/template_detail.html"

    def get_context_data(self, **kwargs):
        template = get_object_or_404(AssessmentTemplate, pk=self.kwargs["pk"])
        criteria = template.criteria.select_related("clause__version__requirement")
        return super().get_context_data(
            template=template,
            groups=by_clause(criteria, {}),
            can_adopt=access.can_adopt_template(self.request.user, template),
            **kwargs,
        )

    def post(self, request, *args, **kwargs):
        if not access.can_manage_audits(request.user):
            raise Http404
        template = get_object_or_404(AssessmentTemplate, pk=self.kwargs["pk"])
        try:
            services.adopt_template(acting_user=request.user, template=template)
        except ValidationError as error:
            fail(request, error)
        else:
            messages.success(request, _("Mallen är antagen."))
        return redirect(template)
