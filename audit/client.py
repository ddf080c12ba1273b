"""The client's address, as the audit log and the sign-in lock (AXES_CLIENT_IP_CALLABLE) see it."""
import ipaddress

from django.conf import settings


def client_ip(request):
    """The client's address: REMOTE_ADDR, or behind NUMBER_OF_PROXIES trusted reverse proxies,
    the address the outermost of them saw (X-Forwarded-For, counted from the right).

    Only trusted proxies' entries are used: anything further left was written by the client.
    """
    if request is None:
        return None
    remote = request.META.get("REMOTE_ADDR") or None
    proxies = getattr(settings, "NUMBER_OF_PROXIES", 0)
    if proxies <= 0:
        return remote
    forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
    if len(forwarded) < proxies:
        return remote
    candidate = forwarded[-proxies]
    try:
        return str(ipaddress.ip_address(candidate))
    except ValueError:
        return remote
