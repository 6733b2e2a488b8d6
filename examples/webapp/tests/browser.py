#!/usr/bin/env python3
"""Drives the running example app in headless Chromium as a person would.

usage: browser.py BASE_URL OUT_DIR

Opens Chromium with the DevTools protocol (a tiny WebSocket client below,
standard library only), logs in by typing into the form, adds a task,
ticks a checkbox, prints, logs out, and checks what the pages show (the
DOM and computed styles). Every page is laid out at 360 px (a phone) and
1280 px (a laptop) and must fit without sideways scrolling. Saves
screenshots of the main pages at both widths and the HTML
of every page (fetched over plain HTTP, logged in where needed) in OUT_DIR
for the Nu Html Checker. Prints "N passed, 0 failed" at the end.
"""

import base64
import http.cookiejar
import json
import os
import shutil
import socket
import struct
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request

CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-extensions",
    "--hide-scrollbars",
    "--remote-debugging-port=0",
]
WIDTH, HEIGHT = 1280, 800
PHONE = 360
ACCENT = "rgb(47, 111, 222)"

passed = 0


def check(condition, what):
    global passed
    if not condition:
        raise AssertionError(what)
    passed += 1
    print(f"ok: {what}")


class DevTools:
    """The DevTools protocol over a WebSocket (RFC 6455, client side)."""

    def __init__(self, ws_url):
        url = urllib.parse.urlparse(ws_url)
        self.sock = socket.create_connection((url.hostname, url.port), timeout=60)
        key = base64.b64encode(os.urandom(16)).decode()
        self.sock.sendall(
            (
                f"GET {url.path} HTTP/1.1\r\nHost: {url.hostname}:{url.port}\r\n"
                "Upgrade: websocket\r\nConnection: Upgrade\r\n"
                f"Sec-WebSocket-Key: {key}\r\nSec-WebSocket-Version: 13\r\n\r\n"
            ).encode()
        )
        data = b""
        while b"\r\n\r\n" not in data:
            chunk = self.sock.recv(4096)
            if not chunk:
                raise EOFError("DevTools closed during the handshake")
            data += chunk
        head, self.buf = data.split(b"\r\n\r\n", 1)
        if b" 101 " not in head.split(b"\r\n")[0]:
            raise RuntimeError(f"WebSocket handshake failed: {head[:200]!r}")
        self.last_id = 0
        self.session = None

    def _send(self, text):
        data = text.encode()
        mask = os.urandom(4)
        n = len(data)
        if n < 126:
            head = struct.pack("!BB", 0x81, 0x80 | n)
        elif n < 65536:
            head = struct.pack("!BBH", 0x81, 0x80 | 126, n)
        else:
            head = struct.pack("!BBQ", 0x81, 0x80 | 127, n)
        masked = bytes(b ^ mask[i % 4] for i, b in enumerate(data))
        self.sock.sendall(head + mask + masked)

    def _read(self, n):
        while len(self.buf) < n:
            chunk = self.sock.recv(1 << 16)
            if not chunk:
                raise EOFError("DevTools closed the connection")
            self.buf += chunk
        out, self.buf = self.buf[:n], self.buf[n:]
        return out

    def _receive(self):
        message = b""
        while True:
            b0, b1 = self._read(2)
            n = b1 & 0x7F
            if n == 126:
                (n,) = struct.unpack("!H", self._read(2))
            elif n == 127:
                (n,) = struct.unpack("!Q", self._read(8))
            payload = self._read(n)
            opcode = b0 & 0x0F
            if opcode == 8:
                raise EOFError("DevTools sent close")
            if opcode in (9, 10):
                continue
            message += payload
            if b0 & 0x80:
                return json.loads(message)

    def call(self, method, **params):
        self.last_id += 1
        message = {"id": self.last_id, "method": method, "params": params}
        if self.session and not method.startswith("Target."):
            message["sessionId"] = self.session
        self._send(json.dumps(message))
        while True:
            reply = self._receive()
            if reply.get("id") == self.last_id:
                if "error" in reply:
                    raise RuntimeError(f"{method}: {reply['error']}")
                return reply["result"]

    def js(self, expression):
        result = self.call("Runtime.evaluate", expression=expression, returnByValue=True, awaitPromise=True)
        if "exceptionDetails" in result:
            raise RuntimeError(f"{expression}: {result['exceptionDetails']}")
        return result["result"].get("value")

    def wait(self, expression, what, timeout=15):
        deadline = time.time() + timeout
        while time.time() < deadline:
            try:
                if self.js(expression):
                    return
            except RuntimeError:
                pass  # the page is navigating
            time.sleep(0.05)
        raise AssertionError(f"timed out waiting for {what}: {expression}")

    def open(self, url):
        self.call("Page.navigate", url=url)
        path = urllib.parse.urlparse(url).path
        self.loaded(path)

    def loaded(self, path):
        self.wait(
            f"location.pathname === {json.dumps(path)} && document.readyState === 'complete'",
            f"{path} to load",
        )

    def text(self, selector):
        return self.js(f"(document.querySelector({json.dumps(selector)}) || {{}}).textContent || null")

    def count(self, selector):
        return self.js(f"document.querySelectorAll({json.dumps(selector)}).length")

    def style(self, selector, prop):
        return self.js(f"getComputedStyle(document.querySelector({json.dumps(selector)}))[{json.dumps(prop)}]")

    def viewport(self, width, height=HEIGHT):
        self.call("Emulation.setDeviceMetricsOverride", width=width, height=height, deviceScaleFactor=1,
                  mobile=width < 800, screenWidth=width, screenHeight=height)

    def screenshot(self, path, width=WIDTH):
        self.viewport(width)
        height = self.js("Math.max(document.documentElement.scrollHeight, %d)" % HEIGHT)
        self.viewport(width, height)
        shot = self.call("Page.captureScreenshot", format="png")
        self.viewport(WIDTH)
        with open(path, "wb") as f:
            f.write(base64.b64decode(shot["data"]))
        print(f"screenshot: {path}")

    def fits(self, name, out=None, must_show=()):
        """The page fits 360 and 1280 px without sideways scrolling, and
        each of `must_show` is inside the viewport at both widths."""
        for width in (PHONE, WIDTH):
            self.viewport(width)
            self.wait(f"screen.width === {width}", f"a {width} px screen")
            # On a phone the layout viewport grows to the widest content.
            scroll = self.js("Math.max(innerWidth, document.documentElement.scrollWidth)")
            check(scroll <= width, f"{name} fits {width} px (page {scroll} px wide)")
            for selector in must_show:
                right = self.js(f"document.querySelector({json.dumps(selector)}).getBoundingClientRect().right")
                check(0 < right <= width, f"{name} at {width} px shows {selector} (right edge {right:.0f})")
            if out:
                suffix = "" if width == WIDTH else f"-{width}"
                self.screenshot(os.path.join(out, f"webapp-{name}{suffix}.png"), width)
        self.viewport(WIDTH)


def start_chromium(profile):
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if not chromium:
        sys.exit("chromium is not installed")
    proc = subprocess.Popen(
        [chromium, *CHROMIUM_FLAGS, f"--user-data-dir={profile}", f"--window-size={WIDTH},{HEIGHT}", "about:blank"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    port_file = os.path.join(profile, "DevToolsActivePort")
    deadline = time.time() + 60
    while time.time() < deadline:
        if os.path.exists(port_file):
            lines = open(port_file).read().split()
            if len(lines) >= 2:
                return proc, f"ws://127.0.0.1:{lines[0]}{lines[1]}"
        if proc.poll() is not None:
            sys.exit(f"chromium exited with {proc.returncode}")
        time.sleep(0.1)
    proc.kill()
    sys.exit("chromium did not open its DevTools port")


def browse(base, out):
    profile = tempfile.mkdtemp(prefix="webapp-chromium-")
    proc, ws = start_chromium(profile)
    try:
        b = DevTools(ws)
        target = b.call("Target.createTarget", url="about:blank")["targetId"]
        b.session = b.call("Target.attachToTarget", targetId=target, flatten=True)["sessionId"]
        b.call("Page.enable")
        b.viewport(WIDTH)

        # The member list: extends base.html, a for loop, custom filters, the stylesheet.
        b.open(f"{base}/")
        check(b.text("h1") == "Members", "member list heading")
        check(b.count("table.members tbody tr") == 4, "four members listed")
        check(b.text("table.members tbody tr td .avatar") == "AL", "initials filter in the first row")
        check(b.style("header.top", "backgroundColor") == "rgb(29, 35, 48)", "the stylesheet from /static/ applies")
        check(b.js("document.title") == "Members · Shopping list", "page title from the block")
        b.fits("members", out, must_show=['a.button[href="/login"]', "table.members th:last-child"])

        # The guard: the task list asks for a login.
        b.open(f"{base}/tasks")
        check("Please log in to see your tasks." in (b.text(".message") or ""), "the guard shows the login page with a message")
        b.fits("login", out, must_show=["form.card button"])

        # A wrong password, typed in.
        b.js("document.querySelector('#username').value = 'ada'; document.querySelector('#password').value = 'wrong';"
             "document.querySelector('form.card button').click()")
        b.wait("document.readyState === 'complete' && !!document.querySelector('.message') &&"
               " document.querySelector('.message').textContent.includes('Wrong')", "the wrong-password message")
        check(b.js("document.querySelector('#username').value") == "ada", "the user name is kept after a failed login")

        # The right one.
        b.js("document.querySelector('#password').value = 'lovelace'; document.querySelector('form.card button').click()")
        b.loaded("/tasks")
        check(b.text("h1") == "Ada Lovelace, here is your list", "logged in, the task list shows")
        check(b.count("ul.tasks li.task") == 3, "three task rows (spinneret widgets)")
        check(b.style("li.done .title", "textDecorationLine") == "line-through", "a done task is struck through")
        check(b.js("document.querySelector('li.done input[type=checkbox]').checked") is True, "a done task's checkbox is checked")
        check(b.js("[...document.querySelectorAll('li.task:not(.done) input[type=checkbox]')].every(c => !c.checked)"),
              "open tasks' checkboxes are not checked")

        # Bad input comes back with a message, never a 500.
        b.js("document.querySelector('#title').value = '   '; document.querySelector('form.add button').click()")
        b.wait("document.readyState === 'complete' && !!document.querySelector('#title-error')", "the validation message")
        check(b.text("#title-error") == "Please write what to do or buy.", "empty task refused with a clear message")

        # A good task.
        b.js("document.querySelector('#title').value = 'Oat milk'; document.querySelector('form.add button').click()")
        b.wait("document.readyState === 'complete' && !document.querySelector('#title-error') &&"
               " [...document.querySelectorAll('li.task .title')].some(t => t.textContent === 'Oat milk')", "the new task")
        check(b.count("ul.tasks li.task") == 4, "the new task is listed")

        # Ticking a checkbox submits its form (fragments.js on change) and the row is done:
        # static/fragments.js sends it with HX-Request and swaps in the list
        # the server renders (the block `tasks`), without loading the page.
        b.js("window.notReloaded = true; [...document.querySelectorAll('li.task')]"
             ".find(li => li.querySelector('.title').textContent === 'Milk')"
             ".querySelector('input[type=checkbox]').click()")
        b.wait("document.readyState === 'complete' && [...document.querySelectorAll('li.task.done .title')]"
               ".some(t => t.textContent === 'Milk')", "Milk to be done")
        check(b.js("window.notReloaded === true"), "the list was updated in place (a fragment, no page load)")
        check(b.text("p.lead") == "2 open tasks of 4 tasks.", "the counts were updated with the list")
        check(b.js("document.activeElement.matches('li.task.done input[type=checkbox]')"),
              "the focus is back on the ticked checkbox")
        check(b.js("[...document.querySelectorAll('li.task')].find(li => li.querySelector('.title').textContent === 'Milk')"
                   ".querySelector('input[type=checkbox]').checked") is True, "the ticked task stays checked")
        b.open(f"{base}/tasks")
        check(b.js("[...document.querySelectorAll('li.task')].find(li => li.querySelector('.title').textContent === 'Milk')"
                   ".querySelector('input[type=checkbox]').checked") is True, "the ticked task stays checked after reload")
        b.fits("tasks", out, must_show=["form.inline button", "form.add button", "ul.tasks li button"])

        # The printable page, built with with_page!.
        b.open(f"{base}/tasks/print")
        check(b.text("h1") == "Ada Lovelace, here is your shopping list:", "printable page heading")
        items = b.js("[...document.querySelectorAll('#shopping-list li')].map(li => li.textContent)")
        check(items == ["Eggs & bread", "Oat milk"], f"printable list holds the open tasks ({items})")
        check(b.style("main.print a", "color") == ACCENT, "the printable page's link has the site's colour")
        b.fits("print", out)

        # The longest title, one unbroken word, still fits a phone (here and printed).
        b.open(f"{base}/tasks")
        b.js("document.querySelector('#title').value = 'x'.repeat(120); document.querySelector('form.add button').click()")
        b.wait("document.readyState === 'complete' && document.querySelectorAll('ul.tasks li.task').length === 5", "the long task")
        b.fits("tasks-long-title", must_show=["ul.tasks li button"])
        b.open(f"{base}/tasks/print")
        b.fits("print-long-title")

        # 404, then log out.
        b.open(f"{base}/no/such/page")
        check(b.text("h1") == "Not found", "the 404 page")
        check(b.style("main a", "color") == ACCENT, "the 404 page's link has the site's colour")
        b.fits("not-found")
        b.open(f"{base}/")
        b.fits("members-logged-in", must_show=["form.inline button", "table.members th:last-child"])
        b.js("document.querySelector('form.inline button').click()")
        b.wait("document.readyState === 'complete' && !!document.querySelector('a.button[href=\"/login\"]')", "logged out")
        check(b.count("form.inline") == 0, "logged out: no logout button")
        b.open(f"{base}/tasks")
        check("Please log in" in (b.text(".message") or ""), "after logout the guard applies again")
    finally:
        proc.terminate()
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()
        shutil.rmtree(profile, ignore_errors=True)


class Fetch:
    """Plain HTTP with a cookie jar, for the HTML the checker validates."""

    def __init__(self, base):
        self.base = base
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))

    def get(self, path, data=None):
        body = urllib.parse.urlencode(data).encode() if data is not None else None
        try:
            with self.opener.open(self.base + path, body, timeout=30) as r:
                return r.status, r.read().decode()
        except urllib.error.HTTPError as e:
            return e.code, e.read().decode()

    def csrf(self, html):
        marker = 'name="csrfmiddlewaretoken" value="'
        start = html.index(marker) + len(marker)
        return html[start:html.index('"', start)]


def save_pages(base, out):
    pages = os.path.join(out, "pages")
    os.makedirs(pages, exist_ok=True)
    f = Fetch(base)

    def save(name, status, html, expected):
        check(status == expected, f"{name}: HTTP {status}")
        with open(os.path.join(pages, name + ".html"), "w") as fh:
            fh.write(html)

    save("members-anonymous", *f.get("/"), 200)
    save("not-found", *f.get("/nope"), 404)
    status, login = f.get("/login")
    save("login", status, login, 200)
    save("guard", *f.get("/tasks"), 200)
    token = f.csrf(login)
    save("login-wrong", *f.get("/login", {"csrfmiddlewaretoken": token, "username": "ada", "password": "x"}), 422)
    save("forbidden", *f.get("/login", {"csrfmiddlewaretoken": "forged", "username": "ada", "password": "x"}), 403)
    status, tasks = f.get("/login", {"csrfmiddlewaretoken": token, "username": "grace", "password": "hopper", "next": "/tasks"})
    save("tasks", status, tasks, 200)
    token = f.csrf(tasks)
    save("tasks-error", *f.get("/tasks", {"csrfmiddlewaretoken": token, "title": ""}), 422)
    save("print", *f.get("/tasks/print"), 200)
    save("members-logged-in", *f.get("/"), 200)
    return pages


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    base, out = sys.argv[1].rstrip("/"), sys.argv[2]
    os.makedirs(out, exist_ok=True)
    browse(base, out)
    pages = save_pages(base, out)
    print(f"pages for the Nu Html Checker: {pages}")
    print(f"{passed} passed, 0 failed")


if __name__ == "__main__":
    main()
