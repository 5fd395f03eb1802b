from allauth.socialaccount.providers.saml.urls import urlpatterns

__all__ = ["urlpatterns"]
