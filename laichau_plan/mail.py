"""The portal's e-mails: a subject, a text and an HTML template per message under templates/emails/,
signed by the department, always in the portal's language (Vietnamese) whatever the page's."""
from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.utils import translation


def base_url():
    """Where the portal is reached, for links in e-mails (the PORTAL_BASE_URL setting)."""
    return settings.PORTAL_BASE_URL.rstrip("/")


def render_message(name, context, to, *, connection=None):
    """The e-mail ``name``: subject, text and HTML from templates/emails/<name>_subject.txt,
    <name>.txt and <name>.html, with the department's signature; in the portal's language."""
    context = {**context, "department": settings.PORTAL_DEPARTMENT_NAME, "province": settings.PORTAL_PROVINCE_NAME}
    with translation.override(settings.LANGUAGE_CODE):
        subject = " ".join(render_to_string(f"emails/{name}_subject.txt", context).split())
        message = EmailMultiAlternatives(
            subject=subject, body=render_to_string(f"emails/{name}.txt", context), to=to, connection=connection,
        )
        message.attach_alternative(render_to_string(f"emails/{name}.html", context), "text/html")
    return message
