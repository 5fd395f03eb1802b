"""The secretariat's pages of the priority list (the requirements to develop next, in order, per
period): the list with its recent history, a place's edit page, and taking a place off the list.
Who may is ``Capability.MANAGE_REQUIREMENTS``; the writes are krav.services."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.generic import TemplateView, View

from krav import services
from krav.forms import PriorityEntryForm
from krav.models import PriorityEntry
from regions.access import Capability

HISTORY_ROWS = 15


class PriorityListView(TemplateView):
    """The list as it stands, the form for a new place, and the latest changes with who made them."""

    capability = Capability.MANAGE_REQUIREMENTS
    template_name = "krav/priority_list.html"

    def get_context_data(self, **kwargs):
        entries = PriorityEntry.objects.select_related("requirement")
        history = PriorityEntry.history.select_related("history_user", "requirement")[:HISTORY_ROWS]
        form = kwargs.pop("form", None) or PriorityEntryForm()
        return super().get_context_data(entries=entries, history=history, form=form, **kwargs)

    def post(self, request, *args, **kwargs):
        form = PriorityEntryForm(request.POST)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form), status=400)
        entry = services.save_priority_entry(acting_user=request.user, entry=form.save(commit=False))
        added = _("%(requirement)s står nu på prioriteringslistan.") % {"requirement": entry.requirement}
        messages.success(request, added)
        return redirect("priority_list")


class PriorityEntryEditView(TemplateView):
    capability = Capability.MANAGE_REQUIREMENTS
    template_name = "krav/priority_edit.html"

    def entry(self) -> PriorityEntry:
        return get_object_or_404(PriorityEntry.objects.select_related("requirement"), pk=self.kwargs["pk"])

    def get_context_data(self, **kwargs):
        entry = kwargs.pop("entry", None) or self.entry()
        form = kwargs.pop("form", None) or PriorityEntryForm(instance=entry)
        history = entry.history.select_related("history_user", "requirement")[:HISTORY_ROWS]
        return super().get_context_data(entry=entry, form=form, history=history, **kwargs)

    def post(self, request, *args, **kwargs):
        entry = self.entry()
        form = PriorityEntryForm(request.POST, instance=entry)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(entry=entry, form=form), status=400)
        entry = services.save_priority_entry(acting_user=request.user, entry=form.save(commit=False))
        changed = _("Plats %(position)s på prioriteringslistan är ändrad.") % {"position": entry.position}
        messages.success(request, changed)
        return redirect("priority_list")


class PriorityEntryRemoveView(View):
    capability = Capability.MANAGE_REQUIREMENTS
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        entry = get_object_or_404(PriorityEntry.objects.select_related("requirement"), pk=kwargs["pk"])
        name = str(entry.requirement)
        services.remove_priority_entry(acting_user=request.user, entry=entry)
        messages.success(request, _("%(requirement)s är borttaget från prioriteringslistan.") % {"requirement": name})
        return redirect("priority_list")
