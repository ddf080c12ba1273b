"""The outage drill's simulated users: a signed-in session on http.client, every answer kept."""
import http.client
import time
import uuid
from dataclasses import dataclass

from .loadtest import HOST

DOWN_PAGE = "Cơ sở dữ liệu tạm thời không kết nối được"  # the 503 page's title (templates/503.html)


@dataclass
class Answer:
    method: str
    path: str
    status: object  # int, or the text of a refused/dropped connection
    started: float
    ended: float
    body: str = ""
    location: str = ""


class Browser:
    """One simulated user: a signed-in session cookie and the CSRF cookie, http.client on 127.0.0.1."""

    def __init__(self, port, cookie, log):
        self.port = port
        self.cookies = dict([cookie.split("=", 1)])
        self.log = log

    def request(self, method, path, body=None, content_type=None, clock=time.monotonic):
        headers = {"Host": HOST, "Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())}
        if content_type:
            headers["Content-Type"] = content_type
        started = clock()
        connection = http.client.HTTPConnection(HOST, self.port, timeout=90)
        try:
            connection.request(method, path, body=body, headers=headers)
            response = connection.getresponse()
            text = response.read().decode("utf-8", "replace")
            for name, value in response.getheaders():
                if name.lower() == "set-cookie":
                    key, _, rest = value.partition("=")
                    self.cookies[key.strip()] = rest.split(";", 1)[0]
            answer = Answer(method, path, response.status, started, clock(), text, response.getheader("Location", ""))
        except Exception as exc:  # a refused or dropped connection is an answer too (a wrong one)
            answer = Answer(method, path, repr(exc), started, clock())
        finally:
            connection.close()
        self.log(answer)
        return answer

    def get(self, path):
        return self.request("GET", path)

    def post_form(self, path, fields):
        from urllib.parse import urlencode

        return self.request("POST", path, urlencode(fields).encode(), "application/x-www-form-urlencoded")

    def post_file(self, path, fields, name, filename, content):
        boundary = uuid.uuid4().hex
        parts = []
        for key, value in fields.items():
            parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="{key}"\r\n\r\n{value}\r\n'.encode())
        parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; filename="{filename}"\r\n'
                     "Content-Type: application/vnd.openxmlformats-officedocument.spreadsheetml.sheet\r\n\r\n"
                     .encode() + content + b"\r\n")
        parts.append(f"--{boundary}--\r\n".encode())
        return self.request("POST", path, b"".join(parts), f"multipart/form-data; boundary={boundary}")
