"""A Helm repository and OCI registry on loopback over HTTPS (Python's http.server under TLS):
the files of FOLDER (`index.yaml` and archives, `/v2/...` OCI artifacts); with HELM_BASIC_AUTH
set (base64 `user:password`), only to requests carrying it. Writes its port to PORTFILE.

Usage: helm-repository-server.py FOLDER CERT KEY PORTFILE (the end-to-end tests and
Benchmarks/oci_login_bench.py).
"""
import functools, http.server, os, ssl, sys
folder, cert, key, portfile = sys.argv[1:5]
class Handler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass
    def authorized(self):
        expected = os.environ.get("HELM_BASIC_AUTH", "")
        if expected and self.headers.get("Authorization", "") != "Basic " + expected:
            self.send_response(401)
            # An OCI client answers a challenge: without one it never sends its login.
            self.send_header("WWW-Authenticate", 'Basic realm="flotilla-test"')
            self.send_header("Content-Length", "0")
            self.end_headers()
            return False
        return True
    def do_GET(self):
        if self.authorized():
            super().do_GET()
    def do_HEAD(self):
        if self.authorized():
            super().do_HEAD()
    def guess_type(self, path):
        if "/manifests/" in path:
            return "application/vnd.oci.image.manifest.v1+json"
        return "application/json" if path.endswith("/list") else "application/octet-stream"
handler = functools.partial(Handler, directory=folder)
server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
context.load_cert_chain(cert, key)
server.socket = context.wrap_socket(server.socket, server_side=True)
with open(portfile + ".tmp", "w") as f:
    f.write(str(server.server_address[1]))
os.rename(portfile + ".tmp", portfile)
server.serve_forever()
