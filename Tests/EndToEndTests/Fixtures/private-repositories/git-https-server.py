"""Git's smart HTTP (`git http-backend`, run as a CGI program) behind HTTPS with basic auth
or a bearer token, on loopback, for Flotilla's private-repository tests.

Usage: git-https-server.py PROJECT_ROOT CERT KEY PORT_FILE LOG_FILE
Environment: SERVER_USER, SERVER_PASSWORD (basic auth), SERVER_TOKEN (bearer).
Writes the chosen port to PORT_FILE once listening; appends one line per request to LOG_FILE
(method, path, status, and the kind of credential offered - never its value).
"""
import base64, hmac, http.server, os, ssl, subprocess, sys

root, cert, key, port_file, log_file = sys.argv[1:6]
user = os.environ.get("SERVER_USER", "")
password = os.environ.get("SERVER_PASSWORD", "")
token = os.environ.get("SERVER_TOKEN", "")


class GitHandler(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        self.serve()

    def do_POST(self):
        self.serve()

    def authorized(self):
        header = self.headers.get("Authorization", "")
        if header.startswith("Basic ") and user:
            try:
                given = base64.b64decode(header[6:]).decode()
            except Exception:
                return "basic", False
            return "basic", hmac.compare_digest(given, user + ":" + password)
        if header.startswith("Bearer ") and token:
            return "bearer", hmac.compare_digest(header[7:], token)
        return "none", False

    def serve(self):
        kind, ok = self.authorized()
        if not ok:
            self.log(401, kind)
            self.send_response(401)
            self.send_header("WWW-Authenticate", 'Basic realm="git"')
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        path, _, query = self.path.partition("?")
        environment = {
            "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
            "GIT_PROJECT_ROOT": root,
            "GIT_HTTP_EXPORT_ALL": "1",
            "REQUEST_METHOD": self.command,
            "PATH_INFO": path,
            "QUERY_STRING": query,
            "REMOTE_USER": user or "token",
            "REMOTE_ADDR": self.client_address[0],
            "CONTENT_TYPE": self.headers.get("Content-Type", ""),
        }
        for name, value in self.headers.items():
            environment["HTTP_" + name.upper().replace("-", "_")] = value
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        environment["CONTENT_LENGTH"] = str(len(body))
        backend = subprocess.run(["git", "http-backend"], input=body, env=environment, capture_output=True)
        head, _, content = backend.stdout.partition(b"\r\n\r\n")
        status = 200
        headers = []
        for line in head.decode("latin-1").split("\r\n"):
            name, _, value = line.partition(":")
            if name.lower() == "status":
                status = int(value.strip().split()[0])
            elif name:
                headers.append((name, value.strip()))
        self.log(status, kind)
        self.send_response(status)
        for name, value in headers:
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(content)))
        self.end_headers()
        self.wfile.write(content)

    def log(self, status, kind):
        with open(log_file, "a") as log:
            log.write(f"{self.command} {self.path.partition('?')[0]} {status} {kind}\n")

    def log_message(self, format, *args):
        pass


server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), GitHandler)
context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
context.load_cert_chain(cert, key)
server.socket = context.wrap_socket(server.socket, server_side=True)
with open(port_file + ".tmp", "w") as f:
    f.write(str(server.server_address[1]))
os.rename(port_file + ".tmp", port_file)
server.serve_forever()
