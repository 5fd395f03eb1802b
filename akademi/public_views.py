"""The links of the academy's e-mails to people without an account: confirm a registration, and
cancel it (a page with a button, so that a mail program that opens links does not cancel). The
links are signed (akademi.services.confirm_link, cancel_link); a link that does not hold answers 404."""

from django.core.exceptions import ValidationError
from django.views.generic import TemplateView

from akademi import services
from regions.access import Capability


class _LinkView(TemplateView):
    capability = Capability.PUBLIC
    template_name = "akademi/public_registration_link.html"

    def refused(self, error, status=404):
        return self.render_to_response({"refused": " ".join(getattr(error, "messages", [str(error)]))}, status=status)


class ConfirmRegistrationView(_LinkView):
    def get(self, request, *args, **kwargs):
        try:
            registration = services.confirm_external(token=self.kwargs["token"])
        except services.LinkRefused as error:
            return self.refused(error)
        return self.render_to_response({"confirmed": registration, "event": registration.event})


class CancelRegistrationView(_LinkView):
    def get(self, request, *args, **kwargs):
        try:
            with services.transaction.atomic():
                registration = services.registration_of_link(self.kwargs["token"], salt=services.CANCEL_SALT)
        except services.LinkRefused as error:
            return self.refused(error)
        if registration.status == services.Status.CANCELLED:
            return self.refused(services.LinkRefused(services.MESSAGE_LINK_USED))
        return self.render_to_response({"to_cancel": registration, "event": registration.event})

    def post(self, request, *args, **kwargs):
        try:
            registration = services.cancel_external(token=self.kwargs["token"])
        except services.LinkRefused as error:
            return self.refused(error)
        except ValidationError as error:  # the event has begun
            return self.refused(error, status=400)
        return self.render_to_response({"cancelled": registration, "event": registration.event})
