from hallbar.navigation import menu


def navigation(request):
    """The role-aware menu; costs one query (the user's memberships), shared with access checks."""
    return {"menu": menu(request.user) if hasattr(request, "user") else []}
