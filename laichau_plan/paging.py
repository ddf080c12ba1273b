"""Query strings for paginated lists (a shared helper: imports no app)."""


def querystring_without_page(request):
    """The current filters as a query string ending in '&', ready for '?...page=N' links."""
    params = request.GET.copy()
    params.pop("page", None)
    encoded = params.urlencode()
    return f"{encoded}&" if encoded else ""
